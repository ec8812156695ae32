import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { PROPOSAL_STATES } from '../proposals/domain/proposal-state-machine.js';
import { ProposalReadPolicy } from '../proposals/proposal-read.policy.js';

export interface HistoryEvent {
  id: string;
  occurredAt: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  actor: { id: string; name: string } | null;
  /** Details of the event; only for the secretariat side. */
  data?: Record<string, unknown>;
}

export interface HistoryPage {
  items: HistoryEvent[];
  nextCursor: string | null;
}

interface HistoryRow {
  id: string;
  occurred_at: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  actor: { id: string; name: string } | null;
  data: Record<string, unknown>;
}

/**
 * The audit events of one proposal, newest first. The lead side sees an allow-list: the proposal's state
 * transitions (with their notes), what the lead side did itself, and shared comments; never the event data,
 * and an actor's name only when the actor is on the lead side or a coordinator of the policy area. Reviews,
 * declarations, votes and internal comments stay with the secretariat.
 */
@Injectable()
export class ProposalHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalReadPolicy,
  ) {}

  async history(proposalId: string, user: AuthUser, limit = 50, cursor?: string): Promise<HistoryPage> {
    const access = await this.policy.fullAccess(proposalId, user);
    const secretariat = access.level === 'secretariat';
    const rows = (await this.dataSource.query(
      `WITH lead_side AS (
         SELECT p.owner_id AS user_id FROM proposals p WHERE p.id = $1
         UNION SELECT ce.user_id FROM proposal_co_editors ce WHERE ce.proposal_id = $1 AND ce.user_id IS NOT NULL
       )
       SELECT e.id, e.occurred_at, e.action, e.from_state, e.to_state, e.note, e.data,
              CASE WHEN u.id IS NULL THEN NULL
                   WHEN $3::boolean OR u.id IN (SELECT user_id FROM lead_side)
                        OR EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.role = 'coordinator'
                                     AND g.policy_area_id = $6 AND g.revoked_at IS NULL)
                   THEN json_build_object('id', u.id, 'name', u.name) END AS actor
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.entity_type = 'proposal' AND e.entity_id = $1::text
          AND ($2::bigint IS NULL OR e.id < $2::bigint)
          AND ($3::boolean
               OR (e.from_state = ANY($5::text[]) AND e.to_state = ANY($5::text[]))
               OR e.actor_id IN (SELECT user_id FROM lead_side)
               OR (e.action = 'comment.added' AND e.data->>'visibility' = 'shared'))
        ORDER BY e.id DESC
        LIMIT $4`,
      [
        proposalId,
        cursor ?? null,
        secretariat,
        limit + 1,
        [...PROPOSAL_STATES],
        access.proposal.policyAreaId,
      ],
    )) as HistoryRow[];
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({
        id: String(row.id),
        occurredAt: new Date(row.occurred_at).toISOString(),
        action: row.action,
        fromState: row.from_state,
        toState: row.to_state,
        note: row.note,
        actor: row.actor,
        ...(secretariat ? { data: row.data } : {}),
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1]?.id) : null,
    };
  }
}
