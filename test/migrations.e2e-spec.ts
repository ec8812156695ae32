import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadConfig } from '../src/config/app-config.js';
import { runMigrations } from '../src/database/migration-runner.js';
import { MIGRATIONS } from '../src/database/migrations.js';
import { TEST_DB_HOST_URL, TEST_RUN_PREFIX, workerId } from './support/test-env.js';

const name = `${TEST_RUN_PREFIX}_migrate_w${workerId()}`;

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${TEST_DB_HOST_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

describe('migrations', () => {
  afterAll(dropDatabase);

  it('create the database on a fresh machine and run once when several instances start together', async () => {
    await dropDatabase();
    const config = loadConfig({ DATABASE_URL: `${TEST_DB_HOST_URL}/${name}` });
    const results = await Promise.all([runMigrations(config), runMigrations(config), runMigrations(config)]);
    // Exactly one instance applied them; the others waited on the advisory lock and found nothing to do.
    expect(results.map((applied) => applied.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    const rows = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows.rows[0].n).toBe(MIGRATIONS.length);
    await client.end();
  });

  it('revert the last migration and apply it again', async () => {
    const config = loadConfig({ DATABASE_URL: `${TEST_DB_HOST_URL}/${name}` });
    await runMigrations(config, 'down');
    const reapplied = await runMigrations(config);
    expect(reapplied).toHaveLength(1);
  });
});
