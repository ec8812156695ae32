import type { MigrationInterface, QueryRunner } from 'typeorm';

const AUTH_TABLES = ['users', 'role_grants'];

/**
 * Tells every instance that accounts or grants changed, so the guard's cache of users and their grants is
 * emptied at once (a deactivation or a revoked grant must not outlive the notification).
 */
export class AuthChangedNotify1764500000000 implements MigrationInterface {
  name = 'AuthChangedNotify1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION auth_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_changed', '');
        RETURN NULL;
      END $$;
    `);
    for (const table of AUTH_TABLES) {
      await db.query(
        `CREATE TRIGGER ${table}_auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_notify()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of AUTH_TABLES) await db.query(`DROP TRIGGER ${table}_auth_changed ON ${table}`);
    await db.query(`DROP FUNCTION auth_changed_notify()`);
  }
}
