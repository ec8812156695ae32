import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../common/database/sql-params.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { DeliverableTracking } from '../deliverables/deliverable-tracking.js';
import { OutboxService } from '../outbox/outbox.service.js';
import {
  transition,
  type ProposalAction,
  type ProposalState,
  type TransitionFacts,
} from './domain/proposal-state-machine.js';
import { Proposal } from './entities/proposal.entity.js';
import type { ExtrasRow, ProposalCore } from './proposal-content.sql.js';
import { ProposalPolicy, type ProposalAccess } from './proposal.policy.js';
import { ProposalSubmissionService, type SubmissionColumns } from './proposal-submission.service.js';

export interface ApplyTransitionInput {
  proposalId: string;
  action: ProposalAction;
  /** null: the system (the worker's deadline job, or the last vote closing a procedure). */
  actor: AuthUser | null;
  /** The version the caller last read; a different current version answers 409. */
  expectedVersion?: number;
  note?: string | null;
  facts?: TransitionFacts;
  /** Extra fields for the outbox payload (e.g. procedureId, deadline). */
  eventPayload?: Record<string, unknown>;
  /** Outbox event type; by default derived from the action. null: the caller writes its own event. */
  eventType?: string | null;
}

export interface AppliedTransition {
  proposal: Proposal;
  from: ProposalState;
  to: ProposalState;
  access: ProposalAccess;
  /** The payload every proposal event carries (for callers that write their own events). */
  payload: Record<string, unknown>;
  /**
   * Submit and resubmit: the content and counts as the transaction leaves them (read before the change under
   * the row lock, with what the change wrote applied), so the answer needs no second read.
   */
  content?: { core: ProposalCore; extras: ExtrasRow };
}

/** The outbox event of each transition (start_review and recommend write their own, richer events). */
export function defaultEventType(action: ProposalAction, to: ProposalState): string | null {
  switch (action) {
    case 'submit':
      return 'proposal.submitted';
    case 'resubmit':
      return 'proposal.resubmitted';
    case 'request_changes':
      return 'proposal.changes_requested';
    case 'reject':
      return 'proposal.rejected';
    case 'complete':
      return 'proposal.completed';
    case 'revoke':
      return 'proposal.revoked';
    case 'withdraw':
      return 'proposal.withdrawn';
    case 'close_procedure':
      return `proposal.${to}`;
    case 'start_review':
    case 'recommend':
      return null;
    default: {
      const unhandled: never = action;
      throw new Error(`Unhandled action ${String(unhandled)}`);
    }
  }
}

/**
 * Every state change of a proposal goes through here, inside the caller's transaction: lock the row, check
 * visibility and version, ask the state machine, write the new state with a conditional UPDATE, then the
 * audit event and the outbox event. Submit and resubmit also check eligibility and freeze a revision.
 */
@Injectable()
export class ProposalTransitionService {
  constructor(
    private readonly policy: ProposalPolicy,
    private readonly submission: ProposalSubmissionService,
  ) {}

