import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { IndicatorProgressSummary } from '../modules/monitoring/indicator-progress.js';

/** `npm run monitoring:rebuild`: recomputes indicator_progress from the accepted reports (after a data repair). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } }).initialize();
  try {
    const rows = await dataSource.transaction(async (manager) => {
      const count = await IndicatorProgressSummary.rebuild(manager);
      // Every cached indicator status is stale now.
      await manager.query(
        `INSERT INTO monitoring_revisions (policy_area_id, revision) SELECT id, 1 FROM policy_areas
         ON CONFLICT (policy_area_id) DO UPDATE SET revision = monitoring_revisions.revision + 1, updated_at = now()`,
      );
      return count;
    });
    process.stdout.write(`indicator_progress rebuilt: ${rows} rows\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
