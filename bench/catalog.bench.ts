import { freshBenchDatabase, load, printTable, startServer, type LoadResult } from './support/bench-kit.js';

/**
 * Issue 2: GET one action by code and the policy area tree, app vs bare Fastify + pg running the same SQL.
 * Target: the app reaches at least half the baseline's requests per second, p99 under 20 ms at 50 connections.
 */
export async function run(): Promise<void> {
  const config = await freshBenchDatabase('flagship_bench_catalog');
  const env = { DATABASE_URL: config.DATABASE_URL, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  const cases = [
    ['one action (A.1)', '/api/catalog/policy-areas/SECURE/actions/A.1'],
    ['policy area tree', '/api/catalog/policy-areas/SECURE'],
  ] as const;
  const rows: LoadResult[] = [];
  const ratios: string[] = [];
  for (const [label, path] of cases) {
    const bare = await startServer('bare-catalog-server.js', env);
    const baseline = await load(`${label} — bare Fastify + pg`, bare.url + path);
    await bare.stop();
    const app = await startServer('app-server.js', env);
    const measured = await load(`${label} — app`, app.url + path);
    await app.stop();
    rows.push(baseline, measured);
    ratios.push(
      `${label}: app/baseline = ${(measured.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)} (target ≥ 0.5), app p99 ${measured.p99} ms (target < 20)`,
    );
  }
  printTable(`catalog reads, 50 connections, 10 s each, app log level ${env.LOG_LEVEL}`, rows);
  process.stdout.write(`${ratios.join('\n')}\n`);
}
