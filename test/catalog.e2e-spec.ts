import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import type { CatalogFile } from '../src/modules/catalog/import/catalog-file.schema.js';
import {
  catalogFiles,
  importCatalog,
  readCatalogFile,
} from '../src/modules/catalog/import/catalog-importer.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';

interface TargetView {
  code: string;
  description: string;
  value: number | null;
  deadline: string | null;
  deadlineText: string | null;
  retired: boolean;
}
interface IndicatorView {
  code: string;
  title: string;
  kind: string;
  baseline: {
    text: string;
    year: number | null;
    value: number | null;
    breakdown: Array<{ label: string; value: number }>;
  };
  targets: TargetView[];
}
interface TreeView {
  code: string;
  coordinators: string[];
  principles: string[];
  sections: Array<{
    code: string;
    title: string;
    actions: Array<{ code: string; title: string; description: string }>;
    objectives: Array<{ code: string; title: string; indicators: IndicatorView[] }>;
  }>;
}

describe('catalog: the action plan as data', () => {
  let t: TestApp;
  let db: pg.Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await bootTestApp();
    db = await connectTestDatabase();
    dataSource = await new DataSource({ ...dataSourceOptions(t.config), extra: { max: 2 } }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.end();
    await t.close();
  });

  async function tree(query = ''): Promise<TreeView> {
    const response = await t.http.get(`/api/catalog/policy-areas/SECURE${query}`).expect(200);
    return response.body as TreeView;
  }
  function indicator(view: TreeView, code: string): IndicatorView {
    const found = view.sections
      .flatMap((s) => s.objectives)
      .flatMap((o) => o.indicators)
      .find((i) => i.code === code);
    if (!found) throw new Error(`indicator ${code} missing`);
    return found;
  }

  it('lists the policy area with its strategy and counts', async () => {
    const response = await t.http.get('/api/catalog/policy-areas').expect(200);
    expect(response.body).toEqual([
      expect.objectContaining({
        code: 'SECURE',
        strategy: { code: 'EUSBSR', name: 'EU Strategy for the Baltic Sea Region' },
        actionCount: 8,
        indicatorCount: 19,
      }),
    ]);
  });

  it('serves the whole tree: coordinators, principles, sections A–D, the 8 actions, 10 objectives', async () => {
    const view = await tree();
    expect(view.coordinators).toEqual(['Sweden', 'Council of the Baltic Sea States Secretariat']);
    expect(view.principles).toHaveLength(3);
    expect(view.principles[0]).toMatch(/^save human lives/);
    expect(view.sections.map((s) => s.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(view.sections.flatMap((s) => s.actions.map((a) => a.code))).toEqual([
      'A.1',
      'A.2',
      'B.1',
      'C.1',
      'C.2',
      'C.3',
      'D.1',
      'D.2',
    ]);
    expect(view.sections.map((s) => s.objectives.length)).toEqual([4, 0, 4, 2]);
    expect(view.sections[3]?.title).toBe(
      'Prevent and detect serious crime through developing an efficient framework for law enforcement strategic and operational cooperation',
    );
  });

  it('holds every indicator of the seed with its kind', async () => {
    const view = await tree();
    const indicators = view.sections.flatMap((s) => s.objectives).flatMap((o) => o.indicators);
    expect(indicators.map((i) => `${i.code}:${i.kind}`)).toEqual([
      'A.O1.I1:milestone',
      'A.O2.I1:milestone',
      'A.O3.I1:count',
      'A.O4.I1:count',
      'C.O1.I1:milestone',
      'C.O1.I2:milestone',
      'C.O2.I1:milestone',
      'C.O2.I2:milestone',
      'C.O2.I3:milestone',
      'C.O2.I4:milestone',
      'C.O3.I1:milestone',
      'C.O3.I2:milestone',
      'C.O3.I3:milestone',
      'C.O3.I4:milestone',
      'C.O4.I1:percent',
      'D.O1.I1:count',
      'D.O1.I2:count',
      'D.O2.I1:milestone',
      'D.O2.I2:milestone',
    ]);
    expect(indicator(view, 'A.O3.I1').title).toBe(
      'Number of BSR countries participating in macro-regional operational structures',
    );
    expect(indicator(view, 'D.O1.I1').title).toBe('Number of joint operations');
  });

  it('keeps the 2009 at-risk-of-poverty baseline: EU 30.4 %, BSR 31.4 %', async () => {
    const percent = indicator(await tree(), 'C.O4.I1');
    expect(percent.baseline).toEqual({
      text: 'Age 18+ in 2009.\nEU 30.4%.\nBSR 31.4%.',
      year: 2009,
      value: 31.4,
      breakdown: [
        { label: 'EU', value: 30.4 },
        { label: 'BSR', value: 31.4 },
      ],
    });
    expect(percent.targets).toEqual([
      expect.objectContaining({
        code: 'C.O4.I1.T1',
        value: 5,
        deadline: '2020-12-31',
        deadlineText: 'by 2020',
      }),
    ]);
  });

  it('turns the seed deadlines into dates: by 2014, by June 2014, spring 2015, end 2015, May 2016', async () => {
    const view = await tree();
    expect(indicator(view, 'A.O1.I1').targets[0]).toMatchObject({
      description: 'Training and exercises launched',
      deadline: '2014-12-31',
    });
    const c1 = indicator(view, 'C.O1.I2').targets.map((target) => [target.description, target.deadline]);
    expect(c1).toEqual(
      expect.arrayContaining([
        ['Preventive activities designed', '2014-06-30'],
        ['Preventive activities launched', '2015-05-31'],
      ]),
    );
    expect(indicator(view, 'C.O2.I1').targets[0]?.deadline).toBe('2015-12-31');
    const handbook = indicator(view, 'C.O3.I1').targets[0];
    expect(handbook?.description).toContain(
      'A handbook ‘Trafficking in human beings: analysis of criminal networks',
    );
    expect(handbook?.deadline).toBe('2016-05-31');
    expect(handbook?.deadlineText).toBe('By May 2016');
    expect(indicator(view, 'A.O3.I1').targets.map((target) => target.deadline)).toEqual([
      '2020-12-31',
      '2020-12-31',
    ]);
    expect(indicator(view, 'D.O2.I1').targets[0]?.deadline).toBeNull();
  });

  it('gets an action and an indicator by code, and 404s an unknown code in the error shape', async () => {
    const action = await t.http.get('/api/catalog/policy-areas/SECURE/actions/C.2').expect(200);
    expect(action.body).toMatchObject({
      code: 'C.2',
      title: 'Strengthening capacity of municipalities to eradicate THB and mitigate its impact on society',
      section: { code: 'C' },
    });
    const list = await t.http.get('/api/catalog/policy-areas/SECURE/indicators').expect(200);
    expect(list.body).toHaveLength(19);
    const one = await t.http.get('/api/catalog/policy-areas/SECURE/indicators/A.O4.I1').expect(200);
    expect(one.body).toMatchObject({ code: 'A.O4.I1', kind: 'count', objective: { code: 'A.O4' } });
    const missing = await t.http.get('/api/catalog/policy-areas/SECURE/actions/Z.9').expect(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Action Z.9 of SECURE was not found',
      requestId: expect.any(String),
    });
  });

  it('imports idempotently: a second run changes nothing', async () => {
    const [file] = await catalogFiles();
    const catalog = await readCatalogFile(file as string);
    const before = await db.query(
      'SELECT count(*)::int AS n, max(xmin::text::bigint) AS x FROM indicator_targets',
    );
    const counts = await importCatalog(dataSource, catalog);
    expect(counts).toEqual({ inserted: 0, updated: 0, retired: 0, unchanged: 66 });
    const after = await db.query(
      'SELECT count(*)::int AS n, max(xmin::text::bigint) AS x FROM indicator_targets',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('updates a revised file in place and retires what disappeared, never deleting', async () => {
    const [file] = await catalogFiles();
    const original = await readCatalogFile(file as string);
    const revised: CatalogFile = structuredClone(original);
    const sectionD = revised.sections[3];
    if (!sectionD) throw new Error('section D missing');
    sectionD.actions = sectionD.actions.filter((action) => action.code !== 'D.2');
    const a1 = revised.sections[0]?.actions[0];
    if (!a1) throw new Error('A.1 missing');
    a1.title = 'Develop a joint approach (revised)';
    revised.catalogVersion = '2015.2';

    // Warm the API's cache first, so the test shows that a change reaches a cached answer.
    const cached = await t.http.get('/api/catalog/policy-areas/SECURE/actions/A.1').expect(200);
    expect(cached.body.title).not.toBe('Develop a joint approach (revised)');

    const counts = await importCatalog(dataSource, revised);
    expect(counts).toMatchObject({ inserted: 0, updated: 2, retired: 1 });
    const d2 = await db.query("SELECT retired_at FROM actions WHERE code = 'D.2'");
    expect(d2.rows).toHaveLength(1);
    expect(d2.rows[0].retired_at).toBeInstanceOf(Date);
    // API instances cache the catalog; the change notification empties their caches.
    await eventually(async () => {
      const listed = await t.http.get('/api/catalog/policy-areas/SECURE/actions').expect(200);
      expect((listed.body as Array<{ code: string }>).map((a) => a.code)).not.toContain('D.2');
    });
    const withRetired = await t.http
      .get('/api/catalog/policy-areas/SECURE/actions?includeRetired=true')
      .expect(200);
    expect(withRetired.body).toContainEqual(expect.objectContaining({ code: 'D.2', retired: true }));
    await eventually(async () => {
      const renamed = await t.http.get('/api/catalog/policy-areas/SECURE/actions/A.1').expect(200);
      expect(renamed.body.title).toBe('Develop a joint approach (revised)');
    });

    // Bringing the original back revives D.2 under the same id.
    const restored = await importCatalog(dataSource, original);
    expect(restored).toMatchObject({ updated: 3, retired: 0 });
    const revived = await db.query("SELECT retired_at FROM actions WHERE code = 'D.2'");
    expect(revived.rows[0].retired_at).toBeNull();
  });

  it('leaves a target that a coordinator revised retired when the file is imported again', async () => {
    const target = await db.query(
      `SELECT t.id, t.indicator_id FROM indicator_targets t JOIN indicators i ON i.id = t.indicator_id
        WHERE i.code = 'A.O1.I1' AND t.code = 'A.O1.I1.T1'`,
    );
    const { id, indicator_id: indicatorId } = target.rows[0] as { id: string; indicator_id: string };
    await db.query(
      `INSERT INTO indicator_targets (indicator_id, code, position, description, deadline, source, supersedes_id)
       VALUES ($1, 'A.O1.I1.R1', 2, 'Training and exercises launched (revised)', '2016-12-31', 'revision', $2)`,
      [indicatorId, id],
    );
    await db.query('UPDATE indicator_targets SET retired_at = now() WHERE id = $1', [id]);

    const [file] = await catalogFiles();
    const counts = await importCatalog(dataSource, await readCatalogFile(file as string));
    expect(counts).toEqual({ inserted: 0, updated: 0, retired: 0, unchanged: 66 });
    const after = await db.query(
      `SELECT code, retired_at IS NOT NULL AS retired FROM indicator_targets WHERE indicator_id = $1 ORDER BY code`,
      [indicatorId],
    );
    expect(after.rows).toEqual([
      { code: 'A.O1.I1.R1', retired: false },
      { code: 'A.O1.I1.T1', retired: true },
    ]);
  });

  it('rejects a bad query value with a 400 naming the field', async () => {
    const response = await t.http.get('/api/catalog/policy-areas/SECURE?includeRetired=maybe').expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'includeRetired', message: 'includeRetired must be true or false' }],
    });
  });
});
