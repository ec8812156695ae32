import type { EntityManager } from 'typeorm';

/**
 * "When a proposal becomes a flagship, its planned deliverables become tracked deliverables": the rows stay the
 * same, `tracked_at` marks when tracking began. The approval calls this in its transaction; the reporting
 * capability also calls it (idempotent) before it reads deliverables, so nothing depends on the hook alone.
 */
export const DeliverableTracking = {
  async startTracking(manager: EntityManager, proposalId: string): Promise<void> {
    await manager.query(
      `UPDATE deliverables SET tracked_at = now() WHERE proposal_id = $1 AND tracked_at IS NULL`,
      [proposalId],
    );
  },
};
