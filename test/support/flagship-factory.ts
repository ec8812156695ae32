import type { DataSource } from 'typeorm';
import { createProposal, type ProposalOverrides } from './proposal-factory.js';

export interface FlagshipDeliverableSpec {
  title?: string;
  dueDate?: string;
  /** Indicator code of the policy area (e.g. 'D.O1.I1'); null for none. */
  indicatorCode?: string | null;
  plannedValue?: number | null;
  isMilestone?: boolean;
  status?: string;
}

export interface FlagshipOverrides extends Omit<ProposalOverrides, 'deliverables' | 'state'> {
  state?: 'approved' | 'completed' | ProposalOverrides['state'];
  deliverables?: FlagshipDeliverableSpec[];
}

export interface CreatedFlagship {
  id: string;
  reference: string;
  /** Deliverable ids in position order. */
  deliverableIds: string[];
}

/**
 * An approved flagship with tracked deliverables, written straight into the database (no workflow calls).
 * Defaults: one count deliverable on D.O1.I1 and one milestone on A.O1.I1, linked to action D.1.
 */
export async function createFlagship(db: DataSource, overrides: FlagshipOverrides): Promise<CreatedFlagship> {
  const { deliverables: specs, ...proposal } = overrides;
  const created = await createProposal(db, {
    actionCodes: ['D.1'],
    ...proposal,
    state: overrides.state ?? 'approved',
  });
  const deliverables = specs ?? [
    { title: 'Joint operations', indicatorCode: 'D.O1.I1', plannedValue: 10 },
    { title: 'Training launched', indicatorCode: 'A.O1.I1', isMilestone: true },
  ];
  const deliverableIds: string[] = [];
  for (const [position, spec] of deliverables.entries()) {
    const rows = (await db.query(
      `INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, planned_value, is_milestone,
                                 status, tracked_at)
       VALUES ($1, $2, $3, $4,
               (SELECT i.id FROM indicators i JOIN proposals p ON p.policy_area_id = i.policy_area_id
                 WHERE p.id = $1 AND i.code = $5),
               $6, $7, $8, now())
       RETURNING id`,
      [
        created.id,
        position,
        spec.title ?? `Deliverable ${position + 1}`,
        spec.dueDate ?? '2027-06-30',
        spec.indicatorCode ?? null,
        spec.plannedValue ?? null,
        spec.isMilestone ?? false,
        spec.status ?? 'planned',
      ],
    )) as Array<{ id: string }>;
    deliverableIds.push(rows[0]!.id);
  }
  return { id: created.id, reference: created.reference, deliverableIds };
}
