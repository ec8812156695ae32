import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A co-editor invited by e-mail before they had an account becomes a co-editor in fact as soon as an account
 * with that e-mail exists, however the account is created (registration, invitation, admin, seed).
 */
export class CoEditorLinking1764200000001 implements MigrationInterface {
  name = 'CoEditorLinking1764200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION proposal_co_editors_link_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE proposal_co_editors SET user_id = NEW.id WHERE user_id IS NULL AND email = lower(NEW.email);
        RETURN NULL;
      END $$;
      CREATE TRIGGER users_link_co_editors AFTER INSERT OR UPDATE OF email ON users
        FOR EACH ROW EXECUTE FUNCTION proposal_co_editors_link_user();
      UPDATE proposal_co_editors ce SET user_id = u.id FROM users u WHERE ce.user_id IS NULL AND u.email = ce.email;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER users_link_co_editors ON users;
      DROP FUNCTION proposal_co_editors_link_user();
    `);
  }
}
