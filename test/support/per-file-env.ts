import { TEST_DB_HOST_URL, TEST_REDIS_URL, workerDatabaseName, workerQueuePrefix } from './test-env.js';

// Every test file starts from the same configuration: its worker's own database and queue prefix, no SMTP.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = `${TEST_DB_HOST_URL}/${workerDatabaseName()}`;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.QUEUE_PREFIX = workerQueuePrefix();
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = 'test-secret-test-secret-test-secret-0123';
process.env.DATABASE_POOL_SIZE = '10';
delete process.env.SMTP_URL;
// Many tests log in from one address within a minute; the rate-limit tests set their own low limit.
process.env.LOGIN_RATE_LIMIT_PER_MINUTE = '1000';
