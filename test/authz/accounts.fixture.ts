import { createTestUser } from '../support/accounts.js';
import type { FixtureContributor } from './matrix-types.js';

/** A user for the admin rows to act on (never one of the principals, so their tokens keep working). */
export const accountsContributor: FixtureContributor = async (ctx) => {
  const target = await createTestUser(ctx.t, { email: 'matrix-target@example.test' });
  ctx.params.targetUserId = target.id;
  const grant = await ctx.db.query<{ id: string }>(
    `INSERT INTO role_grants (user_id, role, policy_area_id) VALUES ($1, 'reviewer', $2) RETURNING id`,
    [target.id, ctx.policyAreas.SECURE],
  );
  ctx.params.targetGrantId = grant.rows[0]!.id;
};
