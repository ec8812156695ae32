/** Names shared by the global setup and each test file: one database and one queue prefix per Jest worker. */
export const TEST_DB_HOST_URL = process.env.TEST_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** Lets several test runs share one PostgreSQL and Redis (set TEST_RUN_PREFIX to something unique per run). */
export const TEST_RUN_PREFIX = process.env.TEST_RUN_PREFIX ?? 'flagship_test';
export const TEST_TEMPLATE_DB = `${TEST_RUN_PREFIX}_template`;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function workerId(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

export function workerDatabaseName(): string {
  return `${TEST_RUN_PREFIX}_w${workerId()}`;
}

export function workerQueuePrefix(): string {
  return `${TEST_RUN_PREFIX.replace(/_/g, '-')}-w${workerId()}`;
}
