// Runs once per test run, before any test file. Jest loads global setup outside its ESM module graph, so this
// file is plain JavaScript over the compiled output (`npm test` builds first).
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../dist/src/config/app-config.js';
import { dataSourceOptions } from '../../dist/src/database/data-source-options.js';
import { runMigrations } from '../../dist/src/database/migration-runner.js';
import {
  catalogFiles,
  importCatalog,
  readCatalogFile,
} from '../../dist/src/modules/catalog/import/catalog-importer.js';

const TEST_DB_HOST_URL = process.env.TEST_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432';
const TEST_TEMPLATE_DB = `${process.env.TEST_RUN_PREFIX ?? 'flagship_test'}_template`;

/**
 * Builds the template database: migrated by the real migrations and loaded with the real catalog.
 * Each test file then gets a fresh copy of it (test/support/database.ts).
 */
export default async function globalSetup() {
  const admin = new pg.Client({ connectionString: `${TEST_DB_HOST_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEST_TEMPLATE_DB} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: `${TEST_DB_HOST_URL}/${TEST_TEMPLATE_DB}` });
  await runMigrations(config);
  const dataSource = await new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } }).initialize();
  try {
    for (const file of await catalogFiles()) await importCatalog(dataSource, await readCatalogFile(file));
  } finally {
    await dataSource.destroy();
  }
}
