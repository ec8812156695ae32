import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { createFlagship, type CreatedFlagship } from './support/flagship-factory.js';

interface TargetBody {
  code: string;
  status: string | null;
  value: number | null;
  retiredAt: string | null;
  supersedesCode: string | null;
  source: string;
  progress: number | null;
  expectedProgress: number | null;
}
interface IndicatorBody {
  code: string;
  achievedToDate: {
    sum: number;
    latest: number | null;
    milestoneReachedOn: string | null;
    contributions: number;
  };
  contributingFlagships: Array<{ reference: string; title: string }>;
  targets: TargetBody[];
}
interface StatusBody {
  asOf: string;
  rollup: { worst: string | null; counts: Record<string, number> };
  sections: Array<{ code: string; rollup: { worst: string | null; counts: Record<string, number> } }>;
  actions: Array<{
    code: string;
    flagships: number;
    rollup: { worst: string | null; counts: Record<string, number> };
  }>;
  indicators: IndicatorBody[];
  allowedActions: string[];
}

/**
 * D.O1.I1 gets a revised count target of 10 by 2030-12-31; its baseline is 2014 (2014-12-31), so on 2022-12-31
 * exactly half the time has passed: 5 is on track, 4 is at risk (ratio 0.8), 10 is achieved.
 */
const AS_OF = '2022-12-31';