  async apply(manager: EntityManager, input: ApplyTransitionInput): Promise<AppliedTransition> {
    const freezes = input.action === 'submit' || input.action === 'resubmit';
    const actorId = input.actor?.id ?? null;
    // Submit and resubmit read what they check and freeze with the lock, in the same statement.
    const {
      proposal,
      access,
      row: locked,
    } = await this.policy.requireLocked(
      manager,
      input.proposalId,
      input.actor,
      freezes ? (params, id) => ProposalSubmissionService.columns(params, id, actorId) : undefined,
    );
    if (input.expectedVersion !== undefined && input.expectedVersion !== proposal.version) {
      throw versionConflict(proposal.version);
    }

    const note = normaliseNote(input.note);
    const result = transition(proposal.state, input.action, access.actor, { ...input.facts, note });
    if (!result.ok) {
      switch (result.code) {
        case 'PROPOSAL_INVALID_TRANSITION':
          throw AppError.conflict(result.code, result.message, {
            state: proposal.state,
            action: input.action,
          });
        case 'PROPOSAL_ACTION_FORBIDDEN':
          throw new AppError(HttpStatus.FORBIDDEN, result.code, result.message);
        case 'PROPOSAL_GUARD_FAILED':
          throw AppError.unprocessable(result.code, result.message, [
            { field: result.field ?? 'note', message: result.message },
          ]);
        default: {
          const unhandled: never = result.code;
          throw new Error(`Unhandled transition error ${String(unhandled)}`);
        }
      }
    }

    const frozen = freezes
      ? await this.submission.prepare(manager, proposal, locked as unknown as SubmissionColumns, actorId)
      : null;

    // The row is locked, so the new version and revision are known now; the state change, the frozen revision,
    // the audit event and the outbox event are written in one statement (one round trip, not four).
    const version = proposal.version + 1;
    const revision = freezes ? proposal.revision + 1 : proposal.revision;
    const payload = proposalEventPayload(proposal, {
      action: input.action,
      fromState: result.from,
      toState: result.to,
      note,
      actorId,
    });
    const eventType =
      input.eventType === undefined ? defaultEventType(input.action, result.to) : input.eventType;
    const params = new SqlParams();
    const id = params.add(proposal.id);
    const writes = [
      frozen ? ProposalSubmissionService.revisionInsert(frozen.core, revision, actorId, params) : null,
      AuditService.insertStatement(
        {
          actorId,
          action: `proposal.${input.action}`,
          entityType: 'proposal',
          entityId: proposal.id,
          fromState: result.from,
          toState: result.to,
          note,
          data: { version, ...(freezes ? { revision } : {}), ...(input.eventPayload ?? {}) },
        },
        params,
      ),
      eventType === null
        ? null
        : OutboxService.insertStatement(
            {
              eventType,
              aggregateType: 'proposal',
              aggregateId: proposal.id,
              policyAreaId: proposal.policyAreaId,
              actorId,
              payload: { ...payload, ...(freezes ? { revision } : {}), ...(input.eventPayload ?? {}) },
            },
            params,
          ),
    ].filter((statement): statement is string => statement !== null);
    const to = params.add(result.to);
    // Prepared: the text only varies with which rows are written (revision or not, event or not).
    const updated = await preparedQuery<TimestampsAfter>(
      manager,
      `WITH ${writes.map((statement, i) => `write_${i} AS (${statement})`).join(',\n')}
       UPDATE proposals
          SET state = ${to}, version = ${params.add(version)}, revision = ${params.add(revision)}, updated_at = now(),
              submitted_at = CASE WHEN ${params.add(freezes)} THEN now() ELSE submitted_at END,
              approved_at = CASE WHEN ${to} = 'approved' THEN now() ELSE approved_at END
        WHERE id = ${id} AND version = ${params.add(proposal.version)}
      RETURNING updated_at, to_json(updated_at) #>> '{}' AS updated_at_text,
                to_json(submitted_at) #>> '{}' AS submitted_at_text, to_json(approved_at) #>> '{}' AS approved_at_text`,
      params.values,
    );
    // The row is locked, so this only fails if someone bypassed the lock; never report success then (the
    // exception rolls back the revision, audit and outbox rows written by the same statement).
    const row = updated.rows[0];
    if (updated.rowCount !== 1 || !row) throw versionConflict(proposal.version);
    const after = Object.assign(new Proposal(), proposal, {
      state: result.to,
      version,
      revision,
      updatedAt: row.updated_at,
    });

    // A flagship's planned deliverables become tracked deliverables in the approving transaction.
    if (result.to === 'approved') await DeliverableTracking.startTracking(manager, proposal.id);
    if (input.action === 'withdraw' && result.from === 'steering_group') {
      // A withdrawn proposal's open written procedure ends without an outcome; its deadline job finds it closed.
      await manager.query(
        `UPDATE written_procedures SET closed_at = now(), closed_by = 'withdrawn'
          WHERE proposal_id = $1 AND closed_at IS NULL`,
        [proposal.id],
      );
    }
    // Submit and resubmit change only the row and add one revision (no deliverables, reviews or procedures).
    const content = frozen
      ? {
          core: {
            ...frozen.core,
            state: result.to,
            version,
            revision,
            updatedAt: row.updated_at_text,
            submittedAt: row.submitted_at_text,
            approvedAt: row.approved_at_text,
          },
          extras: frozen.extras,
        }
      : undefined;
    return { proposal: after, from: result.from, to: result.to, access, payload, content };
  }
}

/** Timestamps as the UPDATE left them, formatted as the proposal view formats them. */
interface TimestampsAfter {
  updated_at: Date;
  updated_at_text: string;
  submitted_at_text: string | null;
  approved_at_text: string | null;
}

/** What every proposal event carries, so that the relay needs no joins to write its messages. */
export function proposalEventPayload(
  proposal: Pick<Proposal, 'id' | 'reference' | 'title' | 'policyAreaId'>,
  fields: { action: string; fromState: string; toState: string; note: string | null; actorId: string | null },
): Record<string, unknown> {
  return {
    proposalId: proposal.id,
    reference: proposal.reference,
    title: proposal.title,
    policyAreaId: proposal.policyAreaId,
    ...fields,
  };
}

export function versionConflict(currentVersion: number): AppError {
  return AppError.conflict(
    'PROPOSAL_VERSION_CONFLICT',
    'The proposal has changed since you last read it; reload it and try again',
    { currentVersion },
  );
}

function normaliseNote(note: string | null | undefined): string | null {
  if (typeof note !== 'string') return null;
  const trimmed = note.trim();
  return trimmed.length > 0 ? trimmed : null;
}
