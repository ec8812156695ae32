import type { FixtureContributor, MatrixContext } from './matrix-types.js';

let sequence = 0;

/**
 * An eligible proposal owned by leadOwner in any state, built with SQL (complete content, one action, one
 * deliverable tied to an indicator). Rows that change state call this once per caller, so one caller's success
 * never changes what the next one sees.
 */
export async function insertMatrixProposal(ctx: MatrixContext, state = 'draft'): Promise<string> {
  sequence += 1;
  const rows = await ctx.db.query<{ id: string }>(
    `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, acronym, summary, lead_organisation,
                            lead_country, partners, countries, period_start, period_end, budget_eur, funding_sources,
                            indicator_contributions, revision, submitted_at)
     VALUES ($1, $2, $3, $4, 'Matrix workflow proposal', 'MWP', 'Proposal for the authorization matrix',
             'Matrix lead organisation', 'SE',
             '[{"organisation":"Matrix FI","country":"FI","role":"Partner"},{"organisation":"Matrix EE","country":"EE","role":"Partner"}]',
             ARRAY['SE','FI','EE'], '2027-01-01', '2029-12-31', 1000, '[{"source":"Interreg","amount":1000}]', '[]',
             CASE WHEN $4 = 'draft' THEN 0 ELSE 1 END, CASE WHEN $4 <> 'draft' THEN now() END)
     RETURNING id`,
    [ctx.policyAreas.SECURE, `SECURE-2026-${String(7000 + sequence)}`, ctx.users.leadOwner.id, state],
  );
  const id = rows.rows[0]!.id;
  await ctx.db.query(
    `INSERT INTO proposal_actions (proposal_id, action_id)
     SELECT $1, id FROM actions WHERE policy_area_id = $2 AND code = 'A.1'`,
    [id, ctx.policyAreas.SECURE],
  );
  await ctx.db.query(
    `INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, planned_value)
     SELECT $1, 0, 'Joint exercise', '2028-06-30', id, 1 FROM indicators WHERE policy_area_id = $2 AND code = 'A.O1.I1'`,
    [id, ctx.policyAreas.SECURE],
  );
  return id;
}

/** Assigns reviewerAssigned to the proposal; returns the assignment id. */
export async function insertMatrixAssignment(
  ctx: MatrixContext,
  proposalId: string,
  state: 'assigned' | 'cleared' | 'completed' = 'assigned',
): Promise<string> {
  const rows = await ctx.db.query<{ id: string }>(
    `INSERT INTO review_assignments (proposal_id, reviewer_id, assigned_by_id, due_at, state, declared_at)
     VALUES ($1, $2, $3, now() + interval '14 days', $4, CASE WHEN $4 <> 'assigned' THEN now() END) RETURNING id`,
    [proposalId, ctx.users.reviewerAssigned.id, ctx.users.coordinator.id, state],
  );
  return rows.rows[0]!.id;
}

/** A proposal in review whose reviewerAssigned has completed an assessment (ready to be recommended). */
export async function insertMatrixAssessedProposal(ctx: MatrixContext): Promise<string> {
  const id = await insertMatrixProposal(ctx, 'in_review');
  const assignmentId = await insertMatrixAssignment(ctx, id, 'completed');
  await ctx.db.query(
    `INSERT INTO assessments (assignment_id, proposal_id, reviewer_id, score_macro_regional_impact, score_contribution,
                              score_partnership, score_feasibility, score_sustainability, recommendation, comment)
     VALUES ($1, $2, $3, 4, 4, 4, 4, 4, 'recommend', 'Good')`,
    [assignmentId, id, ctx.users.reviewerAssigned.id],
  );
  return id;
}

/** A proposal before the steering group with an open silence procedure (a week to go); returns the procedure id. */
export async function insertMatrixProcedure(
  ctx: MatrixContext,
): Promise<{ proposalId: string; procedureId: string }> {
  const proposalId = await insertMatrixProposal(ctx, 'steering_group');
  const rows = await ctx.db.query<{ id: string }>(
    `INSERT INTO written_procedures (proposal_id, policy_area_id, opened_by_id, deadline, decision_rule, member_count)
     VALUES ($1, $2, $3, now() + interval '7 days', 'silence', 1) RETURNING id`,
    [proposalId, ctx.policyAreas.SECURE, ctx.users.coordinator.id],
  );
  return { proposalId, procedureId: rows.rows[0]!.id };
}

/**
 * Shared objects for the rows that only read: a draft owned by leadOwner, a submitted proposal with an
 * assignment for reviewerAssigned, and a proposal in the steering group with an open procedure.
 */
export const proposalsContributor: FixtureContributor = async (ctx) => {
  ctx.params.workflowDraftId = await insertMatrixProposal(ctx, 'draft');
  ctx.params.workflowSubmittedId = await insertMatrixProposal(ctx, 'submitted');
  await insertMatrixAssignment(ctx, ctx.params.workflowSubmittedId);
  const steering = await insertMatrixProcedure(ctx);
  ctx.params.workflowSteeringId = steering.proposalId;
  ctx.params.workflowProcedureId = steering.procedureId;
};
