import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { hasRoleIn, isAdmin, isChairOf, isCoordinatorOf, type AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { requiredQuorum } from '../proposals/domain/written-procedure-decision.js';
import { ProposalPolicy, isUuid, type ProposalAccess } from '../proposals/proposal.policy.js';
import { ProposalTransitionService } from '../proposals/proposal-transition.service.js';
import type { RecommendDto } from './dto/recommend.dto.js';
import type { VoteDto } from './dto/vote.dto.js';
import { ProcedureCloser } from './procedure-closer.service.js';
import { ProcedureDeadlineQueue } from './procedure-deadline.queue.js';

const MAX_PROCEDURE_DAYS = 366;

export interface ProcedureVoteView {
  memberId: string;
  name: string;
  country: string | null;
  choice: string;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
  /** false when the voter no longer holds the member role: the vote is kept but not counted. */
  counted: boolean;
}

export interface ProcedureFullView {
  id: string;
  access: 'full';
  proposal: { id: string; reference: string; title: string; state: string };
  openedAt: string;
  deadline: string;
  note: string | null;
  decisionRule: 'silence' | 'majority';
  quorum: number | null;
  /** Votes needed under the majority rule; null under silence. */
  requiredQuorum: number | null;
  memberCount: number;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
  outcomeReason: string | null;
  tally: Record<string, unknown> | null;
  votes: ProcedureVoteView[];
  myVote: { choice: string; comment: string | null } | null;
  /** vote (members while open), close (the chair while open). */
  allowedActions: Array<'vote' | 'close'>;
}

/** What the lead learns: the deadline, and the outcome once the procedure has closed. */
export interface ProcedureOutcomeView {
  id: string;
  access: 'outcome';
  proposal: { id: string; reference: string; title: string; state: string };
  deadline: string;
  closedAt: string | null;
  outcome: string | null;
}

export type ProcedureView = ProcedureFullView | ProcedureOutcomeView;

interface ProcedureRow {
  id: string;
  proposal: { id: string; reference: string; title: string; state: string };
  policyAreaId: string;
  openedAt: string;
  deadline: string;
  note: string | null;
  decisionRule: 'silence' | 'majority';
  quorum: number | null;
  memberCount: number;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
  outcomeReason: string | null;
  tally: Record<string, unknown> | null;
}

const PROCEDURE_SQL = `
  SELECT wp.id, json_build_object('id', p.id, 'reference', p.reference, 'title', p.title, 'state', p.state) AS proposal,
         wp.policy_area_id AS "policyAreaId", to_json(wp.opened_at) #>> '{}' AS "openedAt",
         to_json(wp.deadline) #>> '{}' AS deadline, wp.note, wp.decision_rule AS "decisionRule", wp.quorum,
         wp.member_count AS "memberCount", to_json(wp.closed_at) #>> '{}' AS "closedAt", wp.closed_by AS "closedBy",
         wp.outcome, wp.outcome_reason AS "outcomeReason", wp.tally
    FROM written_procedures wp JOIN proposals p ON p.id = wp.proposal_id
   WHERE wp.id = $1`;

/** Steering group written procedures: recommend (opens one), votes, and what each caller may see. */
@Injectable()
export class SteeringGroupService {
  private readonly logger = new Logger(SteeringGroupService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalPolicy,
    private readonly transitions: ProposalTransitionService,
    private readonly closer: ProcedureCloser,
    private readonly deadlines: ProcedureDeadlineQueue,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The coordinator recommends the proposal: it goes to the steering group and a written procedure opens. */
  async recommend(user: AuthUser, proposalId: string, dto: RecommendDto, version: number): Promise<string> {
    const deadline = validDeadline(dto.deadline);
    const procedureId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const assessments = (await manager.query(
        // Assessments of the current round (a reopened assignment's earlier assessment does not count).
        `SELECT count(*)::int AS n FROM assessments a
           JOIN review_assignments ra ON ra.id = a.assignment_id AND ra.state = 'completed'
          WHERE a.proposal_id = $1`,
        [isUuid(proposalId) ? proposalId : null],
      )) as Array<{ n: number }>;
      const applied = await this.transitions.apply(manager, {
        proposalId,
        action: 'recommend',
        actor: user,
        expectedVersion: version,
        note: dto.note,
        facts: { completedAssessments: assessments[0]?.n ?? 0 },
        eventPayload: { procedureId, deadline: deadline.toISOString() },
        eventType: null,
      });
      const area = (await manager.query(
        `SELECT pa.decision_rule, pa.quorum,
                (SELECT count(DISTINCT g.user_id)::int FROM role_grants g JOIN users u ON u.id = g.user_id
                  WHERE g.policy_area_id = pa.id AND g.role = 'steering_group_member' AND g.revoked_at IS NULL
                    AND u.deactivated_at IS NULL) AS members
           FROM policy_areas pa WHERE pa.id = $1`,
        [applied.proposal.policyAreaId],
      )) as Array<{ decision_rule: 'silence' | 'majority'; quorum: number | null; members: number }>;
      const settings = area[0] as {
        decision_rule: 'silence' | 'majority';
        quorum: number | null;
        members: number;
      };
      await manager.query(
        `INSERT INTO written_procedures (id, proposal_id, policy_area_id, opened_by_id, deadline, note, decision_rule,
           quorum, member_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          procedureId,
          proposalId,
          applied.proposal.policyAreaId,
          user.id,
          deadline,
          applied.payload.note,
          settings.decision_rule,
          settings.quorum,
          settings.members,
        ],
      );
      await this.outbox.emit(manager, {
        eventType: 'procedure.opened',
        aggregateType: 'proposal',
        aggregateId: proposalId,
        policyAreaId: applied.proposal.policyAreaId,
        actorId: user.id,
        payload: {
          ...applied.payload,
          procedureId,
          deadline: deadline.toISOString(),
          decisionRule: settings.decision_rule,
          memberCount: settings.members,
        },
      });
    });
    await this.deadlines.schedule(procedureId, deadline);
    return procedureId;
  }

  /** A member votes (or changes their vote) while the procedure is open; the last vote closes it. */
  async vote(user: AuthUser, procedureId: string, dto: VoteDto): Promise<void> {
    const procedure = await this.findVisible(user, procedureId);
    if (!hasRoleIn(user, 'steering_group_member', procedure.policyAreaId)) {
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'PROCEDURE_VOTE_FORBIDDEN',
        'Only members of the steering group of this policy area may vote',
      );
    }
    const comment = typeof dto.comment === 'string' && dto.comment.trim() !== '' ? dto.comment.trim() : null;
    await this.dataSource.transaction(async (manager) => {
      // Votes queue on the locks, so the vote that completes the set sees every other vote.
      const locked = await this.closer.lock(manager, procedureId);
      if (!locked) throw procedureNotFound();
      if (locked.closedAt) throw procedureClosed();
      if (new Date(locked.deadline).getTime() <= Date.now()) {
        throw AppError.conflict(
          'PROCEDURE_CLOSED',
          'The deadline of this written procedure has passed; it is being closed',
        );
      }
      const rows = (await manager.query(
        `INSERT INTO procedure_votes (procedure_id, member_id, choice, comment) VALUES ($1, $2, $3, $4)
         ON CONFLICT (procedure_id, member_id)
           DO UPDATE SET choice = EXCLUDED.choice, comment = EXCLUDED.comment, updated_at = now()
         RETURNING (xmax <> 0) AS changed`,
        [procedureId, user.id, dto.choice, comment],
      )) as Array<{ changed: boolean }>;
      await this.audit.record(manager, {
        actorId: user.id,
        action: rows[0]?.changed ? 'procedure.vote_changed' : 'procedure.voted',
        entityType: 'proposal',
        entityId: locked.proposalId,
        note: comment,
        data: { procedureId, choice: dto.choice },
      });
      if (await this.everyMemberVoted(manager, procedureId, locked.policyAreaId)) {
        await this.closer.closeLocked(manager, locked, 'all_voted', null);
      }
    });
  }

  async closeByChair(user: AuthUser, procedureId: string, note: string | null): Promise<void> {
    const procedure = await this.findVisible(user, procedureId);
    if (!isChairOf(user, procedure.policyAreaId)) {
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'PROPOSAL_ACTION_FORBIDDEN',
        "Only the steering group's chair may close the written procedure of this proposal",
      );
    }
    const trimmed = typeof note === 'string' && note.trim() !== '' ? note.trim() : null;
    const result = await this.closer.closeByChair(procedureId, user, trimmed);
    if (!result.closed) throw procedureClosed();
  }

  async view(user: AuthUser, procedureId: string): Promise<ProcedureView> {
    const row = await this.findVisible(user, procedureId);
    const member = hasRoleIn(user, 'steering_group_member', row.policyAreaId);
    if (member || isCoordinatorOf(user, row.policyAreaId) || isAdmin(user)) {
      return this.fullView(user, row, member);
    }
    const access = await this.policy.access(this.dataSource.manager, row.proposal.id, user);
    if (access && (access.actor.isOwner || access.actor.isCoEditor)) {
      return {
        id: row.id,
        access: 'outcome',
        proposal: row.proposal,
        deadline: row.deadline,
        closedAt: row.closedAt,
        outcome: row.closedAt ? row.outcome : null,
      };
    }
    throw new AppError(
      HttpStatus.FORBIDDEN,
      'PROCEDURE_FORBIDDEN',
      'Written procedures are for the steering group, the coordinators and, once closed, the lead',
    );
  }

  /** The procedure, if the caller may see its proposal; 404 otherwise. */
  private async findVisible(user: AuthUser, procedureId: string): Promise<ProcedureRow> {
    if (!isUuid(procedureId)) throw procedureNotFound();
    const rows = (await this.dataSource.query(PROCEDURE_SQL, [procedureId])) as ProcedureRow[];
    const row = rows[0];
    if (!row) throw procedureNotFound();
    const access: ProposalAccess | null = await this.policy.access(
      this.dataSource.manager,
      row.proposal.id,
      user,
    );
    if (!access) throw procedureNotFound();
    return row;
  }

  private async fullView(user: AuthUser, row: ProcedureRow, member: boolean): Promise<ProcedureFullView> {
    const votes = (await this.dataSource.query(
      `SELECT v.member_id AS "memberId", u.name, g.country, v.choice, v.comment,
              to_json(v.created_at) #>> '{}' AS "createdAt", to_json(v.updated_at) #>> '{}' AS "updatedAt",
              (g.id IS NOT NULL AND u.deactivated_at IS NULL) AS counted
         FROM procedure_votes v
         JOIN users u ON u.id = v.member_id
         LEFT JOIN role_grants g ON g.user_id = v.member_id AND g.role = 'steering_group_member'
                                AND g.policy_area_id = $2 AND g.revoked_at IS NULL
        WHERE v.procedure_id = $1
        ORDER BY v.created_at, v.member_id`,
      [row.id, row.policyAreaId],
    )) as ProcedureVoteView[];
    const mine = votes.find((vote) => vote.memberId === user.id);
    const open = row.closedAt === null;
    const allowed: ProcedureFullView['allowedActions'] = [];
    if (open && member) allowed.push('vote');
    if (open && isChairOf(user, row.policyAreaId)) allowed.push('close');
    return {
      id: row.id,
      access: 'full',
      proposal: row.proposal,
      openedAt: row.openedAt,
      deadline: row.deadline,
      note: row.note,
      decisionRule: row.decisionRule,
      quorum: row.quorum,
      requiredQuorum: row.decisionRule === 'majority' ? requiredQuorum(row.memberCount, row.quorum) : null,
      memberCount: row.memberCount,
      closedAt: row.closedAt,
      closedBy: row.closedBy,
      outcome: row.outcome,
      outcomeReason: row.outcomeReason,
      tally: row.tally,
      votes,
      myVote: mine ? { choice: mine.choice, comment: mine.comment } : null,
      allowedActions: allowed,
    };
  }

  /** True when every current member of the area has a vote in the procedure (and there is at least one). */
  private async everyMemberVoted(
    manager: EntityManager,
    procedureId: string,
    policyAreaId: string,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS members, count(v.id)::int AS voted
         FROM (SELECT DISTINCT g.user_id FROM role_grants g JOIN users u ON u.id = g.user_id
                WHERE g.policy_area_id = $2 AND g.role = 'steering_group_member' AND g.revoked_at IS NULL
                  AND u.deactivated_at IS NULL) m
         LEFT JOIN procedure_votes v ON v.procedure_id = $1 AND v.member_id = m.user_id`,
      [procedureId, policyAreaId],
    )) as Array<{ members: number; voted: number }>;
    const counts = rows[0];
    this.logger.debug({ procedureId, ...counts }, 'procedure turnout');
    return !!counts && counts.members > 0 && counts.voted === counts.members;
  }
}

function validDeadline(value: string): Date {
  const deadline = new Date(value);
  const now = Date.now();
  if (Number.isNaN(deadline.getTime()) || deadline.getTime() <= now) {
    throw AppError.unprocessable('PROCEDURE_DEADLINE_INVALID', 'The deadline must be in the future', [
      { field: 'deadline', message: 'The deadline must be in the future' },
    ]);
  }
  if (deadline.getTime() > now + MAX_PROCEDURE_DAYS * 86_400_000) {
    throw AppError.unprocessable('PROCEDURE_DEADLINE_INVALID', 'The deadline may be at most a year ahead', [
      { field: 'deadline', message: 'The deadline may be at most a year ahead' },
    ]);
  }
  return deadline;
}

function procedureNotFound(): AppError {
  return AppError.notFound('Written procedure', 'PROCEDURE_NOT_FOUND');
}

function procedureClosed(): AppError {
  return AppError.conflict('PROCEDURE_CLOSED', 'This written procedure has already closed');
}
