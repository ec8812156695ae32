import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision counter per policy area, bumped in every transaction that changes what the indicator status shows
 * (report accepted, target revised, deliverable added/rescheduled/cancelled). The monitoring read caches its
 * computed answer per revision; the row lock serialises bumps, so every commit yields a new value.
 */
export class MonitoringRevisions1764400000001 implements MigrationInterface {
  name = 'MonitoringRevisions1764400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE monitoring_revisions (
        policy_area_id uuid PRIMARY KEY REFERENCES policy_areas(id),
        revision bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE monitoring_revisions`);
  }
}
