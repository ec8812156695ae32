import type { MigrationInterface, QueryRunner } from 'typeorm';

const CATALOG_TABLES = [
  'strategies',
  'policy_areas',
  'sections',
  'actions',
  'objectives',
  'indicators',
  'indicator_targets',
];

/** Tells every API instance that the catalog changed, so their read caches are dropped at once. */
export class CatalogChangeNotify1764000000001 implements MigrationInterface {
  name = 'CatalogChangeNotify1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION catalog_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('catalog_changed', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
    `);
    for (const table of CATALOG_TABLES) {
      await db.query(
        `CREATE TRIGGER ${table}_catalog_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed_notify()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of CATALOG_TABLES) await db.query(`DROP TRIGGER ${table}_catalog_changed ON ${table}`);
    await db.query('DROP FUNCTION catalog_changed_notify()');
  }
}
