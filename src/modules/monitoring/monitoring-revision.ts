import type { EntityManager } from 'typeorm';

/**
 * Bumps the policy area's monitoring revision inside the caller's transaction (see the monitoring_revisions
 * migration). Every write that changes what the indicator status shows calls this.
 */
export const MonitoringRevision = {
  async bump(manager: EntityManager, policyAreaId: string): Promise<void> {
    await manager.query(
      `INSERT INTO monitoring_revisions (policy_area_id, revision) VALUES ($1, 1)
       ON CONFLICT (policy_area_id) DO UPDATE SET revision = monitoring_revisions.revision + 1, updated_at = now()`,
      [policyAreaId],
    );
  },
};
