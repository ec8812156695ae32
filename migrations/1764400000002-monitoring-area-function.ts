import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `monitoring_area(code)`: the policy area with its reporting settings, start year and the fingerprint the
 * indicator status cache checks on every request. In PL/pgSQL so that its plan is prepared once per connection:
 * planning the equivalent ad-hoc statement cost more than running it.
 */
export class MonitoringAreaFunction1764400000002 implements MigrationInterface {
  name = 'MonitoringAreaFunction1764400000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION monitoring_area(p_code text)
      RETURNS TABLE (id uuid, code text, name text, reporting_frequency text, report_due_month smallint,
                     report_due_day smallint, first_year integer, created_on text, fingerprint text)
      LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN QUERY
        SELECT pa.id, pa.code, pa.name, pa.reporting_frequency, pa.report_due_month, pa.report_due_day,
               (SELECT min(i.baseline_year) FROM indicators i WHERE i.policy_area_id = pa.id),
               to_char(pa.created_at, 'YYYY-MM-DD'),
               coalesce((SELECT r.revision FROM monitoring_revisions r WHERE r.policy_area_id = pa.id), 0) || '|' ||
               (SELECT count(*) || ':' || coalesce(max(p.updated_at)::text, '') FROM proposals p
                 WHERE p.policy_area_id = pa.id AND p.state IN ('approved', 'completed')) || '|' ||
               (SELECT count(*) || ':' || count(t.retired_at) || ':' || coalesce(max(t.created_at)::text, '')
                  FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id WHERE i.policy_area_id = pa.id)
               || '|' || pa.updated_at::text
          FROM policy_areas pa WHERE pa.code = p_code;
      END $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION monitoring_area(text)`);
  }
}
