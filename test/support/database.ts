import pg from 'pg';
import { TEST_DB_HOST_URL, TEST_TEMPLATE_DB, workerDatabaseName } from './test-env.js';

/** Gives the calling test file a fresh database: a copy of the migrated, catalog-loaded template. */
export async function resetTestDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${TEST_DB_HOST_URL}/postgres` });
  await admin.connect();
  try {
    const name = workerDatabaseName();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEST_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
}

/** A plain pg client on the test file's database, for assertions that look under the API. */
export async function connectTestDatabase(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: `${TEST_DB_HOST_URL}/${workerDatabaseName()}` });
  await client.connect();
  return client;
}
