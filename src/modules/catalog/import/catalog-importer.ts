import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { catalogFileSchema, type CatalogFile } from './catalog-file.schema.js';

export interface ImportCounts {
  inserted: number;
  updated: number;
  retired: number;
  unchanged: number;
}

/** The catalog data files live in the repository's catalog/ folder (npm scripts run from the repository root). */
export const CATALOG_DIRECTORY = path.resolve(process.cwd(), 'catalog');

export async function readCatalogFile(file: string): Promise<CatalogFile> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  const parsed = catalogFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file} is not a valid catalog file:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export async function catalogFiles(directory = CATALOG_DIRECTORY): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(directory, name));
}

/** Lock key so that two instances importing at once run one after the other. */
const IMPORT_LOCK_KEY = 7_212_026_002;

/**
 * Loads a catalog file by stable codes: new items are inserted, changed ones updated in place, items that left
 * the file are retired (never deleted: proposals and reports may refer to them). Running it twice changes nothing.
 * Targets added by coordinators (source 'revision') are not the file's to retire.
 */
export async function importCatalog(dataSource: DataSource, catalog: CatalogFile): Promise<ImportCounts> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
    const counts: ImportCounts = { inserted: 0, updated: 0, retired: 0, unchanged: 0 };
    const upsert = async (sql: string, params: unknown[]): Promise<string> => {
      const rows = (await manager.query(sql, params)) as Array<{ id: string; inserted: boolean | null }>;
      const row = rows[0];
      if (row) {
        counts[row.inserted ? 'inserted' : 'updated'] += 1;
        return row.id;
      }
      counts.unchanged += 1;
      return '';
    };

    const strategyId = await upsertOne(manager, upsert, 'strategies', ['code'], {
      code: catalog.strategy.code,
      name: catalog.strategy.name,
    });
    const pa = catalog.policyArea;
    const policyAreaId = await upsertOne(manager, upsert, 'policy_areas', ['code'], {
      code: pa.code,
      strategy_id: strategyId,
      name: pa.name,
      title: pa.title,
      description: pa.description,
      coordinators: pa.coordinators,
      website: pa.website,
      principles: pa.principles,
      decision_rule: pa.decisionRule,
      quorum: pa.quorum,
      reporting_frequency: pa.reportingPeriod.frequency,
      report_due_month: pa.reportingPeriod.dueMonth,
      report_due_day: pa.reportingPeriod.dueDay,
      catalog_version: catalog.catalogVersion,
      retired_at: null,
    });

    const keep = {
      sections: [] as string[],
      actions: [] as string[],
      objectives: [] as string[],
      indicators: [] as string[],
    };
    const keepTargets: string[] = [];
    // A target a coordinator has revised stays as the history of its revision: the file must not revive it.
    const superseded = new Map(
      (
        (await manager.query(
          `SELECT i.code || '/' || t.code AS key, t.id
             FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id
            WHERE i.policy_area_id = $1 AND t.source = 'catalog'
              AND EXISTS (SELECT 1 FROM indicator_targets r WHERE r.supersedes_id = t.id)`,
          [policyAreaId],
        )) as Array<{ key: string; id: string }>
      ).map((row) => [row.key, row.id]),
    );
    for (const section of catalog.sections) {
      const sectionId = await upsertOne(manager, upsert, 'sections', ['policy_area_id', 'code'], {
        policy_area_id: policyAreaId,
        code: section.code,
        position: section.position,
        title: section.title,
        description: section.description,
        retired_at: null,
      });
      keep.sections.push(sectionId);
      for (const action of section.actions) {
        keep.actions.push(
          await upsertOne(manager, upsert, 'actions', ['policy_area_id', 'code'], {
            policy_area_id: policyAreaId,
            section_id: sectionId,
            code: action.code,
            position: action.position,
            title: action.title,
            description: action.description,
            retired_at: null,
          }),
        );
      }
      for (const objective of section.objectives) {
        const objectiveId = await upsertOne(manager, upsert, 'objectives', ['policy_area_id', 'code'], {
          policy_area_id: policyAreaId,
          section_id: sectionId,
          code: objective.code,
          position: objective.position,
          title: objective.title,
          baseline_text: objective.baseline.text,
          baseline_year: objective.baseline.year,
          data_sources: objective.dataSources,
          retired_at: null,
        });
        keep.objectives.push(objectiveId);
        for (const indicator of objective.indicators) {
          const indicatorId = await upsertOne(manager, upsert, 'indicators', ['policy_area_id', 'code'], {
            policy_area_id: policyAreaId,
            objective_id: objectiveId,
            code: indicator.code,
            position: indicator.position,
            title: indicator.title,
            kind: indicator.kind,
            unit: indicator.unit,
            baseline_text: indicator.baseline.text,
            baseline_year: indicator.baseline.year,
            baseline_value: indicator.baseline.value,
            baseline_breakdown: JSON.stringify(indicator.baseline.breakdown),
            retired_at: null,
          });
          keep.indicators.push(indicatorId);
          for (const target of indicator.targets) {
            const revisedId = superseded.get(`${indicator.code}/${target.code}`);
            if (revisedId) {
              keepTargets.push(revisedId);
              counts.unchanged += 1;
              continue;
            }
            keepTargets.push(
              await upsertOne(manager, upsert, 'indicator_targets', ['indicator_id', 'code'], {
                indicator_id: indicatorId,
                code: target.code,
                position: target.position,
                description: target.description,
                value: target.value,
                deadline: target.deadline,
                deadline_text: target.deadlineText,
                source: 'catalog',
                retired_at: null,
              }),
            );
          }
        }
      }
    }

    for (const [table, ids] of Object.entries(keep)) {
      const retired = (await manager.query(
        `UPDATE ${table} SET retired_at = now() WHERE policy_area_id = $1 AND retired_at IS NULL AND NOT (id = ANY($2::uuid[])) RETURNING id`,
        [policyAreaId, ids],
      )) as [unknown[], number];
      counts.retired += retired[1];
    }
    const retiredTargets = (await manager.query(
      `UPDATE indicator_targets t SET retired_at = now()
         FROM indicators i
        WHERE t.indicator_id = i.id AND i.policy_area_id = $1 AND t.source = 'catalog'
          AND t.retired_at IS NULL AND NOT (t.id = ANY($2::uuid[]))
        RETURNING t.id`,
      [policyAreaId, keepTargets],
    )) as [unknown[], number];
    counts.retired += retiredTargets[1];
    return counts;
  });
}

