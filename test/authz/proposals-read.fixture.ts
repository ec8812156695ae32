import type { FixtureContributor } from './matrix-types.js';

/**
 * Proposals for the read-side rows, built with SQL: one in review (owned by leadOwner, reviewerAssigned cleared,
 * one frozen revision), one before the steering group, one approved flagship for the public registry.
 */
export const proposalsReadContributor: FixtureContributor = async (ctx) => {
  const { leadOwner, reviewerAssigned, coordinator } = ctx.users;
  const insert = async (reference: string, state: string): Promise<string> => {
    const rows = await ctx.db.query<{ id: string }>(
      `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, summary, lead_organisation,
                              lead_country, countries, revision, approved_at)
       VALUES ($1, $2, $3, $4, 'Matrix proposal ' || $2, 'Read side', 'Matrix org', 'SE', ARRAY['SE','FI','EE'], 1,
               CASE WHEN $4 = 'approved' THEN now() END)
       RETURNING id`,
      [ctx.policyAreas.SECURE, reference, leadOwner.id, state],
    );
    const id = rows.rows[0]!.id;
    await ctx.db.query(
      `INSERT INTO proposal_actions (proposal_id, action_id)
       SELECT $1, id FROM actions WHERE policy_area_id = $2 AND code = 'A.1'`,
      [id, ctx.policyAreas.SECURE],
    );
    await ctx.db.query(
      `INSERT INTO proposal_revisions (proposal_id, number, snapshot, submitted_by_id) VALUES ($1, 1, '{}', $2)`,
      [id, leadOwner.id],
    );
    return id;
  };
  ctx.params.readProposalId = await insert('SECURE-2026-8801', 'in_review');
  await ctx.db.query(
    `INSERT INTO review_assignments (proposal_id, reviewer_id, assigned_by_id, due_at, state)
     VALUES ($1, $2, $3, now() + interval '14 days', 'cleared')`,
    [ctx.params.readProposalId, reviewerAssigned.id, coordinator.id],
  );
  ctx.params.readSteeringProposalId = await insert('SECURE-2026-8802', 'steering_group');
  await ctx.db.query(
    `INSERT INTO written_procedures (proposal_id, policy_area_id, deadline, decision_rule, member_count)
     VALUES ($1, $2, now() + interval '7 days', 'silence', 1)`,
    [ctx.params.readSteeringProposalId, ctx.policyAreas.SECURE],
  );
  await insert('SECURE-2026-8803', 'approved');
  ctx.params.flagshipReference = 'SECURE-2026-8803';
};
