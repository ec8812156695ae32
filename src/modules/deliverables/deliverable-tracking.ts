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
    // Approval changes what monitoring shows: a new revision for the policy area (see MonitoringRevision).
    await manager.query(
      `INSERT INTO monitoring_revisions (policy_area_id, revision)
       SELECT policy_area_id, 1 FROM proposals WHERE id = $1
       ON CONFLICT (policy_area_id) DO UPDATE SET revision = monitoring_revisions.revision + 1, updated_at = now()`,
      [proposalId],
    );
  },
};
