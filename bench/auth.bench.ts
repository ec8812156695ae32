import { cpus } from 'node:os';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import pg from 'pg';
import { ARGON2_PARAMETERS } from '../src/modules/auth/password-hasher.js';
import { freshBenchDatabase, load, printTable, startServer, type LoadResult } from './support/bench-kit.js';

const EMAIL = 'bench-user@bench.test';
const PASSWORD = 'bench-password-0123';
const ROUNDS = 5;

/** The round with the median requests per second. */
function median(rounds: LoadResult[]): LoadResult {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Issue 3: (a) login throughput against the raw argon2id verify rate measured in the same run (login is bounded
 * by argon2: the gap is what sessions, audit and HTTP add); (b) what the guard costs: the same public route with
 * a valid Bearer token (JWT check + the user and grants, from the cache AuthUserLoader keeps) and without.
 * The API runs in its own process (bench/servers/app-server.ts) so the load generator does not share its event loop.
 */
export async function run(): Promise<void> {
  const config = await freshBenchDatabase('flagship_bench_auth');
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, ...ARGON2_PARAMETERS });
  const db = new pg.Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO users (email, name, organisation, country, password_hash, email_verified_at)
     VALUES ($1, 'Bench User', 'Bench', 'SE', $2, now())`,
    [EMAIL, hash],
  );
  await db.end();

  // (a) Baseline: raw argon2.verify in this process, one at a time and as many at once as there are cores.
  const cores = cpus().length;
  const serial = await verifyRate(hash, 1, 5);
  const parallel = await verifyRate(hash, cores, 5);

  const env = {
    DATABASE_URL: config.DATABASE_URL,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    QUEUE_PREFIX: 'flagship-bench-auth',
  };
  const app = await startServer('app-server.js', env);
  try {
    const logins = await loginRate(app.url, cores, 10);

    // (b) The guard's cost on an authenticated GET: same route, with and without a valid token.
    const session = (await (
      await fetch(`${app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      })
    ).json()) as { accessToken: string };
    // Alternating rounds, median of each: on a shared machine one long run can land in someone else's load spike.
    const path = '/api/catalog/policy-areas';
    const anonymousRounds: LoadResult[] = [];
    const authenticatedRounds: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      anonymousRounds.push(await load(`GET ${path} without a token`, app.url + path, { seconds: 5 }));
      authenticatedRounds.push(
        await load(`GET ${path} with a valid Bearer token`, app.url + path, {
          seconds: 5,
          headers: { authorization: `Bearer ${session.accessToken}` },
        }),
      );
    }
    const anonymous = median(anonymousRounds);
    const authenticated = median(authenticatedRounds);

    process.stdout.write(`\n(a) login throughput (${cores} cores, argon2id m=19456 t=2 p=1)\n`);
    console.table([
      { case: 'raw argon2.verify, 1 at a time (baseline)', 'per second': serial.toFixed(1) },
      { case: `raw argon2.verify, ${cores} at once (baseline)`, 'per second': parallel.toFixed(1) },
      {
        case: `POST /api/auth/login, ${cores} connections`,
        'per second': logins.perSecond.toFixed(1),
        'p99 ms': logins.p99,
        non2xx: logins.non2xx,
      },
    ]);
    process.stdout.write(
      `login / raw verify (${cores} at once) = ${(logins.perSecond / parallel).toFixed(2)}\n`,
    );
    printTable(`(b) guard cost, 50 connections, median of ${ROUNDS} alternating 5 s rounds`, [
      anonymous,
      authenticated,
    ]);
    process.stdout.write(
      `rounds req/s without: ${anonymousRounds.map((r) => r.requestsPerSecond).join(', ')}; ` +
        `with: ${authenticatedRounds.map((r) => r.requestsPerSecond).join(', ')}\n`,
    );
    process.stdout.write(
      `with token / without: req/s ratio ${(authenticated.requestsPerSecond / anonymous.requestsPerSecond).toFixed(2)}, ` +
        `p99 ${authenticated.p99} ms vs ${anonymous.p99} ms\n`,
    );
  } finally {
    await app.stop();
  }
}

/** Verifies per second over `seconds`, `concurrency` verifies in flight (argon2 runs on libuv's thread pool). */
async function verifyRate(hash: string, concurrency: number, seconds: number): Promise<number> {
  await argon2.verify(hash, PASSWORD);
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        if (!(await argon2.verify(hash, PASSWORD))) throw new Error('verify failed');
        done += 1;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

async function loginRate(
  url: string,
  connections: number,
  seconds: number,
): Promise<{ perSecond: number; p99: number; non2xx: number }> {
  const options = {
    url: `${url}/api/auth/login`,
    method: 'POST' as const,
    connections,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: seconds });
  return { perSecond: result.requests.total / seconds, p99: result.latency.p99, non2xx: result.non2xx };
}
