import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Test } from 'supertest';
import { registeredRoutes } from '../src/common/http/route-registry.js';
import { buildMatrixContext } from './authz/fixture.js';
import { PRINCIPAL_NAMES, type MatrixContext, type PrincipalName, type Row } from './authz/matrix-types.js';
import { ROWS } from './authz/rows.js';
import { bootTestApp, type TestApp } from './support/app.js';

const routeKey = (method: string, path: string): string => `${method} ${path}`;
const rowName = (row: Row): string =>
  `${routeKey(row.method, row.path)}${row.variant ? ` [${row.variant}]` : ''}`;

/** One case per row and principal, in table order, so a failure names the route and the caller. */
const CASES = ROWS.flatMap((row) =>
  PRINCIPAL_NAMES.map((principal) => ({
    label: `${rowName(row)} as ${principal} → ${row.expect[principal]}`,
    row,
    principal,
  })),
);

describe('Authorization matrix: every route × every kind of caller → the exact status', () => {
  let t: TestApp;
  let ctx: MatrixContext;

  beforeAll(async () => {
    t = await bootTestApp();
    ctx = await buildMatrixContext(t);
  });
  afterAll(async () => {
    await ctx?.db.end();
    await t?.close();
  });

  it('has a row for every route of the application (and no row for a route that does not exist)', () => {
    const routes = registeredRoutes(t.app.getHttpAdapter().getInstance()).map((route) =>
      routeKey(route.method, route.path),
    );
    const covered = new Set(ROWS.map((row) => routeKey(row.method, row.path)));
    const missing = routes.filter((route) => !covered.has(route)).sort();
    const unknown = [...covered].filter((route) => !routes.includes(route)).sort();
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    expect(routes.length).toBeGreaterThan(0);
  });

  it.each(CASES)('$label', async ({ row, principal }) => {
    const response = await send(ctx, row, principal);
    const outcome = {
      status: response.status,
      body: response.status === row.expect[principal] ? undefined : (response.body as unknown),
    };
    expect(outcome).toEqual({ status: row.expect[principal], body: undefined });
  });
});

async function send(
  ctx: MatrixContext,
  row: Row,
  principal: PrincipalName,
): Promise<{ status: number; body: unknown }> {
  const params = { ...ctx.params, ...(row.params ? await row.params(ctx, principal) : {}) };
  const url = row.path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${rowName(row)}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const method = row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let request: Test = ctx.t.http[method](url);
  if (row.query) request = request.query(row.query);
  if (principal !== 'anonymous')
    request = request.set('Authorization', `Bearer ${ctx.users[principal].token}`);
  const body =
    typeof row.body === 'function'
      ? (row.body as (c: MatrixContext, p: PrincipalName) => unknown)(ctx, principal)
      : row.body;
  if (body !== undefined) request = request.send(body as object);
  const response = await request;
  return { status: response.status, body: response.body as unknown };
}
