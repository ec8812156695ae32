import { isAdmin, policyAreasWithRole, type AuthUser } from '../auth/auth-user.js';
import type { SqlParams } from '../../common/database/sql-params.js';

/**
 * Who may see which proposal, written once as SQL so that lists, counts and single reads agree:
 * - the lead (owner) and co-editors see their own proposals;
 * - reviewers see the proposals they are assigned to;
 * - steering group members see proposals of their policy area that are in, or have been through, the
 *   steering group (a written procedure exists);
 * - coordinators see every proposal of their policy area;
 * - admins see every proposal.
 * Anyone else must not learn that a proposal exists (404).
 */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
  coordinatorAreas: string[];
  steeringAreas: string[];
  chairAreas: string[];
}

export function viewerOf(user: AuthUser): Viewer {
  return {
    userId: user.id,
    isAdmin: isAdmin(user),
    coordinatorAreas: policyAreasWithRole(user, 'coordinator'),
    steeringAreas: policyAreasWithRole(user, 'steering_group_member'),
    chairAreas: user.grants
      .filter(
        (grant) => grant.role === 'steering_group_member' && grant.isChair && grant.policyAreaId !== null,
      )
      .map((grant) => grant.policyAreaId as string),
  };
}

/**
 * A boolean SQL expression over proposal alias `p`: true when the viewer may see the row. Only the clauses
 * that can be true for this viewer are emitted, so the planner is not handed ORs that can never match.
 */
export function visibleProposalPredicate(p: string, viewer: Viewer, params: SqlParams): string {
  if (viewer.isAdmin) return 'TRUE';
  const user = params.add(viewer.userId);
  const personal = `SELECT pp.id FROM proposals pp WHERE pp.owner_id = ${user}
      UNION ALL SELECT ce.proposal_id FROM proposal_co_editors ce WHERE ce.user_id = ${user}
      UNION ALL SELECT ra.proposal_id FROM review_assignments ra WHERE ra.reviewer_id = ${user}`;
  if (viewer.coordinatorAreas.length === 0 && viewer.steeringAreas.length === 0) {
    // Only personal links (a lead, a co-editor, a reviewer): a handful of ids found through their own
    // indexes, instead of walking every proposal in sort order.
    return `${p}.id IN (${personal})`;
  }
  // Uncorrelated IN (…) subqueries are hashed once per statement, so walking a sorted index stays cheap.
  const clauses = [
    `${p}.owner_id = ${user}`,
    `${p}.id IN (SELECT ce.proposal_id FROM proposal_co_editors ce WHERE ce.user_id = ${user})`,
    `${p}.id IN (SELECT ra.proposal_id FROM review_assignments ra WHERE ra.reviewer_id = ${user})`,
  ];
  if (viewer.coordinatorAreas.length > 0) {
    clauses.push(`${p}.policy_area_id = ANY(${params.add(viewer.coordinatorAreas)}::uuid[])`);
  }
  if (viewer.steeringAreas.length > 0) {
    clauses.push(
      `(${p}.policy_area_id = ANY(${params.add(viewer.steeringAreas)}::uuid[]) AND (${p}.state = 'steering_group'
        OR ${p}.id IN (SELECT wp.proposal_id FROM written_procedures wp)))`,
    );
  }
  return `(${clauses.join('\n   OR ')})`;
}

/**
 * The viewer's relation to one proposal row `p`, as SQL columns (for a page of rows or a single read):
 * is_owner, is_co_editor, is_coordinator, is_chair, is_steering_member, reviewer_state.
 */
export function relationColumns(p: string, viewer: Viewer, params: SqlParams): string {
  const user = params.add(viewer.userId);
  const coordinatorAreas = params.add(viewer.coordinatorAreas);
  const steeringAreas = params.add(viewer.steeringAreas);
  const chairAreas = params.add(viewer.chairAreas);
  return `${p}.owner_id = ${user} AS is_owner,
    EXISTS (SELECT 1 FROM proposal_co_editors ce WHERE ce.proposal_id = ${p}.id AND ce.user_id = ${user}) AS is_co_editor,
    ${p}.policy_area_id = ANY(${coordinatorAreas}::uuid[]) AS is_coordinator,
    ${p}.policy_area_id = ANY(${chairAreas}::uuid[]) AS is_chair,
    (${p}.policy_area_id = ANY(${steeringAreas}::uuid[]) AND (${p}.state = 'steering_group'
      OR EXISTS (SELECT 1 FROM written_procedures wp WHERE wp.proposal_id = ${p}.id))) AS is_steering_member,
    (SELECT ra.state FROM review_assignments ra WHERE ra.proposal_id = ${p}.id AND ra.reviewer_id = ${user}) AS reviewer_state`;
}

export interface RelationRow {
  is_owner: boolean;
  is_co_editor: boolean;
  is_coordinator: boolean;
  is_chair: boolean;
  is_steering_member: boolean;
  reviewer_state: string | null;
}

/**
 * How much of a proposal the viewer may read. `lead`: the owner and co-editors (never internal comments or
 * internal history). `secretariat`: coordinators, cleared reviewers, steering group members, admins.
 * `summary`: a reviewer who has not declared the absence of a conflict (or has a conflict) sees only title
 * and summary. `none`: must not learn the proposal exists. The lead side wins when a person is both.
 */
export type ReadLevel = 'lead' | 'secretariat' | 'summary' | 'none';

export function readLevel(relation: RelationRow, viewer: Pick<Viewer, 'isAdmin'>): ReadLevel {
  if (relation.is_owner || relation.is_co_editor) return 'lead';
  if (viewer.isAdmin || relation.is_coordinator || relation.is_steering_member) return 'secretariat';
  if (relation.reviewer_state === 'cleared' || relation.reviewer_state === 'completed') return 'secretariat';
  if (relation.reviewer_state !== null) return 'summary';
  return 'none';
}
