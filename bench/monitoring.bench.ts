import autocannon from 'autocannon';
import pg from 'pg';
import { AccessTokenService } from '../src/modules/auth/access-token.service.js';
import { ACCEPTED_ITEMS_AGGREGATE } from '../src/modules/monitoring/indicator-progress.js';
import { loadConfig } from '../src/config/app-config.js';
import { BENCH_DB_HOST_URL, freshBenchDatabase, startServer } from './support/bench-kit.js';

const FLAGSHIPS = 1_000;
const DELIVERABLES_PER_FLAGSHIP = 20;
const PERIODS = 50; // 1,000 flagships × 50 accepted reports × 20 items = 1,000,000 accepted report values
const AS_OF = '2026-06-30';

interface Percentiles {
  case: string;
  samples: number;
  'per s': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
}

/**
 * Issue 6: the policy area's indicator status with 1,000 flagships, 20,000 deliverables and 1,000,000 accepted
 * report values. Target: p95 < 50 ms. Compared in the same run with the SQL run directly with pg: the plain
 * aggregate over accepted report items (what the endpoint would cost without the summary) and the summary
 * query the endpoint actually runs. `npm run bench -- monitoring [connections] [seconds] [--reuse]` (--reuse keeps
 * the data of the previous run).
 */
export async function run(args: string[]): Promise<void> {
  const reuse = args.includes('--reuse');
  const [connections, seconds] = args.filter((arg) => !arg.startsWith('--')).map(Number) as [
    number?,
    number?,
  ];
  return measureAll(reuse, connections ?? 10, seconds ?? 10);
}

async function measureAll(reuse: boolean, connections: number, seconds: number): Promise<void> {
  const name = 'flagship_bench_monitoring';
  const config = reuse
    ? loadConfig({ ...process.env, DATABASE_URL: `${BENCH_DB_HOST_URL}/${name}`, LOG_LEVEL: 'warn' })
    : await freshBenchDatabase(name);
  const db = new pg.Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  const started = Date.now();
  const { areaId, coordinatorId } = reuse ? await existing(db) : await generate(db);
  process.stdout.write(
    `${reuse ? 'reused' : 'generated'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${await counts(db)}\n`,
  );
  await db.end();

  const token = await new AccessTokenService(config).sign(coordinatorId, 3600);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: connections });
  const rows: Percentiles[] = [];
  try {
    rows.push(
      await measureQuery(
        pool,
        'plain SQL aggregate over accepted report items (pg, baseline)',
        `SELECT ri.indicator_id, coalesce(sum(ri.contributed_value), 0) AS sum_value,
                (array_agg(ri.contributed_value ORDER BY pr.period_end DESC) FILTER (WHERE ri.contributed_value IS NOT NULL))[1] AS latest,
                min(ri.milestone_reached_on) AS reached,
                count(*) FILTER (WHERE ri.status IN ('in_progress', 'delivered', 'delayed') OR ri.contributed_value IS NOT NULL) AS contributions,
                count(DISTINCT pr.proposal_id) AS flagships
           FROM report_items ri JOIN progress_reports pr ON pr.id = ri.report_id
          WHERE pr.state = 'accepted' AND pr.policy_area_id = $1 AND ri.indicator_id IS NOT NULL
          GROUP BY ri.indicator_id`,
        [areaId],
        connections,
        seconds,
      ),
    );
    rows.push(
      await measureQuery(
        pool,
        'summary query the endpoint runs (pg, indicator_progress)',
        `SELECT ip.indicator_id, sum(ip.sum_value) AS sum_value,
                (array_agg(ip.latest_value ORDER BY ip.latest_at DESC) FILTER (WHERE ip.latest_at IS NOT NULL))[1] AS latest,
                min(ip.milestone_reached_on) AS reached, sum(ip.contributions)::int AS contributions,
                json_agg(json_build_object('reference', p.reference, 'title', p.title) ORDER BY p.reference)
                  FILTER (WHERE ip.contributions > 0) AS flagships
           FROM indicator_progress ip
           JOIN indicators i ON i.id = ip.indicator_id
           JOIN proposals p ON p.id = ip.proposal_id
          WHERE i.policy_area_id = $1 AND p.state IN ('approved', 'completed')
          GROUP BY ip.indicator_id`,
        [areaId],
        connections,
        seconds,
      ),
    );
  } finally {
    await pool.end();
  }

  const app = await startServer('app-server.js', {
    DATABASE_URL: config.DATABASE_URL,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: 'flagship-bench-monitoring',
  });
  try {
    const path = `/api/monitoring/policy-areas/SECURE/indicators?asOf=${AS_OF}`;
    const probe = await fetch(app.url + path, { headers: { authorization: `Bearer ${token}` } });
    const body = (await probe.json()) as { indicators?: Array<{ targets: Array<{ status: string }> }> };
    if (probe.status !== 200 || !body.indicators) throw new Error(`probe answered ${probe.status}`);
    process.stdout.write(
      `endpoint answers ${body.indicators.length} indicators, ${JSON.stringify(body).length} bytes per response\n`,
    );
    rows.push(
      await measureHttp(`GET ${path} (app, autocannon)`, app.url + path, token, connections, seconds),
    );
    // The cold path: a different asOf day on every request, so the answer cache never hits.
    let day = 0;
    const coldPath = (): string =>
      `/api/monitoring/policy-areas/SECURE/indicators?asOf=${new Date(Date.UTC(2000, 0, 1 + (day++ % 9000))).toISOString().slice(0, 10)}`;
    rows.push(
      await measureHttp(
        'same, asOf varied per request: cache miss every time (app, autocannon)',
        app.url,
        token,
        connections,
        seconds,
        coldPath,
      ),
    );
  } finally {
    await app.stop();
  }
  process.stdout.write(
    `\nindicator status, ${connections} concurrent, ${seconds} s each (after a 2 s warm-up)\n`,
  );
  console.table(rows);
  const endpoint = rows[2]!;
  const cold = rows[3]!;
  process.stdout.write(
    `endpoint p95 ${endpoint['p95 ms']} ms (target < 50 ms): ${endpoint['p95 ms'] < 50 ? 'met' : 'NOT met'}; ` +
      `cold path (every request recomputed from the summary) p95 ${cold['p95 ms']} ms\n`,
  );
}

