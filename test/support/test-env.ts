/** Names shared by the global setup and each test file: one database and one queue prefix per Jest worker. */
export const TEST_DB_HOST_URL = process.env.TEST_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_TEMPLATE_DB = 'flagship_test_template';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function workerId(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

export function workerDatabaseName(): string {
  return `flagship_test_w${workerId()}`;
}

export function workerQueuePrefix(): string {
  return `flagship-test-w${workerId()}`;
}