type Upsert = (sql: string, params: unknown[]) => Promise<string>;

/**
 * INSERT … ON CONFLICT DO UPDATE only when a value differs, so an unchanged row is not rewritten.
 * Returns the row id whether it was inserted, updated or left alone.
 */
async function upsertOne(
  manager: EntityManager,
  upsert: Upsert,
  table: string,
  conflictColumns: string[],
  values: Record<string, unknown>,
): Promise<string> {
  const columns = Object.keys(values);
  const params = Object.values(values);
  const updatable = columns.filter((column) => !conflictColumns.includes(column));
  const id = await upsert(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${conflictColumns.join(', ')}) DO UPDATE SET ${updatable.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
       WHERE (${updatable.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${updatable
         .map((c) => `EXCLUDED.${c}`)
         .join(', ')})
     RETURNING id, (xmax = 0) AS inserted`,
    params,
  );
  if (id) return id;
  const where = conflictColumns.map((c, i) => `${c} = $${i + 1}`).join(' AND ');
  const rows = (await manager.query(
    `SELECT id FROM ${table} WHERE ${where}`,
    conflictColumns.map((c) => values[c]),
  )) as Array<{ id: string }>;
  const found = rows[0];
  if (!found) throw new Error(`catalog import: ${table} row vanished during import`);
  return found.id;
}
