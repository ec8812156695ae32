import type { FixtureContributor, MatrixContext } from './matrix-types.js';

let sequence = 0;

/**
 * An approved SECURE flagship owned by leadOwner, with one tracked deliverable on D.O1.I1 and, when asked, a
 * 2025 report in `reportState` with one item. Rows that change state build a fresh one per caller.
 */
export async function createMatrixFlagship(
  ctx: MatrixContext,
  reportState: 'draft' | 'submitted' | 'returned' | null = null,
): Promise<{ proposalId: string; deliverableId: string; reportId: string }> {
  sequence += 1;
  const proposal = await ctx.db.query<{ id: string }>(
    `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, revision, submitted_at, approved_at)
     VALUES ($1, $2, $3, 'approved', $4, 1, now(), now()) RETURNING id`,
    [
      ctx.policyAreas.SECURE,
      `SECURE-2026-${String(8000 + sequence)}`,
      ctx.users.leadOwner.id,
      `Matrix flagship ${sequence}`,
    ],
  );
  const proposalId = proposal.rows[0]!.id;
  await ctx.db.query(
    `INSERT INTO proposal_actions (proposal_id, action_id) SELECT $1, id FROM actions WHERE policy_area_id = $2 AND code = 'D.1'`,
    [proposalId, ctx.policyAreas.SECURE],
  );
  const deliverable = await ctx.db.query<{ id: string }>(
    `INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, tracked_at)
     VALUES ($1, 0, 'Joint operations', '2027-06-30',
             (SELECT id FROM indicators WHERE policy_area_id = $2 AND code = 'D.O1.I1'), now())
     RETURNING id`,
    [proposalId, ctx.policyAreas.SECURE],
  );
  const deliverableId = deliverable.rows[0]!.id;
  let reportId = '00000000-0000-4000-8000-000000000000';
  if (reportState) {
    const report = await ctx.db.query<{ id: string }>(
      `INSERT INTO progress_reports (proposal_id, policy_area_id, period_label, period_start, period_end, due_date, state,
                                     submitted_at, return_note)
       VALUES ($1, $2, '2025', '2025-01-01', '2025-12-31', '2026-03-31', $3,
               CASE WHEN $3 <> 'draft' THEN now() END, CASE WHEN $3 = 'returned' THEN 'fix it' END)
       RETURNING id`,
      [proposalId, ctx.policyAreas.SECURE, reportState],
    );
    reportId = report.rows[0]!.id;
    await ctx.db.query(
      `INSERT INTO report_items (report_id, deliverable_id, indicator_id, position)
       SELECT $1, id, indicator_id, position FROM deliverables WHERE id = $2`,
      [reportId, deliverableId],
    );
  }
  return { proposalId, deliverableId, reportId };
}

/** The shared flagship for read rows: params.flagshipId, flagshipDeliverableId, flagshipReportId. */
export const monitoringContributor: FixtureContributor = async (ctx) => {
  const flagship = await createMatrixFlagship(ctx, 'draft');
  ctx.params.flagshipId = flagship.proposalId;
  ctx.params.flagshipDeliverableId = flagship.deliverableId;
  ctx.params.flagshipReportId = flagship.reportId;
};