describe('indicator monitoring', () => {
  let t: TestApp;
  let db: DataSource;
  let lead: TestUser;
  let coordinator: TestUser;
  let steering: TestUser;
  let admin: TestUser;
  let otherCoordinator: TestUser;
  let flagship: CreatedFlagship;

  const statusUrl = (asOf = AS_OF, extra = ''): string =>
    `/api/monitoring/policy-areas/SECURE/indicators?asOf=${asOf}${extra}`;

  async function status(asOf = AS_OF, extra = ''): Promise<StatusBody> {
    const response = await t.http.get(statusUrl(asOf, extra)).set(coordinator.auth);
    expect(response.status).toBe(200);
    return response.body as StatusBody;
  }
  function target(body: StatusBody, indicatorCode: string, targetCode?: string): TargetBody {
    const indicator = body.indicators.find((i) => i.code === indicatorCode)!;
    return targetCode ? indicator.targets.find((x) => x.code === targetCode)! : indicator.targets[0]!;
  }

  /** Files, submits and accepts (or only submits) a report with the given item values. */
  async function report(
    periodLabel: string,
    items: Array<Record<string, unknown>>,
    outcome: 'accept' | 'submit' | 'return' = 'accept',
  ): Promise<string> {
    const base = `/api/flagships/${flagship.id}/reports`;
    let body = (await t.http.post(base).set(lead.auth).send({ periodLabel })).body as {
      id: string;
      version: number;
    };
    body = (
      await t.http.patch(`${base}/${body.id}/items`).set(lead.auth).send({ version: body.version, items })
    ).body;
    body = (await t.http.post(`${base}/${body.id}/submit`).set(lead.auth).send({ version: body.version }))
      .body;
    if (outcome !== 'submit') {
      const response = await t.http
        .post(`${base}/${body.id}/${outcome}`)
        .set(coordinator.auth)
        .send({ version: body.version, note: 'checked' });
      expect(response.status).toBe(200);
    }
    return body.id;
  }

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    lead = await createTestUser(t, { name: 'Lead' });
    coordinator = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
    steering = await createTestUser(t, {
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
    });
    admin = await createTestUser(t, { grants: [{ role: 'admin' }] });
    otherCoordinator = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    flagship = await createFlagship(db, {
      ownerId: lead.id,
      title: 'Baltic joint operations',
      actionCodes: ['D.1'],
      deliverables: [
        { title: 'Joint operations', indicatorCode: 'D.O1.I1', plannedValue: 10, dueDate: '2026-06-30' },
        { title: 'Training launched', indicatorCode: 'A.O1.I1', isMilestone: true, dueDate: '2026-03-31' },
      ],
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('coordinators revise a target: a new revision row, the old one retired and kept as history', async () => {
    const response = await t.http
      .post('/api/monitoring/indicators/D.O1.I1/targets')
      .set(coordinator.auth)
      .send({
        description: '10 joint operations by 2030',
        value: 10,
        deadline: '2030-12-31',
        supersedesTargetCode: 'D.O1.I1.T1',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: 'D.O1.I1.R1',
      source: 'revision',
      supersedesCode: 'D.O1.I1.T1',
    });

    const current = await status();
    expect(current.indicators.find((i) => i.code === 'D.O1.I1')!.targets.map((x) => x.code)).toEqual([
      'D.O1.I1.R1',
    ]);
    const history = await status(AS_OF, '&includeHistory=true');
    const targets = history.indicators.find((i) => i.code === 'D.O1.I1')!.targets;
    expect(targets.map((x) => [x.code, x.status, x.retiredAt === null])).toEqual([
      ['D.O1.I1.T1', null, false],
      ['D.O1.I1.R1', 'not_started', true],
    ]);

    const again = await t.http
      .post('/api/monitoring/indicators/D.O1.I1/targets')
      .set(coordinator.auth)
      .send({ description: 'x', supersedesTargetCode: 'D.O1.I1.T1' });
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'supersedesTargetCode' })]);
    for (const user of [lead, steering, otherCoordinator]) {
      expect(
        (
          await t.http
            .post('/api/monitoring/indicators/D.O1.I1/targets')
            .set(user.auth)
            .send({ description: 'x' })
        ).status,
      ).toBe(403);
    }
    expect(
      (
        await t.http
          .post('/api/monitoring/indicators/NOPE/targets')
          .set(coordinator.auth)
          .send({ description: 'x' })
      ).status,
    ).toBe(404);
  });

  it('starts not_started, with the milestone past its deadline overdue', async () => {
    const body = await status();
    expect(target(body, 'D.O1.I1')).toMatchObject({ status: 'not_started', expectedProgress: 0.5 });
    // A.O1.I1.T1: training launched by 2014; nothing accepted → overdue.
    expect(target(body, 'A.O1.I1')).toMatchObject({ status: 'overdue' });
    expect(body.rollup.worst).toBe('overdue');
    expect(body.allowedActions).toEqual(['revise_targets']);
  });

  it('a submitted or returned report does not count; the indicator moves to at_risk, on_track, achieved as reports are accepted', async () => {
    await report(
      '2023',
      [{ deliverableId: flagship.deliverableIds[0], status: 'in_progress', contributedValue: 4 }],
      'submit',
    );
    expect(target(await status(), 'D.O1.I1').status).toBe('not_started');
    await report(
      '2022',
      [{ deliverableId: flagship.deliverableIds[0], status: 'in_progress', contributedValue: 4 }],
      'return',
    );
    expect(target(await status(), 'D.O1.I1').status).toBe('not_started');

    await report('2021', [
      { deliverableId: flagship.deliverableIds[0], status: 'in_progress', contributedValue: 4 },
    ]);
    let body = await status();
    expect(target(body, 'D.O1.I1')).toMatchObject({ status: 'at_risk', progress: 0.4 });
    expect(body.indicators.find((i) => i.code === 'D.O1.I1')!.contributingFlagships).toEqual([
      { reference: flagship.reference, title: 'Baltic joint operations' },
    ]);

    await report('2024', [{ deliverableId: flagship.deliverableIds[0], contributedValue: 1 }]);
    body = await status();
    expect(target(body, 'D.O1.I1')).toMatchObject({ status: 'on_track', progress: 0.5 });
    expect(body.actions.find((a) => a.code === 'D.1')).toMatchObject({
      flagships: 1,
      rollup: { worst: 'overdue' },
    });

    await report('2025', [
      { deliverableId: flagship.deliverableIds[0], status: 'delivered', contributedValue: 5 },
    ]);
    body = await status();
    expect(target(body, 'D.O1.I1')).toMatchObject({ status: 'achieved', progress: 1 });
    expect(body.indicators.find((i) => i.code === 'D.O1.I1')!.achievedToDate).toMatchObject({
      sum: 10,
      contributions: 3,
    });
  });

  it('a milestone reached in an accepted report is achieved', async () => {
    await report('2026', [
      { deliverableId: flagship.deliverableIds[1], status: 'delivered', milestoneReachedOn: '2026-02-01' },
    ]);
    const body = await status('2026-11-01');
    expect(target(body, 'A.O1.I1').status).toBe('achieved');
    // Before the reached date, it still was overdue.
    expect(target(await status('2026-01-31'), 'A.O1.I1').status).toBe('overdue');
    const section = body.sections.find((s) => s.code === 'A')!;
    expect(section.rollup.counts.achieved).toBeGreaterThanOrEqual(1);
  });

  it('steering group members and admins read; leads and other roles do not; the public is refused', async () => {
    expect((await t.http.get(statusUrl()).set(steering.auth)).body.allowedActions).toEqual([]);
    expect((await t.http.get(statusUrl()).set(admin.auth)).status).toBe(200);
    expect((await t.http.get(statusUrl()).set(lead.auth)).status).toBe(403);
    expect((await t.http.get(statusUrl()).set(otherCoordinator.auth)).status).toBe(403);
    expect((await t.http.get(statusUrl())).status).toBe(401);
    expect((await t.http.get('/api/monitoring/policy-areas/NOPE/indicators').set(admin.auth)).status).toBe(
      404,
    );
    const bad = await t.http
      .get('/api/monitoring/policy-areas/SECURE/indicators?asOf=yesterday')
      .set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('the attention view lists late deliverables, missing reports and delivery per action', async () => {
    await createFlagship(db, {
      ownerId: lead.id,
      title: 'Silent flagship',
      actionCodes: ['A.1'],
      approvedAt: '2025-03-01T00:00:00Z',
      deliverables: [
        { title: 'Late study', dueDate: '2026-10-01' },
        { title: 'Soon', dueDate: '2026-12-01' },
      ],
    });
    const response = await t.http
      .get('/api/monitoring/policy-areas/SECURE/attention?asOf=2026-11-15')
      .set(coordinator.auth);
    expect(response.status).toBe(200);
    const body = response.body as {
      deliverables: { overdue: Array<{ title: string }>; dueSoon: Array<{ title: string }> };
      lastPeriod: { label: string; flagshipsWithoutAcceptedReport: Array<{ reference: string }> };
      actions: Array<{
        code: string;
        flagships: Array<{ reference: string; deliverables: Record<string, number> }>;
      }>;
    };
    expect(body.deliverables.overdue.map((d) => d.title)).toEqual(['Late study']);
    expect(body.deliverables.dueSoon.map((d) => d.title)).toEqual(['Soon']);
    expect(body.lastPeriod.label).toBe('2025');
    expect(body.lastPeriod.flagshipsWithoutAcceptedReport.map((f) => f.reference)).not.toContain(
      flagship.reference,
    );
    // Approved in 2025 without a 2025 report; flagships approved after the period ended owe none.
    expect(body.lastPeriod.flagshipsWithoutAcceptedReport).toEqual([
      expect.objectContaining({ title: 'Silent flagship' }),
    ]);
    const d1 = body.actions.find((a) => a.code === 'D.1')!;
    expect(d1.flagships).toEqual([
      expect.objectContaining({
        reference: flagship.reference,
        deliverables: expect.objectContaining({ total: 2, delivered: 2 }),
      }),
    ]);
    expect((await t.http.get('/api/monitoring/policy-areas/SECURE/attention').set(lead.auth)).status).toBe(
      403,
    );
  });

  it('exports CSV and an XLSX workbook with typed cells that reads back with exceljs', async () => {
    const csv = await t.http
      .get(`/api/monitoring/policy-areas/SECURE/export.csv?asOf=${AS_OF}`)
      .set(coordinator.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Section,Objective,Indicator,/);
    expect(lines.find((line) => line.includes('D.O1.I1.R1'))).toMatch(/,achieved$/);

    const response = await t.http
      .get(`/api/monitoring/policy-areas/SECURE/export.xlsx?asOf=${AS_OF}`)
      .set(coordinator.auth)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Indicators',
      'Flagships',
      'Deliverables',
    ]);

    const indicators = workbook.getWorksheet('Indicators')!;
    expect(indicators.getRow(1).getCell(1).value).toBe('Section');
    const header = (indicators.getRow(1).values as unknown[]).slice(1);
    const col = (name: string): number => header.indexOf(name) + 1;
    const revised = indicators
      .getRows(2, indicators.rowCount - 1)!
      .find((row) => row.getCell(col('Target')).value === 'D.O1.I1.R1')!;
    expect(revised.getCell(col('Target value')).value).toBe(10);
    expect(revised.getCell(col('Achieved (sum)')).value).toBe(10);
    expect(revised.getCell(col('Deadline')).value).toEqual(new Date('2030-12-31T00:00:00Z'));
    expect(revised.getCell(col('Status')).value).toBe('achieved');
    expect(revised.getCell(col('Contributing flagships')).value).toBe(flagship.reference);

    const deliverables = workbook.getWorksheet('Deliverables')!;
    expect((deliverables.getRow(1).values as unknown[]).slice(1, 4)).toEqual([
      'Flagship',
      'No.',
      'Deliverable',
    ]);
    const first = deliverables
      .getRows(2, deliverables.rowCount - 1)!
      .find((row) => row.getCell(3).value === 'Joint operations')!;
    expect(first.getCell(6).value).toBe(10);
    expect(first.getCell(7).value).toEqual(new Date('2026-06-30T00:00:00Z'));
    expect(first.getCell(9).value).toBe('delivered');
    expect(first.getCell(10).value).toBe(10);

    const flagships = workbook.getWorksheet('Flagships')!;
    const row = flagships
      .getRows(2, flagships.rowCount - 1)!
      .find((r) => r.getCell(1).value === flagship.reference)!;
    expect(row.getCell(11).value).toBe(2);
    expect(row.getCell(12).value).toBe(2);
    expect(row.getCell(14).value).toBe('2026');

    expect((await t.http.get('/api/monitoring/policy-areas/SECURE/export.xlsx').set(lead.auth)).status).toBe(
      403,
    );
  });
});
