import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { AccessTokenService } from '../src/modules/auth/access-token.service.js';
import { encodeCursor } from '../src/modules/proposals/queries/keyset-cursor.js';
import {
  BENCH_DB_HOST_URL,
  freshBenchDatabase,
  load,
  printTable,
  startServer,
  type LoadResult,
} from './support/bench-kit.js';
import { seedEligibleDrafts, seedProposals } from './support/proposal-seed.js';

const run$ = promisify(execFile);
const PROPOSALS = 10_000;
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/**
 * Issue 4 benchmark, on 10,000 proposals:
 *  (a) public registry, page of 20 filtered by action — app vs bare Fastify + pg running the same SQL (≥ 0.5);
 *  (b) the coordinator's list, authenticated — app vs bare (≥ 0.5);
 *  (c) page 500 vs page 1 of the coordinator's list on one app process, plus their database execution times (≤ 1.5);
 *  (d) submit transitions per second through the HTTP endpoint (state change + revision + audit + outbox) at
 *      20 connections vs `pgbench -b tpcb-like` at 20 clients (≥ 0.3 of its tps; p99 < 50 ms).
 * `npm run bench -- proposals explain` prints the query plans instead; `… proposals transitions` runs (d) only.
 */
export async function run(args: string[]): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const config = await freshBenchDatabase('flagship_bench_proposals');
  const started = Date.now();
  const ids = await seedProposals(config.DATABASE_URL, PROPOSALS);
  process.stdout.write(`seeded ${PROPOSALS} proposals in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const tokens = new AccessTokenService(loadConfig({ ...process.env, JWT_SECRET }));
  const coordinatorToken = await tokens.sign(ids.coordinatorId, 3600);
  const page500Cursor = await cursorOfPage(config.DATABASE_URL, 500);

  if (args[0] === 'explain') {
    await explain(config.DATABASE_URL, ids.coordinatorId, page500Cursor);
    return;
  }

  const env = {
    DATABASE_URL: config.DATABASE_URL,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    JWT_SECRET,
    BENCH_USER_ID: ids.coordinatorId,
    NODE_ENV: 'production',
  };
  if (args[0] === 'transitions') {
    await transitions(config.DATABASE_URL, env, ids.submitterId, tokens, seconds);
    return;
  }
  const auth = { authorization: `Bearer ${coordinatorToken}` };
  const cases: Array<{ label: string; path: string; headers: Record<string, string> }> = [
    {
      label: '(a) public registry, action C.1, page of 20',
      path: '/api/public/flagships?actionCode=C.1',
      headers: {},
    },
    { label: "(b) coordinator's list, page 1", path: '/api/proposals', headers: auth },
  ];

  // Both servers run side by side and are loaded in turns (bare, app, bare, app, …); the medians are reported,
  // so that a burst of other work on the machine does not land on one side only.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const rows: LoadResult[] = [];
  const byLabel = new Map<string, { app: LoadResult; bare: LoadResult }>();
  for (const { label, path, headers } of cases) {
    const bare = await startServer('bare-proposals-server.js', env);
    const app = await startServer('app-server.js', env);
    await sanityCheck(bare.url + path, headers);
    await sanityCheck(app.url + path, headers);
    const bareRuns: LoadResult[] = [];
    const appRuns: LoadResult[] = [];
    for (let round = 0; round < rounds; round += 1) {
      bareRuns.push(await load(`${label} — bare Fastify + pg`, bare.url + path, { headers, seconds }));
      appRuns.push(await load(`${label} — app`, app.url + path, { headers, seconds }));
    }
    await bare.stop();
    await app.stop();
    const baseline = median(bareRuns);
    const measured = median(appRuns);
    rows.push(baseline, measured);
    byLabel.set(label, { app: measured, bare: baseline });
  }
  printTable(
    `proposals reads on ${PROPOSALS} proposals, 50 connections, median of ${rounds} alternating runs of ${seconds} s`,
    rows,
  );
  const lines: string[] = [];
  for (const [label, { app, bare }] of byLabel) {
    lines.push(
      `${label}: app/bare = ${(app.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} (target ≥ 0.5); app p99 ${app.p99} ms`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  await pageDepth(env, auth, page500Cursor, rounds, seconds, config.DATABASE_URL, ids.coordinatorId);

  await transitions(config.DATABASE_URL, env, ids.submitterId, tokens, seconds);
}

/**
 * (c) Page 500 against page 1 of the coordinator's list, on one application process, loaded in turns; plus the
 * database's own execution time of both statements (median of 25 EXPLAIN ANALYZE runs), which no other load on
 * the machine can blur as much.
 */
async function pageDepth(
  env: Record<string, string>,
  headers: Record<string, string>,
  page500Cursor: string,
  rounds: number,
  seconds: number,
  databaseUrl: string,
  coordinatorId: string,
): Promise<void> {
  const app = await startServer('app-server.js', env);
  const first: LoadResult[] = [];
  const deep: LoadResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    first.push(
      await load("(c) coordinator's list, page 1 — app", `${app.url}/api/proposals`, { headers, seconds }),
    );
    deep.push(
      await load(
        "(c) coordinator's list, page 500 — app",
        `${app.url}/api/proposals?cursor=${page500Cursor}`,
        {
          headers,
          seconds,
        },
      ),
    );
  }
  await app.stop();
  const page1 = median(first);
  const page500 = median(deep);
  printTable(`(c) keyset depth, one app process, median of ${rounds} alternating runs of ${seconds} s`, [
    page1,
    page500,
  ]);
  const { buildProposalListQuery } =
    await import('../src/modules/proposals/queries/proposal-list.service.js');
  const { viewerOf } = await import('../src/modules/proposals/proposal-visibility.js');
  const { AUTH_USER_SQL } = await import('../src/modules/auth/auth-user.loader.js');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const viewer = viewerOf((await db.query(AUTH_USER_SQL, [coordinatorId])).rows[0]);
  const executionMs = async (query: { sql: string; values: unknown[] }): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${query.sql}`, query.values);
      const line = plan.rows
        .map((row) => row['QUERY PLAN'])
        .find((text) => text.startsWith('Execution Time'));
      times.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1] ?? Number.NaN));
    }
    return times.sort((a, b) => a - b)[12] ?? Number.NaN;
  };
  const dbFirst = await executionMs(buildProposalListQuery(viewer, {}));
  const dbDeep = await executionMs(buildProposalListQuery(viewer, { cursor: page500Cursor }));
  await db.end();
  process.stdout.write(
    `(c) page 500 / page 1 (app): latency p50 ${page500.p50}/${page1.p50} ms = ${(page500.p50 / page1.p50).toFixed(2)}, ` +
      `throughput page1/page500 = ${(page1.requestsPerSecond / page500.requestsPerSecond).toFixed(2)} (target ≤ 1.5)\n` +
      `(c) database execution, median of 25: page 1 ${dbFirst} ms, page 500 ${dbDeep} ms, ratio ${(dbDeep / dbFirst).toFixed(2)}\n`,
  );
}

