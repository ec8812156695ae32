import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updateResult } from '../../common/database/update-result.js';
import type { AuthUser } from '../auth/auth-user.js';
import { OutboxService } from '../outbox/outbox.service.js';
import {
  decideProcedure,
  type ProcedureDecision,
  type VoteChoice,
} from '../proposals/domain/written-procedure-decision.js';
import { ProposalTransitionService, proposalEventPayload } from '../proposals/proposal-transition.service.js';
import type { ProcedureClosedBy, WrittenProcedure } from './entities/written-procedure.entity.js';

export type CloseReason = Exclude<ProcedureClosedBy, 'withdrawn'>;

export type CloseResult =
  | { closed: true; procedureId: string; outcome: ProcedureDecision['outcome']; decision: ProcedureDecision }
  | {
      closed: false;
      procedureId: string;
      reason: 'already_closed' | 'not_due' | 'not_found' | 'proposal_moved_on';
    };

/** A deadline job may fire a little early (timers, clock skew between machines); this much is tolerated. */
const DEADLINE_TOLERANCE_MS = 1000;

const PROCEDURE_COLUMNS = `id, proposal_id AS "proposalId", policy_area_id AS "policyAreaId", deadline,
  decision_rule AS "decisionRule", quorum, member_count AS "memberCount", closed_at AS "closedAt"`;

type LockedProcedure = Pick<
  WrittenProcedure,
  'id' | 'proposalId' | 'policyAreaId' | 'deadline' | 'decisionRule' | 'quorum' | 'memberCount' | 'closedAt'
>;

/**
 * Closes a written procedure exactly once, whoever asks: the deadline job, the last member's vote, or the chair.
 * Locks are always taken proposal first, procedure second (as every proposal transition does), so a vote, a
 * withdrawal and two workers' deadline jobs queue behind each other instead of deadlocking; the second finds
 * closed_at set and does nothing.
 */
@Injectable()
export class ProcedureCloser {
  private readonly logger = new Logger(ProcedureCloser.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: ProposalTransitionService,
    private readonly outbox: OutboxService,
  ) {}