async function generate(db: pg.Client): Promise<{ areaId: string; coordinatorId: string }> {
  const area = await db.query<{ id: string }>(`SELECT id FROM policy_areas WHERE code = 'SECURE'`);
  const areaId = area.rows[0]!.id;
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (email, name, organisation, country, password_hash, email_verified_at)
     VALUES ('lead@bench.test', 'Bench lead', 'Bench', 'SE', 'x', now()),
            ('coordinator@bench.test', 'Bench coordinator', 'Bench', 'SE', 'x', now())
     RETURNING id`,
  );
  const [leadId, coordinatorId] = users.rows.map((row) => row.id) as [string, string];
  await db.query(`INSERT INTO role_grants (user_id, role, policy_area_id) VALUES ($1, 'coordinator', $2)`, [
    coordinatorId,
    areaId,
  ]);
  await db.query(
    `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, revision, submitted_at, approved_at)
     SELECT $1, 'SECURE-2026-' || lpad(g::text, 5, '0'), $2, 'approved', 'Bench flagship ' || g, 1, now(), now()
       FROM generate_series(1, $3::int) g`,
    [areaId, leadId, FLAGSHIPS],
  );
  await db.query(
    `INSERT INTO proposal_actions (proposal_id, action_id)
     SELECT p.id, (SELECT array_agg(id ORDER BY code) FROM actions WHERE policy_area_id = $1)[1 + (row_number() OVER (ORDER BY p.reference))::int % 8]
       FROM proposals p`,
    [areaId],
  );
  // Each flagship delivers to two indicators (a project contributes to a few, not to all of them).
  await db.query(
    `WITH ind AS (SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM indicators WHERE policy_area_id = $1),
          fl AS (SELECT id, row_number() OVER (ORDER BY reference)::int AS n FROM proposals)
     INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, is_milestone, tracked_at)
     SELECT fl.id, d, 'Deliverable ' || d, DATE '2026-01-01' + (d * 30), ind.ids[1 + (fl.n + (d % 2) * 7) % ind.n],
            false, now()
       FROM fl, ind, generate_series(0, $2::int - 1) d`,
    [areaId, DELIVERABLES_PER_FLAGSHIP],
  );
  await db.query(
    `UPDATE deliverables d SET is_milestone = true FROM indicators i WHERE i.id = d.indicator_id AND i.kind = 'milestone'`,
  );
  await db.query(
    `INSERT INTO progress_reports (proposal_id, policy_area_id, period_label, period_start, period_end, due_date, state,
                                   submitted_at, decided_at, decided_by_id)
     SELECT p.id, $1, y::text, make_date(y, 1, 1), make_date(y, 12, 31), make_date(y + 1, 3, 31), 'accepted', now(), now(), $2
       FROM proposals p, generate_series(2026 - $3::int + 1, 2026) y`,
    [areaId, coordinatorId, PERIODS],
  );
  await db.query(
    `INSERT INTO report_items (report_id, deliverable_id, indicator_id, position, status, contributed_value, milestone_reached_on)
     SELECT r.id, d.id, d.indicator_id, d.position, 'in_progress',
            CASE WHEN i.kind = 'count' THEN (random() * 3)::int WHEN i.kind = 'percent' THEN round((20 + random() * 20)::numeric, 1) END,
            CASE WHEN i.kind = 'milestone' AND random() < 0.01 THEN r.period_end END
       FROM progress_reports r
       JOIN deliverables d ON d.proposal_id = r.proposal_id
       JOIN indicators i ON i.id = d.indicator_id`,
  );
  await db.query(
    `INSERT INTO indicator_progress (indicator_id, proposal_id, sum_value, latest_value, latest_at, milestone_reached_on, contributions)
     ${ACCEPTED_ITEMS_AGGREGATE} GROUP BY ri.indicator_id, pr.proposal_id`,
  );
  await db.query(`VACUUM ANALYZE`);
  return { areaId, coordinatorId };
}

async function existing(db: pg.Client): Promise<{ areaId: string; coordinatorId: string }> {
  const result = await db.query<{ area_id: string; coordinator_id: string }>(
    `SELECT (SELECT id FROM policy_areas WHERE code = 'SECURE') AS area_id,
            (SELECT id FROM users WHERE email = 'coordinator@bench.test') AS coordinator_id`,
  );
  return { areaId: result.rows[0]!.area_id, coordinatorId: result.rows[0]!.coordinator_id };
}

async function counts(db: pg.Client): Promise<string> {
  const result = await db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM proposals WHERE state = 'approved') AS flagships,
            (SELECT count(*) FROM deliverables) AS deliverables,
            (SELECT count(*) FROM report_items ri JOIN progress_reports r ON r.id = ri.report_id WHERE r.state = 'accepted') AS accepted_values,
            (SELECT count(*) FROM indicator_progress) AS summary_rows`,
  );
  const row = result.rows[0]!;
  return `${row.flagships} flagships, ${row.deliverables} deliverables, ${row.accepted_values} accepted report values, ${row.summary_rows} indicator_progress rows`;
}