/** The middle value (the upper one of the two middles for an even count). */
function middle(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

/** Each figure is the median of that figure over the runs. */
function median(runs: LoadResult[]): LoadResult {
  const first = runs[0] as LoadResult;
  return {
    label: first.label,
    requestsPerSecond: middle(runs.map((run) => run.requestsPerSecond)),
    p50: middle(runs.map((run) => run.p50)),
    p95: middle(runs.map((run) => run.p95)),
    p99: middle(runs.map((run) => run.p99)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

/** Sanity: the URL answers 200 with a non-empty page before it is measured. */
async function sanityCheck(url: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { headers });
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200 || !body.items?.length) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** The cursor that starts page `page` (20 a page) of the coordinator's list in its default order. */
async function cursorOfPage(databaseUrl: string, page: number): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query<{ key: string; id: string }>(
      `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key, id
         FROM proposals ORDER BY updated_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [(page - 1) * 20 - 1],
    );
    return encodeCursor('updatedAt', rows.rows[0]!.key, rows.rows[0]!.id);
  } finally {
    await db.end();
  }
}

async function transitions(
  databaseUrl: string,
  env: Record<string, string>,
  submitterId: string,
  tokens: AccessTokenService,
  seconds: number,
): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  // Enough drafts that no round submits one twice (a second submit would be a 409, counted as non-2xx): room for
  // 2,000 submits a second over the warm-up and the rounds. pgbench's tables first: the seeding below ends with
  // a CHECKPOINT, so no bulk load's writes are still being flushed while the first round runs.
  await preparePgbench();
  const drafts = await seedEligibleDrafts(databaseUrl, submitterId, (15 + rounds * seconds) * 2_000);
  const token = await tokens.sign(submitterId, 3600);
  const app = await startServer('app-server.js', env);
  let next = 0;
  const instance = (duration: number) =>
    autocannon({
      url: app.url,
      connections: 20,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: `/api/proposals/${drafts[next++ % drafts.length]}/transitions/submit`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ version: 1 }),
          }),
        },
      ],
    });
  await instance(15); // warm-up: prepared statements on every pooled connection, JIT, caches
  // Alternating rounds (app, pgbench, app, …) so that a slow spell of the machine falls on both alike.
  const runs: LoadResult[] = [];
  const pgbenchRuns: Array<{ tps: number; latencyMs: string }> = [];
  const statusCodes: Record<string, number> = {};
  for (let round = 0; round < rounds; round += 1) {
    const result = await instance(seconds);
    for (const [code, { count }] of Object.entries(
      result.statusCodeStats as Record<string, { count: number }>,
    )) {
      statusCodes[code] = (statusCodes[code] ?? 0) + count;
    }
    runs.push({
      label: `submit via HTTP (state, revision, audit, outbox), round ${round + 1}`,
      // Successful submits only: should the drafts run out, 409s must not count as throughput.
      requestsPerSecond: Math.round(result['2xx'] / result.duration),
      p50: result.latency.p50,
      p95: result.latency.p97_5,
      p99: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
    });
    pgbenchRuns.push(await runPgbench(seconds));
  }
  await app.stop();
  const counts = await countWrites(databaseUrl);
  const measured = median(runs);
  const pgbenchTps = middle(pgbenchRuns.map((run) => run.tps));
  printTable(`(d) submit transitions, 20 connections, ${rounds} rounds of ${seconds} s`, runs);
  process.stdout.write(
    `pgbench tpcb-like, 20 clients, ${seconds} s per round: ${pgbenchRuns.map((run) => run.tps.toFixed(0)).join(', ')} tps (median ${pgbenchTps.toFixed(0)})\n` +
      `(d) transitions/pgbench = ${(measured.requestsPerSecond / pgbenchTps).toFixed(2)} (medians; target ≥ 0.3); p99 ${measured.p99} ms (median of the rounds' p99; target < 50)\n` +
      `status codes: ${JSON.stringify(statusCodes)}\n` +
      `writes after the run: ${counts.submitted} submitted proposals, ${counts.revisions} revisions, ${counts.audit} submit audit events, ${counts.outbox} proposal.submitted outbox events\n`,
  );
}

async function countWrites(
  databaseUrl: string,
): Promise<{ submitted: number; revisions: number; audit: number; outbox: number }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query<{ submitted: number; revisions: number; audit: number; outbox: number }>(
      `SELECT (SELECT count(*)::int FROM proposals WHERE reference LIKE 'DRAFT-%' AND state = 'submitted') AS submitted,
              (SELECT count(*)::int FROM proposal_revisions) AS revisions,
              (SELECT count(*)::int FROM audit_events WHERE to_state = 'submitted') AS audit,
              (SELECT count(*)::int FROM outbox_events WHERE event_type = 'proposal.submitted') AS outbox`,
    );
    return rows.rows[0]!;
  } finally {
    await db.end();
  }
}

function pgbenchConnection(): string[] {
  const url = new URL(BENCH_DB_HOST_URL);
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
}

/** pgbench's TPC-B-like tables in a scratch database, on the same server. */
async function preparePgbench(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${BENCH_DB_HOST_URL}/postgres` });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS flagship_bench_pgbench WITH (FORCE)');
  await admin.query('CREATE DATABASE flagship_bench_pgbench');
  await admin.end();
  await run$('pgbench', [...pgbenchConnection(), '-i', '-s', '1', '-q', 'flagship_bench_pgbench']);
}

/** pgbench's TPC-B-like run, same client count, same machine, same run. */
async function runPgbench(seconds: number): Promise<{ tps: number; latencyMs: string }> {
  const { stdout } = await run$('pgbench', [
    ...pgbenchConnection(),
    '-c',
    '20',
    '-j',
    '2',
    '-T',
    String(seconds),
    '-b',
    'tpcb-like',
    'flagship_bench_pgbench',
  ]);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const latencyMs = /latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? '?';
  return { tps, latencyMs };
}

async function explain(databaseUrl: string, coordinatorId: string, page500Cursor: string): Promise<void> {
  const { buildProposalListQuery } =
    await import('../src/modules/proposals/queries/proposal-list.service.js');
  const { buildPublicPageQuery } = await import('../src/modules/public-registry/public-registry.service.js');
  const { viewerOf } = await import('../src/modules/proposals/proposal-visibility.js');
  const { AUTH_USER_SQL } = await import('../src/modules/auth/auth-user.loader.js');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const user = (await db.query(AUTH_USER_SQL, [coordinatorId])).rows[0];
    const viewer = viewerOf(user);
    const leadId = (await db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'lead7@bench.test'`))
      .rows[0]!.id;
    const lead = viewerOf((await db.query(AUTH_USER_SQL, [leadId])).rows[0]);
    const statements: Array<[string, { sql: string; values: unknown[] }]> = [
      ['public registry, action C.1', buildPublicPageQuery({ actionCode: 'C.1' }, 21, null)],
      ['public registry, country LT + q', buildPublicPageQuery({ country: 'LT', q: 'rescue' }, 21, null)],
      ['coordinator list page 1', buildProposalListQuery(viewer, {})],
      ['coordinator list page 500', buildProposalListQuery(viewer, { cursor: page500Cursor })],
      ['coordinator list, state submitted', buildProposalListQuery(viewer, { state: ['submitted'] })],
      ['coordinator list, sort title', buildProposalListQuery(viewer, { sort: 'title' })],
      ['coordinator list, q', buildProposalListQuery(viewer, { q: 'flood network' })],
      ['lead list', buildProposalListQuery(lead, {})],
    ];
    for (const [label, { sql, values }] of statements) {
      const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values);
      process.stdout.write(`\n=== ${label}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
    }
  } finally {
    await db.end();
  }
}
