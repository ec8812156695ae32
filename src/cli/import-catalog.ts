import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { catalogFiles, importCatalog, readCatalogFile } from '../modules/catalog/import/catalog-importer.js';

/** `node dist/src/cli/import-catalog.js [file…]`: loads catalog data files (all of catalog/ by default). */
async function main(): Promise<void> {
  const config = loadConfig();
  const files = process.argv.slice(2).length ? process.argv.slice(2) : await catalogFiles();
  const dataSource = await new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } }).initialize();
  try {
    for (const file of files) {
      const catalog = await readCatalogFile(file);
      const counts = await importCatalog(dataSource, catalog);
      process.stdout.write(
        `${catalog.policyArea.code} (catalog ${catalog.catalogVersion}): ${counts.inserted} inserted, ${counts.updated} updated, ${counts.retired} retired, ${counts.unchanged} unchanged\n`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
