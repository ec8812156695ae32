import type { EntityManager } from 'typeorm';

/**
 * `indicator_progress` is a summary of accepted report items per indicator and flagship, so that the indicator
 * status never aggregates report items at read time. It is written in the transaction that accepts a report
 * (`applyAcceptedReport`) and can be recomputed from scratch (`rebuild`, `npm run monitoring:rebuild`).
 *
 * An item "contributes" (counts towards `contributions`) when it reports activity: status in_progress,
 * delivered or delayed, a value, or a milestone date. `latest_value` is the value of the latest period.
 */
const CONTRIBUTES = `(ri.status IN ('in_progress', 'delivered', 'delayed')
  OR ri.contributed_value IS NOT NULL OR ri.milestone_reached_on IS NOT NULL)`;

/** The aggregate of accepted items per (indicator, flagship); also what the benchmark compares against. */
export const ACCEPTED_ITEMS_AGGREGATE = `
  SELECT ri.indicator_id, pr.proposal_id,
         coalesce(sum(ri.contributed_value), 0) AS sum_value,
         (array_agg(ri.contributed_value ORDER BY pr.period_end DESC, ri.position DESC)
            FILTER (WHERE ri.contributed_value IS NOT NULL))[1] AS latest_value,
         max(pr.period_end) FILTER (WHERE ri.contributed_value IS NOT NULL) AS latest_at,
         min(ri.milestone_reached_on) AS milestone_reached_on,
         count(*) FILTER (WHERE ${CONTRIBUTES})::int AS contributions
    FROM report_items ri JOIN progress_reports pr ON pr.id = ri.report_id
   WHERE pr.state = 'accepted' AND ri.indicator_id IS NOT NULL`;

export const IndicatorProgressSummary = {
  /** Adds one just-accepted report to the summary (same transaction as the acceptance). */
  async applyAcceptedReport(manager: EntityManager, reportId: string): Promise<void> {
    await manager.query(
      `INSERT INTO indicator_progress AS ip
              (indicator_id, proposal_id, sum_value, latest_value, latest_at, milestone_reached_on, contributions)
       ${ACCEPTED_ITEMS_AGGREGATE} AND pr.id = $1
       GROUP BY ri.indicator_id, pr.proposal_id
       ON CONFLICT (indicator_id, proposal_id) DO UPDATE SET
         sum_value = ip.sum_value + EXCLUDED.sum_value,
         latest_value = CASE WHEN EXCLUDED.latest_at IS NOT NULL AND (ip.latest_at IS NULL OR EXCLUDED.latest_at >= ip.latest_at)
                             THEN EXCLUDED.latest_value ELSE ip.latest_value END,
         latest_at = greatest(ip.latest_at, EXCLUDED.latest_at),
         milestone_reached_on = least(ip.milestone_reached_on, EXCLUDED.milestone_reached_on),
         contributions = ip.contributions + EXCLUDED.contributions,
         updated_at = now()`,
      [reportId],
    );
  },

  /** Recomputes the whole summary from accepted reports (after a data repair, or to check it). */
  async rebuild(manager: EntityManager): Promise<number> {
    await manager.query(`LOCK TABLE indicator_progress IN EXCLUSIVE MODE`);
    await manager.query(`DELETE FROM indicator_progress`);
    await manager.query(
      `INSERT INTO indicator_progress
              (indicator_id, proposal_id, sum_value, latest_value, latest_at, milestone_reached_on, contributions)
       ${ACCEPTED_ITEMS_AGGREGATE}
       GROUP BY ri.indicator_id, pr.proposal_id`,
    );
    const rows = (await manager.query(`SELECT count(*)::int AS count FROM indicator_progress`)) as Array<{
      count: number;
    }>;
    return rows[0]?.count ?? 0;
  },
};