  /** The deadline job: closes the procedure if its deadline has passed and it is still open. */
  async closeAtDeadline(procedureId: string): Promise<CloseResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const procedure = await this.lock(manager, procedureId);
      if (!procedure) return { closed: false as const, procedureId, reason: 'not_found' as const };
      if (procedure.closedAt)
        return { closed: false as const, procedureId, reason: 'already_closed' as const };
      if (new Date(procedure.deadline).getTime() > Date.now() + DEADLINE_TOLERANCE_MS) {
        return { closed: false as const, procedureId, reason: 'not_due' as const };
      }
      return this.closeLocked(manager, procedure, 'deadline', null);
    });
    this.logger.log({ procedureId, ...summary(result) }, 'procedure deadline handled');
    return result;
  }

  /** The chair closes early; the state machine checks that the caller is the chair. */
  async closeByChair(procedureId: string, chair: AuthUser, note: string | null): Promise<CloseResult> {
    return this.dataSource.transaction(async (manager) => {
      const procedure = await this.lock(manager, procedureId);
      if (!procedure) return { closed: false as const, procedureId, reason: 'not_found' as const };
      if (procedure.closedAt)
        return { closed: false as const, procedureId, reason: 'already_closed' as const };
      return this.closeLocked(manager, procedure, 'chair', chair, note);
    });
  }

  /** Every open procedure whose deadline has passed (the worker runs this at start and every minute). */
  async sweep(limit = 200): Promise<number> {
    const due = (await this.dataSource.query(
      `SELECT id FROM written_procedures WHERE closed_at IS NULL AND deadline <= now() ORDER BY deadline LIMIT $1`,
      [limit],
    )) as Array<{ id: string }>;
    let closed = 0;
    for (const { id } of due) {
      try {
        if ((await this.closeAtDeadline(id)).closed) closed += 1;
      } catch (error) {
        this.logger.error(
          { procedureId: id, err: error instanceof Error ? error.message : String(error) },
          'closing an overdue procedure failed',
        );
      }
    }
    if (due.length > 0) this.logger.log({ due: due.length, closed }, 'procedure deadline sweep');
    return closed;
  }

  /**
   * Locks the proposal and then the procedure (FOR UPDATE). Returns null when the procedure does not exist.
   * Callers inside a transaction that already hold the proposal lock may call this again safely.
   */
  async lock(manager: EntityManager, procedureId: string): Promise<LockedProcedure | null> {
    const found = (await manager.query(`SELECT proposal_id FROM written_procedures WHERE id = $1`, [
      procedureId,
    ])) as Array<{ proposal_id: string }>;
    const proposalId = found[0]?.proposal_id;
    if (!proposalId) return null;
    await manager.query(`SELECT 1 FROM proposals WHERE id = $1 FOR UPDATE`, [proposalId]);
    const rows = (await manager.query(
      `SELECT ${PROCEDURE_COLUMNS} FROM written_procedures WHERE id = $1 FOR UPDATE`,
      [procedureId],
    )) as LockedProcedure[];
    return rows[0] ?? null;
  }

  /** Closes a procedure the caller has locked (see lock()) and found open. */
  async closeLocked(
    manager: EntityManager,
    procedure: LockedProcedure,
    closedBy: CloseReason,
    actor: AuthUser | null,
    note: string | null = null,
  ): Promise<CloseResult> {
    const state = (await manager.query(`SELECT state FROM proposals WHERE id = $1`, [
      procedure.proposalId,
    ])) as Array<{
      state: string;
    }>;
    if (state[0]?.state !== 'steering_group') {
      // Cannot happen through the API (a withdrawal closes the procedure); never leave a job failing forever.
      this.logger.error(
        { procedureId: procedure.id, proposalState: state[0]?.state },
        'open procedure on a proposal outside the steering group; left open',
      );
      return { closed: false, procedureId: procedure.id, reason: 'proposal_moved_on' };
    }
    const decision = await this.decide(manager, procedure);
    const closingNote = note ? `${note}\n${decision.reason}` : decision.reason;
    const applied = await this.transitions.apply(manager, {
      proposalId: procedure.proposalId,
      action: 'close_procedure',
      actor,
      note: closingNote,
      facts: { outcome: decision.outcome },
      eventPayload: { procedureId: procedure.id, closedBy, outcome: decision.outcome, tally: decision.tally },
    });
    const updated = updateResult(
      await manager.query(
        `UPDATE written_procedures
            SET closed_at = now(), closed_by = $2, closed_by_user_id = $3, outcome = $4, outcome_reason = $5,
                tally = $6
          WHERE id = $1 AND closed_at IS NULL`,
        [
          procedure.id,
          closedBy,
          actor?.id ?? null,
          decision.outcome,
          decision.reason,
          JSON.stringify({ ...decision.tally, quorumReached: decision.quorumReached }),
        ],
      ),
    );
    if (updated.affected !== 1) throw new Error(`procedure ${procedure.id} closed under its lock`);
    await this.outbox.emit(manager, {
      eventType: 'procedure.closed',
      aggregateType: 'proposal',
      aggregateId: procedure.proposalId,
      policyAreaId: procedure.policyAreaId,
      actorId: actor?.id ?? null,
      payload: {
        ...proposalEventPayload(applied.proposal, {
          action: 'close_procedure',
          fromState: applied.from,
          toState: applied.to,
          note: closingNote,
          actorId: actor?.id ?? null,
        }),
        procedureId: procedure.id,
        deadline: new Date(procedure.deadline).toISOString(),
        closedBy,
        outcome: decision.outcome,
        reason: decision.reason,
        tally: decision.tally,
      },
    });
    return { closed: true, procedureId: procedure.id, outcome: decision.outcome, decision };
  }

  /** Only votes of people who are still members count; members is never below the votes counted. */
  private async decide(manager: EntityManager, procedure: LockedProcedure): Promise<ProcedureDecision> {
    const votes = (await manager.query(
      `SELECT v.choice FROM procedure_votes v
         JOIN users u ON u.id = v.member_id AND u.deactivated_at IS NULL
        WHERE v.procedure_id = $1
          AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = v.member_id AND g.role = 'steering_group_member'
                        AND g.policy_area_id = $2 AND g.revoked_at IS NULL)`,
      [procedure.id, procedure.policyAreaId],
    )) as Array<{ choice: VoteChoice }>;
    const choices = votes.map((vote) => vote.choice);
    const members = Math.max(procedure.memberCount, choices.length);
    try {
      return decideProcedure(procedure.decisionRule, choices, members, procedure.quorum);
    } catch (error) {
      if (error instanceof RangeError) {
        // Inconsistent stored settings (e.g. a negative quorum): a programming or data error, reported loudly.
        throw new Error(`procedure ${procedure.id} cannot be decided: ${error.message}`);
      }
      throw error;
    }
  }
}

function summary(result: CloseResult): Record<string, unknown> {
  return result.closed ? { closed: true, outcome: result.outcome } : { closed: false, reason: result.reason };
}
