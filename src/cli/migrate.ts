import { loadConfig } from '../config/app-config.js';
import { runMigrations } from '../database/migration-runner.js';

/** `node dist/src/cli/migrate.js up|down`: applies (or reverts the last) migration under an advisory lock. */
async function main(): Promise<void> {
  const direction = process.argv[2] === 'down' ? 'down' : 'up';
  const applied = await runMigrations(loadConfig(), direction);
  process.stdout.write(
    direction === 'down'
      ? 'Reverted the last migration\n'
      : applied.length
        ? `Applied: ${applied.join(', ')}\n`
        : 'Database schema is up to date\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
