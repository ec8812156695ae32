import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migration-runner.js';
import {
  catalogFiles,
  importCatalog,
  readCatalogFile,
} from '../../src/modules/catalog/import/catalog-importer.js';

export const BENCH_DB_HOST_URL = process.env.BENCH_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh database for one benchmark: migrated and loaded with the real catalog. */
export async function freshBenchDatabase(name: string): Promise<AppConfig> {
  const admin = new pg.Client({ connectionString: `${BENCH_DB_HOST_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: `${BENCH_DB_HOST_URL}/${name}`,
    LOG_LEVEL: 'warn',
  });
  await runMigrations(config);
  const dataSource = await new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } }).initialize();
  try {
    for (const file of await catalogFiles()) await importCatalog(dataSource, await readCatalogFile(file));
  } finally {
    await dataSource.destroy();
  }
  return config;
}

export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

/** BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": Node options for the processes a bench spawns. */
export function benchNodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/**
 * Starts a compiled server script (dist/bench/servers/*.js) in its own process, so the load generator and the
 * server do not share one event loop. Resolves when the script prints "listening".
 */
export async function startServer(script: string, env: Record<string, string>): Promise<RunningServer> {
  const port = await sparePort();
  const here = path.dirname(new URL(import.meta.url).pathname);
  const child: ChildProcess = spawn(
    process.execPath,
    [...benchNodeArgs(), path.join(here, '..', 'servers', script)],
    {
      env: { ...process.env, ...env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon against one URL; a short warm-up run first so JIT and pools are warm. */
export async function load(
  label: string,
  url: string,
  options: { connections?: number; seconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const base = { url, connections: options.connections ?? 50, headers: options.headers ?? {} };
  await autocannon({ ...base, duration: 2 });
  const result = await autocannon({ ...base, duration: options.seconds ?? 10 });
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p95: result.latency.p97_5 /* autocannon reports 97.5, not 95 */,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function printTable(title: string, rows: LoadResult[]): void {
  process.stdout.write(`\n${title}\n`);
  console.table(
    rows.map((row) => ({
      case: row.label,
      'req/s': row.requestsPerSecond,
      'p50 ms': row.p50,
      'p97.5 ms': row.p95,
      'p99 ms': row.p99,
      errors: row.errors,
      non2xx: row.non2xx,
    })),
  );
}