function percentiles(label: string, latencies: number[], elapsedMs: number, errors: number): Percentiles {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    return (
      Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10
    );
  };
  return {
    case: label,
    samples: sorted.length,
    'per s': Math.round((sorted.length / elapsedMs) * 1000),
    'p50 ms': at(50),
    'p95 ms': at(95),
    'p99 ms': at(99),
    errors,
  };
}

/** `connections` loops each running the query back to back; per-query wall time, exact percentiles. */
async function measureQuery(
  pool: pg.Pool,
  label: string,
  sql: string,
  params: unknown[],
  connections: number,
  seconds: number,
): Promise<Percentiles> {
  const loop = async (until: number, latencies: number[]): Promise<void> => {
    while (Date.now() < until) {
      const start = performance.now();
      await pool.query(sql, params);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: connections }, () => loop(Date.now() + 2000, [])));
  const latencies: number[] = [];
  const start = Date.now();
  await Promise.all(Array.from({ length: connections }, () => loop(start + seconds * 1000, latencies)));
  return percentiles(label, latencies, Date.now() - start, 0);
}

/** autocannon, with every response time recorded so that p95 is exact (autocannon itself reports p97.5). */
async function measureHttp(
  label: string,
  url: string,
  token: string,
  connections: number,
  seconds: number,
  path?: () => string,
): Promise<Percentiles> {
  const options = {
    url,
    connections,
    headers: { authorization: `Bearer ${token}` },
    ...(path
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: path() }) }] }
      : {}),
  };
  await autocannon({ ...options, duration: 2 });
  const latencies: number[] = [];
  let errors = 0;
  const start = Date.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, duration: seconds }, (error, finished) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) errors += 1;
      latencies.push(responseTime);
    });
  });
  return percentiles(label, latencies, Date.now() - start, errors + result.errors);
}
