/**
 * The catalog's read queries. PostgreSQL assembles the JSON and hands it over as text, so one screen is one
 * round trip and Node neither parses nor re-serialises it; the benchmark's baseline runs these same statements.
 */
const targetJson = `json_build_object(
  'code', t.code, 'description', t.description, 'value', t.value::float8, 'deadline', t.deadline,
  'deadlineText', t.deadline_text, 'source', t.source, 'retired', t.retired_at IS NOT NULL)`;

const indicatorJson = (includeRetiredParam: string) => `json_build_object(
  'code', i.code, 'title', i.title, 'kind', i.kind, 'unit', i.unit,
  'baseline', json_build_object('text', i.baseline_text, 'year', i.baseline_year,
                                'value', i.baseline_value::float8, 'breakdown', i.baseline_breakdown),
  'retired', i.retired_at IS NOT NULL,
  'targets', COALESCE((SELECT json_agg(${targetJson} ORDER BY t.position, t.created_at)
                         FROM indicator_targets t
                        WHERE t.indicator_id = i.id AND (${includeRetiredParam} OR t.retired_at IS NULL)), '[]'::json))`;

const actionJson = `json_build_object('code', a.code, 'title', a.title, 'description', a.description,
  'retired', a.retired_at IS NOT NULL)`;

export const CatalogSql = {
  policyAreas: `
    SELECT COALESCE(json_agg(json_build_object('code', pa.code, 'name', pa.name, 'title', pa.title,
             'strategy', json_build_object('code', s.code, 'name', s.name),
             'coordinators', pa.coordinators, 'catalogVersion', pa.catalog_version,
             'actionCount', (SELECT count(*) FROM actions a WHERE a.policy_area_id = pa.id AND a.retired_at IS NULL),
             'indicatorCount', (SELECT count(*) FROM indicators i WHERE i.policy_area_id = pa.id AND i.retired_at IS NULL)
           ) ORDER BY s.code, pa.code), '[]'::json)::text AS item
      FROM policy_areas pa JOIN strategies s ON s.id = pa.strategy_id
     WHERE pa.retired_at IS NULL`,

  policyAreaTree: `
    SELECT json_build_object(
             'code', pa.code, 'name', pa.name, 'title', pa.title, 'description', pa.description,
             'strategy', json_build_object('code', s.code, 'name', s.name),
             'coordinators', pa.coordinators, 'website', pa.website, 'principles', pa.principles,
             'decisionRule', pa.decision_rule, 'quorum', pa.quorum,
             'reportingPeriod', json_build_object('frequency', pa.reporting_frequency,
                                                  'dueMonth', pa.report_due_month, 'dueDay', pa.report_due_day),
             'catalogVersion', pa.catalog_version,
             'sections', COALESCE((
               SELECT json_agg(json_build_object(
                        'code', sec.code, 'title', sec.title, 'description', sec.description,
                        'retired', sec.retired_at IS NOT NULL,
                        'actions', COALESCE((SELECT json_agg(${actionJson} ORDER BY a.position)
                                               FROM actions a
                                              WHERE a.section_id = sec.id AND ($2 OR a.retired_at IS NULL)), '[]'::json),
                        'objectives', COALESCE((
                          SELECT json_agg(json_build_object(
                                   'code', o.code, 'title', o.title,
                                   'baseline', json_build_object('text', o.baseline_text, 'year', o.baseline_year),
                                   'dataSources', o.data_sources, 'retired', o.retired_at IS NOT NULL,
                                   'indicators', COALESCE((SELECT json_agg(${indicatorJson('$2')} ORDER BY i.position)
                                                             FROM indicators i
                                                            WHERE i.objective_id = o.id AND ($2 OR i.retired_at IS NULL)),
                                                          '[]'::json)) ORDER BY o.position)
                            FROM objectives o
                           WHERE o.section_id = sec.id AND ($2 OR o.retired_at IS NULL)), '[]'::json))
                      ORDER BY sec.position)
                 FROM sections sec
                WHERE sec.policy_area_id = pa.id AND ($2 OR sec.retired_at IS NULL)), '[]'::json)
           )::text AS item
      FROM policy_areas pa JOIN strategies s ON s.id = pa.strategy_id
     WHERE pa.code = $1`,

  /** $1 policy area code, $2 include retired, $3 one action code or null for all: a JSON array as text. */
  actions: `
    SELECT COALESCE(json_agg(json_build_object('code', a.code, 'title', a.title, 'description', a.description,
             'retired', a.retired_at IS NOT NULL, 'policyArea', pa.code,
             'section', json_build_object('code', sec.code, 'title', sec.title)) ORDER BY sec.position, a.position),
             '[]'::json)::text AS item
      FROM actions a
      JOIN policy_areas pa ON pa.id = a.policy_area_id
      JOIN sections sec ON sec.id = a.section_id
     WHERE pa.code = $1 AND ($2 OR a.retired_at IS NULL) AND ($3::text IS NULL OR a.code = $3)`,

  /** $1 policy area code, $2 include retired, $3 one indicator code or null for all: a JSON array as text. */
  indicators: `
    SELECT COALESCE(json_agg((${indicatorJson('$2')})::jsonb || jsonb_build_object(
             'policyArea', pa.code,
             'objective', json_build_object('code', o.code, 'title', o.title),
             'section', json_build_object('code', sec.code, 'title', sec.title),
             'dataSources', o.data_sources) ORDER BY sec.position, o.position, i.position), '[]'::json)::text AS item
      FROM indicators i
      JOIN policy_areas pa ON pa.id = i.policy_area_id
      JOIN objectives o ON o.id = i.objective_id
      JOIN sections sec ON sec.id = o.section_id
     WHERE pa.code = $1 AND ($2 OR i.retired_at IS NULL) AND ($3::text IS NULL OR i.code = $3)`,
} as const;
