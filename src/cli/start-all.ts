import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { runMigrations } from '../database/migration-runner.js';
import { catalogFiles, importCatalog, readCatalogFile } from '../modules/catalog/import/catalog-importer.js';

/**
 * The one-command start: migrate, import the catalog, then run the API and the worker side by side.
 * SIGTERM/SIGINT are passed on; if either process dies, the other is stopped too so a supervisor restarts both.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');

  const dataSource = await new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } }).initialize();
  try {
    for (const file of await catalogFiles()) {
      const catalog = await readCatalogFile(file);
      const counts = await importCatalog(dataSource, catalog);
      log(`catalog ${catalog.policyArea.code} ${catalog.catalogVersion}: ${JSON.stringify(counts)}`);
    }
  } finally {
    await dataSource.destroy();
  }
  if (config.MAIL_CAPTURE)
    log('SMTP_URL is not set: e-mails are captured in the database and logged, not sent');

  const here = path.dirname(new URL(import.meta.url).pathname);
  const children: ChildProcess[] = [
    spawn(process.execPath, [path.join(here, '..', 'main.js')], { stdio: 'inherit' }),
    spawn(process.execPath, [path.join(here, '..', 'worker.js')], { stdio: 'inherit' }),
  ];
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGTERM'));
  let exitCode = 0;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) =>
          child.on('exit', (code) => {
            if (!stopping) {
              exitCode = code ?? 1;
              stopAll('SIGTERM');
            }
            resolve();
          }),
        ),
    ),
  );
  process.exit(exitCode);
}

function log(message: string): void {
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: new Date().toISOString(), name: 'start', msg: message })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigValidationError
      ? `${error.message}\n`
      : `Start failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
