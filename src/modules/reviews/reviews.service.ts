import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateResult } from '../../common/database/update-result.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { Proposal } from '../proposals/entities/proposal.entity.js';
import { ProposalPolicy, isUuid, type ProposalAccess } from '../proposals/proposal.policy.js';
import {
  ProposalTransitionService,
  proposalEventPayload,
  versionConflict,
} from '../proposals/proposal-transition.service.js';
import { detectConflict } from './domain/conflict-of-interest.js';
import type { AssessmentDto } from './dto/assessment.dto.js';
import type { AssignReviewersDto } from './dto/assign-reviewers.dto.js';
import type { DeclarationDto } from './dto/declaration.dto.js';
import type { ReviewAssignment } from './entities/review-assignment.entity.js';

export const CRITERIA = [
  'macroRegionalImpact',
  'contribution',
  'partnership',
  'feasibility',
  'sustainability',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface AssessmentView {
  id: string;
  scores: Record<Criterion, number>;
  recommendation: string;
  comment: string;
  createdAt: string;
}

export interface AssignmentView {
  id: string;
  proposalId: string;
  reviewer: { id: string; name: string; organisation: string };
  dueAt: string;
  state: ReviewAssignment['state'];
  conflictSource: ReviewAssignment['conflictSource'];
  declarationNote: string | null;
  declaredAt: string | null;
  completedAt: string | null;
  createdAt: string;
  assessment: AssessmentView | null;
}

export interface ProposalReviewsView {
  proposalId: string;
  /** all: coordinators and the steering group; own: a reviewer sees their own assignment only. */
  scope: 'all' | 'own';
  assignments: AssignmentView[];
  /** Average score per criterion over completed assessments (null when there are none); scope all only. */
  averages: (Record<Criterion, number | null> & { overall: number | null; assessments: number }) | null;
}

const ASSIGNMENT_SQL = `
  SELECT ra.id, ra.proposal_id AS "proposalId",
         json_build_object('id', u.id, 'name', u.name, 'organisation', u.organisation) AS reviewer,
         to_json(ra.due_at) #>> '{}' AS "dueAt", ra.state, ra.conflict_source AS "conflictSource",
         ra.declaration_note AS "declarationNote", to_json(ra.declared_at) #>> '{}' AS "declaredAt",
         to_json(ra.completed_at) #>> '{}' AS "completedAt", to_json(ra.created_at) #>> '{}' AS "createdAt",
         CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object(
           'id', a.id,
           'scores', json_build_object('macroRegionalImpact', a.score_macro_regional_impact,
             'contribution', a.score_contribution, 'partnership', a.score_partnership,
             'feasibility', a.score_feasibility, 'sustainability', a.score_sustainability),
           'recommendation', a.recommendation, 'comment', a.comment, 'createdAt', a.created_at) END AS assessment
    FROM review_assignments ra
    JOIN users u ON u.id = ra.reviewer_id
    LEFT JOIN assessments a ON a.assignment_id = ra.id AND ra.state = 'completed'`;

/** Reviews of proposals: assigning reviewers (start_review), conflict-of-interest declarations, assessments. */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalPolicy,
    private readonly transitions: ProposalTransitionService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** Assigns reviewers: the first assignment of a submitted proposal starts the review. */
  async assign(user: AuthUser, proposalId: string, dto: AssignReviewersDto, version: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { proposal, access } = await this.policy.requireLocked(manager, proposalId, user);
      if (proposal.version !== version) throw versionConflict(proposal.version);
      if (!access.actor.isCoordinator) {
        throw new AppError(
          HttpStatus.FORBIDDEN,
          'PROPOSAL_ACTION_FORBIDDEN',
          "Only the policy area's coordinator may assign reviewers to this proposal",
        );
      }
      const reviewers = await this.eligibleReviewers(manager, proposal, dto);

      if (proposal.state !== 'in_review') {
        // The state machine decides whether reviewing can start from here (only from submitted).
        await this.transitions.apply(manager, {
          proposalId,
          action: 'start_review',
          actor: user,
          expectedVersion: version,
          facts: { reviewerCount: reviewers.length },
          eventType: null,
        });
      }
      for (const reviewer of reviewers) {
        const conflictWith = detectConflict(reviewer.organisation, proposal);
        const state = conflictWith ? 'conflict' : 'assigned';
        const source = conflictWith ? 'detected' : null;
        let assignmentId: string;
        if (reviewer.existingAssignmentId) {
          // A new round on the resubmitted proposal: the reviewer declares again (partners may have changed) and
          // assesses again; the earlier assessment stays in the audit history and is replaced on reassessment.
          assignmentId = reviewer.existingAssignmentId;
          await manager.query(
            `UPDATE review_assignments
                SET assigned_by_id = $2, due_at = $3, state = $4, conflict_source = $5, declaration_note = NULL,
                    declared_at = NULL, completed_at = NULL, updated_at = now()
              WHERE id = $1`,
            [assignmentId, user.id, reviewer.dueAt, state, source],
          );
        } else {
          const rows = (await manager.query(
            `INSERT INTO review_assignments (proposal_id, reviewer_id, assigned_by_id, due_at, state, conflict_source)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [proposalId, reviewer.id, user.id, reviewer.dueAt, state, source],
          )) as Array<{ id: string }>;
          assignmentId = (rows[0] as { id: string }).id;
        }
        await this.audit.record(manager, {
          actorId: user.id,
          action: 'review.assigned',
          entityType: 'proposal',
          entityId: proposalId,
          data: {
            assignmentId,
            reviewerId: reviewer.id,
            dueAt: reviewer.dueAt,
            conflictDetected: conflictWith,
            newRound: reviewer.existingAssignmentId !== null,
          },
        });
        // A reviewer found to be in conflict is not asked to review.
        if (!conflictWith) {
          await this.outbox.emit(manager, {
            eventType: 'review.assigned',
            aggregateType: 'proposal',
            aggregateId: proposalId,
            policyAreaId: proposal.policyAreaId,
            actorId: user.id,
            payload: {
              ...proposalEventPayload(proposal, {
                action: 'assign_reviewer',
                fromState: proposal.state,
                toState: 'in_review',
                note: null,
                actorId: user.id,
              }),
              assignmentId,
              reviewerId: reviewer.id,
              dueAt: reviewer.dueAt,
            },
          });
        }
      }
    });
  }

  /** The reviewer declares a conflict of interest or its absence; a detected conflict overrides "none". */
  async declare(user: AuthUser, assignmentId: string, dto: DeclarationDto): Promise<AssignmentView> {
    await this.dataSource.transaction(async (manager) => {
      const { assignment, proposal } = await this.lockOwnAssignment(manager, user, assignmentId);
      if (proposal.state !== 'submitted' && proposal.state !== 'in_review')
        throw reviewClosed(proposal.state);
      if (assignment.state !== 'assigned') {
        throw AppError.conflict(
          'REVIEW_ALREADY_DECLARED',
          assignment.state === 'conflict'
            ? 'A conflict of interest is already recorded for this review'
            : 'You have already declared that you have no conflict of interest',
          { state: assignment.state },
        );
      }
      const organisation = await this.organisationOf(manager, user.id);
      const detected = detectConflict(organisation, proposal);
      const source = dto.conflict ? 'declared' : detected ? 'detected' : null;
      const note = typeof dto.note === 'string' && dto.note.trim() !== '' ? dto.note.trim() : null;
      await manager.query(
        `UPDATE review_assignments
            SET state = $2, conflict_source = $3, declaration_note = $4, declared_at = now(), updated_at = now()
          WHERE id = $1`,
        [assignmentId, source ? 'conflict' : 'cleared', source, note],
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'review.declared',
        entityType: 'proposal',
        entityId: proposal.id,
        note,
        data: { assignmentId, conflict: source !== null, conflictSource: source, detectedWith: detected },
      });
    });
    return this.assignmentView(assignmentId);
  }

  async assess(user: AuthUser, assignmentId: string, dto: AssessmentDto): Promise<AssignmentView> {
    await this.dataSource.transaction(async (manager) => {
      const { assignment, proposal } = await this.lockOwnAssignment(manager, user, assignmentId);
      switch (assignment.state) {
        case 'assigned':
          throw AppError.conflict(
            'REVIEW_DECLARATION_REQUIRED',
            'Declare whether you have a conflict of interest before assessing the proposal',
          );
        case 'conflict':
          throw AppError.conflict(
            'REVIEW_CONFLICT_OF_INTEREST',
            assignment.conflictSource === 'detected'
              ? 'Your organisation is the lead or a partner of this proposal, so you cannot assess it'
              : 'You declared a conflict of interest with this proposal, so you cannot assess it',
          );
        case 'completed':
          throw AppError.conflict('REVIEW_ALREADY_COMPLETED', 'You have already assessed this proposal');
        case 'cleared':
          break;
        default: {
          const unhandled: never = assignment.state;
          throw new Error(`Unhandled assignment state ${String(unhandled)}`);
        }
      }
      if (proposal.state !== 'in_review') throw reviewClosed(proposal.state);
      const { scores } = dto;
      await manager.query(
        `INSERT INTO assessments (assignment_id, proposal_id, reviewer_id, score_macro_regional_impact,
           score_contribution, score_partnership, score_feasibility, score_sustainability, recommendation, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (assignment_id) DO UPDATE SET
           score_macro_regional_impact = EXCLUDED.score_macro_regional_impact,
           score_contribution = EXCLUDED.score_contribution, score_partnership = EXCLUDED.score_partnership,
           score_feasibility = EXCLUDED.score_feasibility, score_sustainability = EXCLUDED.score_sustainability,
           recommendation = EXCLUDED.recommendation, comment = EXCLUDED.comment, created_at = now()`,
        [
          assignmentId,
          proposal.id,
          user.id,
          scores.macroRegionalImpact,
          scores.contribution,
          scores.partnership,
          scores.feasibility,
          scores.sustainability,
          dto.recommendation,
          dto.comment.trim(),
        ],
      );
      const done = updateResult(
        await manager.query(
          `UPDATE review_assignments SET state = 'completed', completed_at = now(), updated_at = now()
            WHERE id = $1 AND state = 'cleared'`,
          [assignmentId],
        ),
      );
      if (done.affected !== 1) throw new Error(`assignment ${assignmentId} changed under its lock`);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'review.assessment_completed',
        entityType: 'proposal',
        entityId: proposal.id,
        data: { assignmentId, recommendation: dto.recommendation, scores },
      });
      await this.outbox.emit(manager, {
        eventType: 'review.assessment_completed',
        aggregateType: 'proposal',
        aggregateId: proposal.id,
        policyAreaId: proposal.policyAreaId,
        actorId: user.id,
        payload: {
          ...proposalEventPayload(proposal, {
            action: 'assess',
            fromState: proposal.state,
            toState: proposal.state,
            note: null,
            actorId: user.id,
          }),
          assignmentId,
          reviewerId: user.id,
          recommendation: dto.recommendation,
        },
      });
    });
    return this.assignmentView(assignmentId);
  }

  /** Coordinators and the steering group see every assignment and the averages; a reviewer sees their own. */
  async forProposal(user: AuthUser, proposalId: string): Promise<ProposalReviewsView> {
    const access = await this.policy.require(this.dataSource.manager, proposalId, user);
    if (seesAllReviews(access)) {
      const assignments = (await this.dataSource.query(
        `${ASSIGNMENT_SQL} WHERE ra.proposal_id = $1 ORDER BY ra.created_at, ra.id`,
        [proposalId],
      )) as AssignmentView[];
      return { proposalId, scope: 'all', assignments, averages: averagesOf(assignments) };
    }
    if (access.reviewerState !== null) {
      const assignments = (await this.dataSource.query(
        `${ASSIGNMENT_SQL} WHERE ra.proposal_id = $1 AND ra.reviewer_id = $2`,
        [proposalId, user.id],
      )) as AssignmentView[];
      return { proposalId, scope: 'own', assignments, averages: null };
    }
    throw new AppError(
      HttpStatus.FORBIDDEN,
      'REVIEWS_FORBIDDEN',
      'Reviews are internal to the secretariat, the reviewers and the steering group',
    );
  }

  /** The caller's assignments, soonest due first, with the proposal's title and summary. */
  async mine(user: AuthUser): Promise<unknown[]> {
    return (await this.dataSource.query(
      `SELECT ra.id, to_json(ra.due_at) #>> '{}' AS "dueAt", ra.state, ra.conflict_source AS "conflictSource",
              to_json(ra.declared_at) #>> '{}' AS "declaredAt", to_json(ra.completed_at) #>> '{}' AS "completedAt",
              json_build_object('id', p.id, 'reference', p.reference, 'title', p.title, 'summary', p.summary,
                'state', p.state, 'policyAreaCode', pa.code) AS proposal,
              CASE WHEN ra.state = 'assigned' AND p.state IN ('submitted', 'in_review') THEN '["declare"]'::json
                   WHEN ra.state = 'cleared' AND p.state = 'in_review' THEN '["assess"]'::json
                   ELSE '[]'::json END AS "allowedActions"
         FROM review_assignments ra
         JOIN proposals p ON p.id = ra.proposal_id
         JOIN policy_areas pa ON pa.id = p.policy_area_id
        WHERE ra.reviewer_id = $1
        ORDER BY (ra.state IN ('assigned', 'cleared')) DESC, ra.due_at, ra.id
        LIMIT 500`,
      [user.id],
    )) as unknown[];
  }

  async assignmentView(assignmentId: string): Promise<AssignmentView> {
    const rows = (await this.dataSource.query(`${ASSIGNMENT_SQL} WHERE ra.id = $1`, [
      assignmentId,
    ])) as AssignmentView[];
    const row = rows[0];
    if (!row) throw reviewNotFound();
    return row;
  }

  private async lockOwnAssignment(
    manager: EntityManager,
    user: AuthUser,
    assignmentId: string,
  ): Promise<{ assignment: ReviewAssignment; proposal: Proposal }> {
    if (!isUuid(assignmentId)) throw reviewNotFound();
    const rows = (await manager.query(
      `SELECT id, proposal_id AS "proposalId", reviewer_id AS "reviewerId", state, conflict_source AS "conflictSource"
         FROM review_assignments WHERE id = $1 AND reviewer_id = $2 FOR UPDATE`,
      [assignmentId, user.id],
    )) as ReviewAssignment[];
    const assignment = rows[0];
    if (!assignment) throw reviewNotFound();
    // FOR SHARE: a transition of the proposal (FOR UPDATE) waits for this declaration or assessment, or vice versa.
    const proposal = await manager.getRepository(Proposal).findOneOrFail({
      where: { id: assignment.proposalId },
      lock: { mode: 'pessimistic_read' },
    });
    return { assignment, proposal };
  }

  private async organisationOf(manager: EntityManager, userId: string): Promise<string> {
    const rows = (await manager.query(`SELECT organisation FROM users WHERE id = $1`, [userId])) as Array<{
      organisation: string;
    }>;
    return rows[0]?.organisation ?? '';
  }

  /** Every requested reviewer must hold the reviewer role in the area, be new to the proposal, and be due later. */
  private async eligibleReviewers(
    manager: EntityManager,
    proposal: Proposal,
    dto: AssignReviewersDto,
  ): Promise<
    Array<{ id: string; organisation: string; dueAt: string; existingAssignmentId: string | null }>
  > {
    const ids = dto.reviewers.map((reviewer) => reviewer.userId.toLowerCase());
    const found = (await manager.query(
      `SELECT u.id, u.organisation,
              EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'reviewer'
                        AND g.policy_area_id = $2 AND g.revoked_at IS NULL) AS is_reviewer,
              (SELECT ra.id FROM review_assignments ra WHERE ra.proposal_id = $3 AND ra.reviewer_id = u.id)
                AS assignment_id
         FROM users u WHERE u.id = ANY($1::uuid[]) AND u.deactivated_at IS NULL`,
      [ids, proposal.policyAreaId, proposal.id],
    )) as Array<{ id: string; organisation: string; is_reviewer: boolean; assignment_id: string | null }>;
    // A resubmitted proposal starts a new round: reviewers of the earlier round may be asked again.
    const newRound = proposal.state === 'submitted';
    const byId = new Map(found.map((row) => [row.id, row]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const now = Date.now();
    dto.reviewers.forEach((reviewer, index) => {
      const id = reviewer.userId.toLowerCase();
      const row = byId.get(id);
      const field = `reviewers[${index}].userId`;
      if (!row || !row.is_reviewer) {
        errors.push({ field, message: 'This person does not hold the reviewer role in this policy area' });
      } else if (row.assignment_id !== null && !newRound) {
        errors.push({ field, message: 'This reviewer is already assigned to the proposal' });
      } else if (seen.has(id)) {
        errors.push({ field, message: 'This reviewer is listed twice' });
      }
      seen.add(id);
      if (Date.parse(reviewer.dueAt) <= now) {
        errors.push({ field: `reviewers[${index}].dueAt`, message: 'The due date must be in the future' });
      }
    });
    if (errors.length > 0) {
      throw AppError.unprocessable(
        'REVIEWERS_NOT_ASSIGNABLE',
        `${errors.length} problem${errors.length === 1 ? '' : 's'} with the reviewers to assign`,
        errors,
      );
    }
    return dto.reviewers.map((reviewer) => {
      const row = byId.get(reviewer.userId.toLowerCase()) as {
        id: string;
        organisation: string;
        assignment_id: string | null;
      };
      return {
        id: row.id,
        organisation: row.organisation,
        dueAt: new Date(reviewer.dueAt).toISOString(),
        existingAssignmentId: row.assignment_id,
      };
    });
  }
}

function seesAllReviews(access: ProposalAccess): boolean {
  return access.actor.isCoordinator || access.isAdmin || access.isSteeringMember;
}

function averagesOf(assignments: readonly AssignmentView[]): NonNullable<ProposalReviewsView['averages']> {
  const assessments = assignments.flatMap((assignment) =>
    assignment.assessment ? [assignment.assessment] : [],
  );
  const average = (values: number[]): number | null =>
    values.length === 0
      ? null
      : Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
  const perCriterion = Object.fromEntries(
    CRITERIA.map((criterion) => [
      criterion,
      average(assessments.map((assessment) => assessment.scores[criterion])),
    ]),
  ) as Record<Criterion, number | null>;
  const overall = average(
    assessments.flatMap((assessment) => CRITERIA.map((criterion) => assessment.scores[criterion])),
  );
  return { ...perCriterion, overall, assessments: assessments.length };
}

function reviewNotFound(): AppError {
  return AppError.notFound('Review assignment', 'REVIEW_NOT_FOUND');
}

function reviewClosed(state: string): AppError {
  return AppError.conflict('REVIEW_CLOSED', `The proposal is no longer under review (state '${state}')`, {
    state,
  });
}
