import type { ProposalState } from './domain/proposal-state-machine.js';
import type { FundingSource, IndicatorContribution, Partner } from './entities/proposal.entity.js';

export interface ProposalActionView {
  id: string;
  code: string;
  title: string;
  retired: boolean;
}

export interface DeliverableView {
  id: string;
  position: number;
  title: string;
  dueDate: string | null;
  indicatorId: string | null;
  indicatorCode: string | null;
  plannedValue: number | null;
  isMilestone: boolean;
  status: string;
}

export interface CoEditorView {
  id: string;
  email: string;
  userId: string | null;
  name: string | null;
  createdAt: string;
}

/** The content of a proposal, read in one statement (CORE_SQL); the same shape is frozen into revisions. */
export interface ProposalCore {
  id: string;
  reference: string;
  policyArea: { id: string; code: string };
  state: ProposalState;
  version: number;
  revision: number;
  title: string;
  acronym: string | null;
  summary: string;
  owner: { id: string; name: string; organisation: string };
  leadOrganisation: string | null;
  leadCountry: string | null;
  partners: Partner[];
  countries: string[];
  periodStart: string | null;
  periodEnd: string | null;
  budgetEur: number | null;
  fundingSources: FundingSource[];
  indicatorContributions: IndicatorContribution[];
  actions: ProposalActionView[];
  deliverables: DeliverableView[];
  coEditors: CoEditorView[];
  submittedAt: string | null;
  approvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The content of proposal `id` (a placeholder such as $1). */
export function coreSql(id: string): string {
  return `
  SELECT p.id, p.reference, json_build_object('id', pa.id, 'code', pa.code) AS "policyArea",
         p.state, p.version, p.revision, p.title, p.acronym, p.summary,
         json_build_object('id', u.id, 'name', u.name, 'organisation', u.organisation) AS owner,
         p.lead_organisation AS "leadOrganisation", p.lead_country AS "leadCountry", p.partners, p.countries,
         p.period_start::text AS "periodStart", p.period_end::text AS "periodEnd",
         p.budget_eur::float8 AS "budgetEur", p.funding_sources AS "fundingSources",
         p.indicator_contributions AS "indicatorContributions",
         to_json(p.submitted_at) #>> '{}' AS "submittedAt", to_json(p.approved_at) #>> '{}' AS "approvedAt",
         to_json(p.created_at) #>> '{}' AS "createdAt", to_json(p.updated_at) #>> '{}' AS "updatedAt",
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'code', a.code, 'title', a.title,
                   'retired', a.retired_at IS NOT NULL) ORDER BY a.position, a.code), '[]')
            FROM proposal_actions pac JOIN actions a ON a.id = pac.action_id
           WHERE pac.proposal_id = p.id) AS actions,
         (SELECT coalesce(json_agg(json_build_object('id', d.id, 'position', d.position, 'title', d.title,
                   'dueDate', d.due_date, 'indicatorId', d.indicator_id, 'indicatorCode', i.code,
                   'plannedValue', d.planned_value::float8, 'isMilestone', d.is_milestone, 'status', d.status)
                   ORDER BY d.position), '[]')
            FROM deliverables d LEFT JOIN indicators i ON i.id = d.indicator_id
           WHERE d.proposal_id = p.id) AS deliverables,
         (SELECT coalesce(json_agg(json_build_object('id', ce.id, 'email', ce.email, 'userId', ce.user_id,
                   'name', cu.name, 'createdAt', ce.created_at) ORDER BY ce.created_at, ce.id), '[]')
            FROM proposal_co_editors ce LEFT JOIN users cu ON cu.id = ce.user_id
           WHERE ce.proposal_id = p.id) AS "coEditors"
    FROM proposals p
    JOIN policy_areas pa ON pa.id = p.policy_area_id
    JOIN users u ON u.id = p.owner_id
   WHERE p.id = ${id}`;
}

export const CORE_SQL = coreSql('$1');

/**
 * What the view adds to the content: counts, the caller's review, the latest written procedure. (The revision
 * count is the content's own `revision`: every freeze inserts a revision and bumps it in one statement.)
 */
export interface ExtrasRow {
  comments_all: number;
  comments_shared: number;
  reviewers: number;
  completed_assessments: number;
  my_review: { id: string; state: string; dueAt: string; conflictSource: string | null } | null;
  procedure: {
    id: string;
    openedAt: string;
    deadline: string;
    closedAt: string | null;
    closedBy: string | null;
    outcome: string | null;
    decisionRule: string;
    memberCount: number;
    votes: number;
  } | null;
}

/** The view's counts of proposal `id` for user `viewer` (their review assignment); both are placeholders. */
export function extrasSql(id: string, viewer: string): string {
  return `
  SELECT (SELECT count(*)::int FROM proposal_comments c WHERE c.proposal_id = ${id}) AS comments_all,
         (SELECT count(*)::int FROM proposal_comments c WHERE c.proposal_id = ${id} AND c.visibility = 'shared')
           AS comments_shared,
         (SELECT count(*)::int FROM review_assignments ra WHERE ra.proposal_id = ${id}) AS reviewers,
         (SELECT count(*)::int FROM review_assignments ra
           WHERE ra.proposal_id = ${id} AND ra.state = 'completed') AS completed_assessments,
         (SELECT json_build_object('id', ra.id, 'state', ra.state, 'dueAt', ra.due_at,
                   'conflictSource', ra.conflict_source)
            FROM review_assignments ra WHERE ra.proposal_id = ${id} AND ra.reviewer_id = ${viewer}) AS my_review,
         (SELECT json_build_object('id', wp.id, 'openedAt', wp.opened_at, 'deadline', wp.deadline,
                   'closedAt', wp.closed_at, 'closedBy', wp.closed_by, 'outcome', wp.outcome,
                   'decisionRule', wp.decision_rule, 'memberCount', wp.member_count,
                   'votes', (SELECT count(*)::int FROM procedure_votes v WHERE v.procedure_id = wp.id))
            FROM written_procedures wp WHERE wp.proposal_id = ${id}
           ORDER BY wp.opened_at DESC, wp.id DESC LIMIT 1) AS procedure`;
}

export const EXTRAS_SQL = extrasSql('$1', '$2');

/**
 * What a revision freezes: the content, without bookkeeping that changes on its own (state, version,
 * timestamps). Revision comparison matches list items by their natural keys (see revisions/revision-diff.ts).
 */
export function revisionSnapshot(core: ProposalCore, revision: number): Record<string, unknown> {
  return {
    revision,
    reference: core.reference,
    policyArea: core.policyArea,
    title: core.title,
    acronym: core.acronym,
    summary: core.summary,
    owner: core.owner,
    leadOrganisation: core.leadOrganisation,
    leadCountry: core.leadCountry,
    partners: core.partners,
    countries: core.countries,
    periodStart: core.periodStart,
    periodEnd: core.periodEnd,
    budgetEur: core.budgetEur,
    fundingSources: core.fundingSources,
    indicatorContributions: core.indicatorContributions,
    actions: core.actions.map((action) => ({ code: action.code, title: action.title })),
    deliverables: core.deliverables.map((deliverable) => ({
      id: deliverable.id,
      position: deliverable.position,
      title: deliverable.title,
      dueDate: deliverable.dueDate,
      indicatorCode: deliverable.indicatorCode,
      plannedValue: deliverable.plannedValue,
      isMilestone: deliverable.isMilestone,
    })),
    coEditors: core.coEditors.map((coEditor) => ({ email: coEditor.email, name: coEditor.name })),
  };
}
