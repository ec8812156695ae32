import type { DataSource } from 'typeorm';
import type { ProposalState } from '../../src/modules/proposals/domain/proposal-state-machine.js';

/**
 * Builds proposals straight in the database (no transition endpoints), for tests of the read side.
 * Every field has a sensible default; pass overrides for what the test is about.
 */
export interface ProposalOverrides {
  ownerId: string;
  policyAreaCode?: string;
  reference?: string;
  state?: ProposalState;
  title?: string;
  acronym?: string | null;
  summary?: string;
  leadOrganisation?: string;
  leadCountry?: string;
  partners?: Array<{ organisation: string; country: string; role: string }>;
  /** Defaults to the lead's and partners' countries. */
  countries?: string[];
  periodStart?: string;
  periodEnd?: string;
  budgetEur?: number;
  actionCodes?: string[];
  revision?: number;
  createdAt?: Date | string;
  updatedAt?: Date | string;
  approvedAt?: Date | string | null;
  coEditorIds?: string[];
  deliverables?: Array<{ title: string; status?: string; dueDate?: string }>;
  reviewers?: Array<{ id: string; state?: 'assigned' | 'cleared' | 'conflict' | 'completed' }>;
  /** Adds a written procedure (the proposal has been before the steering group). */
  withProcedure?: boolean;
}

export interface CreatedProposal {
  id: string;
  reference: string;
}

let sequence = 0;

export async function createProposal(db: DataSource, overrides: ProposalOverrides): Promise<CreatedProposal> {
  sequence += 1;
  const area = overrides.policyAreaCode ?? 'SECURE';
  const partners = overrides.partners ?? [
    { organisation: 'Finnish Rescue Academy', country: 'FI', role: 'partner' },
    { organisation: 'Estonian Rescue Board', country: 'EE', role: 'partner' },
  ];
  const leadCountry = overrides.leadCountry ?? 'SE';
  const countries = overrides.countries ?? [...new Set([leadCountry, ...partners.map((p) => p.country)])];
  const state = overrides.state ?? 'draft';
  const rows = (await db.query(
    `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, acronym, summary, lead_organisation,
                            lead_country, partners, countries, period_start, period_end, budget_eur, revision,
                            submitted_at, approved_at, created_at, updated_at)
     VALUES ((SELECT id FROM policy_areas WHERE code = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
             $15, CASE WHEN $4 <> 'draft' THEN now() END, $16, coalesce($17::timestamptz, now()),
             coalesce($18::timestamptz, now()))
     RETURNING id, reference`,
    [
      area,
      overrides.reference ?? `${area}-2026-${String(9000 + sequence).padStart(4, '0')}`,
      overrides.ownerId,
      state,
      overrides.title ?? `Proposal ${sequence}`,
      overrides.acronym === undefined ? `P${sequence}` : overrides.acronym,
      overrides.summary ?? 'A joint project of Baltic Sea region rescue services.',
      overrides.leadOrganisation ?? 'Swedish Civil Contingencies Agency',
      leadCountry,
      JSON.stringify(partners),
      countries,
      overrides.periodStart ?? '2026-01-01',
      overrides.periodEnd ?? '2028-12-31',
      overrides.budgetEur ?? 150000,
      overrides.revision ?? (state === 'draft' ? 0 : 1),
      overrides.approvedAt === undefined
        ? ['approved', 'completed', 'revoked'].includes(state)
          ? new Date()
          : null
        : overrides.approvedAt,
      overrides.createdAt ?? null,
      overrides.updatedAt ?? null,
    ],
  )) as CreatedProposal[];
  const proposal = rows[0] as CreatedProposal;
  for (const code of overrides.actionCodes ?? ['A.1']) {
    await db.query(
      `INSERT INTO proposal_actions (proposal_id, action_id)
       SELECT $1, a.id FROM actions a JOIN policy_areas pa ON pa.id = a.policy_area_id WHERE pa.code = $2 AND a.code = $3`,
      [proposal.id, area, code],
    );
  }
  for (const userId of overrides.coEditorIds ?? []) {
    await db.query(
      `INSERT INTO proposal_co_editors (proposal_id, user_id, email, invited_by_id)
       SELECT $1, u.id, u.email, $3 FROM users u WHERE u.id = $2`,
      [proposal.id, userId, overrides.ownerId],
    );
  }
  for (const [position, deliverable] of (overrides.deliverables ?? []).entries()) {
    await db.query(
      `INSERT INTO deliverables (proposal_id, position, title, due_date, status) VALUES ($1, $2, $3, $4, $5)`,
      [
        proposal.id,
        position,
        deliverable.title,
        deliverable.dueDate ?? '2027-06-30',
        deliverable.status ?? 'planned',
      ],
    );
  }
  for (const reviewer of overrides.reviewers ?? []) {
    const reviewState = reviewer.state ?? 'assigned';
    await db.query(
      `INSERT INTO review_assignments (proposal_id, reviewer_id, assigned_by_id, due_at, state, conflict_source)
       VALUES ($1, $2, $3, now() + interval '14 days', $4, $5)`,
      [
        proposal.id,
        reviewer.id,
        overrides.ownerId,
        reviewState,
        reviewState === 'conflict' ? 'declared' : null,
      ],
    );
  }
  if (overrides.withProcedure) {
    await db.query(
      `INSERT INTO written_procedures (proposal_id, policy_area_id, deadline, decision_rule, member_count)
       SELECT $1, policy_area_id, now() + interval '7 days', 'silence', 3 FROM proposals WHERE id = $1`,
      [proposal.id],
    );
  }
  return proposal;
}

/** Freezes a revision the way submit does: the row and its `revision` count (the snapshot is the test's). */
export async function addRevision(
  db: DataSource,
  proposalId: string,
  number: number,
  snapshot: Record<string, unknown>,
  submittedById: string,
): Promise<void> {
  await db.query(
    `WITH frozen AS (
       INSERT INTO proposal_revisions (proposal_id, number, snapshot, submitted_by_id) VALUES ($1, $2, $3, $4)
     )
     UPDATE proposals SET revision = GREATEST(revision, $2) WHERE id = $1`,
    [proposalId, number, JSON.stringify(snapshot), submittedById],
  );
}

/** Writes an audit event of a proposal as the workflow would. */
export async function addAuditEvent(
  db: DataSource,
  proposalId: string,
  event: {
    actorId: string | null;
    action: string;
    fromState?: string | null;
    toState?: string | null;
    note?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, from_state, to_state, note, data)
     VALUES ($1, $2, 'proposal', $3, $4, $5, $6, $7) RETURNING id`,
    [
      event.actorId,
      event.action,
      proposalId,
      event.fromState ?? null,
      event.toState ?? null,
      event.note ?? null,
      JSON.stringify(event.data ?? {}),
    ],
  )) as Array<{ id: string }>;
  return String(rows[0]?.id);
}
