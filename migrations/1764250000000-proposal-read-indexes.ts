import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the read side of proposals, checked with EXPLAIN on 10,000 proposals (bench/proposals.bench.ts):
 * every sort of the list walks an index in order (keyset: `(sort_key, id) < ($1, $2)`), so page 500 costs what
 * page 1 costs; the public registry walks only the approved and completed flagships in reference order.
 */
export class ProposalReadIndexes1764250000000 implements MigrationInterface {
  name = 'ProposalReadIndexes1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX proposals_updated_idx ON proposals (updated_at, id);
      CREATE INDEX proposals_created_idx ON proposals (created_at, id);
      CREATE INDEX proposals_title_idx ON proposals (title, id);
      CREATE INDEX proposals_public_reference_idx ON proposals (reference, id)
        WHERE state IN ('approved', 'completed');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX proposals_public_reference_idx, proposals_title_idx, proposals_created_idx, proposals_updated_idx;
    `);
  }
}
