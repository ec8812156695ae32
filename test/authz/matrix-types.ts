import type pg from 'pg';
import type { TestUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';

/** Who calls: every row states the exact status for each of them. */
export const PRINCIPAL_NAMES = [
  'anonymous',
  'leadOwner',
  'otherLead',
  'reviewerAssigned',
  'reviewerUnassigned',
  'steeringMember',
  'coordinator',
  'coordinatorOtherArea',
  'admin',
] as const;
export type PrincipalName = (typeof PRINCIPAL_NAMES)[number];

export interface MatrixContext {
  t: TestApp;
  /** A plain pg client on the test database, for contributors that build data with SQL. */
  db: pg.Client;
  /** Every principal but anonymous. SECURE is the main policy area; coordinatorOtherArea coordinates OTHER. */
  users: Record<Exclude<PrincipalName, 'anonymous'>, TestUser>;
  /** Policy area ids by code: SECURE and OTHER. */
  policyAreas: Record<'SECURE' | 'OTHER', string>;
  /** Values for `:placeholders` in row paths; contributors add theirs (e.g. params.proposalId). */
  params: Record<string, string>;
}

/** Adds data the rows need (a draft owned by leadOwner, an assignment for reviewerAssigned, …). */
export type FixtureContributor = (ctx: MatrixContext) => Promise<void>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Row {
  method: HttpMethod;
  /** The route exactly as registered, with `:placeholders` (e.g. /api/admin/users/:id/grants). */
  path: string;
  /** Distinguishes two rows of one route (e.g. 'draft' and 'approved proposal'). */
  variant?: string;
  query?: Record<string, string>;
  /** A JSON body, or a function of the caller (e.g. a distinct e-mail address per principal). */
  body?: Record<string, unknown> | unknown[] | ((ctx: MatrixContext, principal: PrincipalName) => unknown);
  /**
   * Placeholder values for this row; may build a fresh object for each principal (so a state change by one
   * caller does not change what the next one sees). Falls back to ctx.params.
   */
  params?: (
    ctx: MatrixContext,
    principal: PrincipalName,
  ) => Record<string, string> | Promise<Record<string, string>>;
  expect: Record<PrincipalName, number>;
}

/** `statuses(403, { anonymous: 401, admin: 200 })`: one status for everybody but the ones named. */
export function statuses(
  others: number,
  overrides: Partial<Record<PrincipalName, number>> = {},
): Record<PrincipalName, number> {
  return Object.fromEntries(PRINCIPAL_NAMES.map((name) => [name, overrides[name] ?? others])) as Record<
    PrincipalName,
    number
  >;
}
