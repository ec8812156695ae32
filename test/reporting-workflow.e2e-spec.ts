import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { createFlagship, type CreatedFlagship } from './support/flagship-factory.js';

interface ReportBody {
  id: string;
  state: string;
  version: number;
  periodLabel: string;
  dueDate: string;
  allowedActions: string[];
  items: Array<{
    deliverableId: string;
    status: string;
    contributedValue: number | null;
    indicatorKind: string | null;
  }>;
}

describe('progress reports', () => {
  let t: TestApp;
  let db: DataSource;
  let lead: TestUser;
  let coEditor: TestUser;
  let otherLead: TestUser;
  let coordinator: TestUser;
  let steering: TestUser;
  let flagship: CreatedFlagship;
  let other: CreatedFlagship;

  const base = (): string => `/api/flagships/${flagship.id}/reports`;

  async function createReport(user: TestUser, periodLabel: string): Promise<ReportBody> {
    const response = await t.http.post(base()).set(user.auth).send({ periodLabel });
    expect(response.status).toBe(201);
    return response.body as ReportBody;
  }

  async function act(user: TestUser, report: ReportBody, action: string, note?: string): Promise<ReportBody> {
    const response = await t.http
      .post(`${base()}/${report.id}/${action}`)
      .set(user.auth)
      .send({ version: report.version, ...(note ? { note } : {}) });
    expect(response.status).toBe(200);
    return response.body as ReportBody;
  }

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    lead = await createTestUser(t, { name: 'Lead' });
    coEditor = await createTestUser(t, { name: 'Co-editor' });
    otherLead = await createTestUser(t, { name: 'Other lead' });
    coordinator = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
    steering = await createTestUser(t, {
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
    });
    flagship = await createFlagship(db, {
      ownerId: lead.id,
      coEditorIds: [coEditor.id],
      deliverables: [
        { title: 'Joint operations', indicatorCode: 'D.O1.I1', plannedValue: 10 },
        { title: 'Training launched', indicatorCode: 'A.O1.I1', isMilestone: true },
        { title: 'Rate of poverty risk', indicatorCode: 'C.O4.I1' },
      ],
    });
    other = await createFlagship(db, { ownerId: otherLead.id });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a lead creates a draft for a period with one item per tracked deliverable, due per the policy area', async () => {
    const report = await createReport(lead, '2025');
    expect(report).toMatchObject({
      state: 'draft',
      version: 1,
      periodLabel: '2025',
      dueDate: '2026-03-31',
      allowedActions: ['edit', 'submit'],
    });
    expect(report.items.map((item) => item.deliverableId)).toEqual(flagship.deliverableIds);
    expect(report.items.map((item) => item.indicatorKind)).toEqual(['count', 'milestone', 'percent']);

    const again = await t.http.post(base()).set(lead.auth).send({ periodLabel: '2025' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REPORT_EXISTS');
  });

  it('refuses a period label that does not fit the frequency or has not started (422 naming periodLabel)', async () => {
    for (const periodLabel of ['2025-H1', 'last year', '2999']) {
      const response = await t.http.post(base()).set(lead.auth).send({ periodLabel });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'periodLabel' })]);
    }
  });

  it('only leads create reports; others who may see the flagship get 403, strangers 404', async () => {
    expect((await t.http.post(base()).set(coordinator.auth).send({ periodLabel: '2024' })).status).toBe(403);
    expect((await t.http.post(base()).set(steering.auth).send({ periodLabel: '2024' })).status).toBe(403);
    expect((await t.http.post(base()).set(otherLead.auth).send({ periodLabel: '2024' })).status).toBe(404);
    expect((await t.http.get(base()).set(otherLead.auth)).status).toBe(404);
    expect((await t.http.get(base())).status).toBe(401);
  });

  it('answers 422 naming the field for each bad value, and changes nothing', async () => {
    const list = (await t.http.get(base()).set(lead.auth)).body as { reports: ReportBody[] };
    const report = list.reports[0]!;
    const [count, milestone, percent] = flagship.deliverableIds as [string, string, string];
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ deliverableId: count, contributedValue: -1 }, 'items[0].contributedValue'],
      [{ deliverableId: percent, contributedValue: 100.5 }, 'items[0].contributedValue'],
      [{ deliverableId: percent, contributedValue: -0.1 }, 'items[0].contributedValue'],
      [{ deliverableId: milestone, milestoneReachedOn: '2999-01-01' }, 'items[0].milestoneReachedOn'],
      [{ deliverableId: other.deliverableIds[0] }, 'items[0].deliverableId'],
      [
        { deliverableId: count, evidenceLinks: ['https://ok.example/x', 'javascript:alert(1)'] },
        'items[0].evidenceLinks[1]',
      ],
      [
        { deliverableId: count, evidenceLinks: ['ftp://files.example/report.pdf'] },
        'items[0].evidenceLinks[0]',
      ],
    ];
    for (const [item, field] of cases) {
      const response = await t.http
        .patch(`${base()}/${report.id}/items`)
        .set(lead.auth)
        .send({ version: report.version, items: [item] });
      expect({ item, status: response.status }).toEqual({ item, status: 422 });
      expect(response.body.code).toBe('REPORT_ITEM_INVALID');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    // Type errors are caught by validation before the service (400 naming the field).
    const typeError = await t.http
      .patch(`${base()}/${report.id}/items`)
      .set(lead.auth)
      .send({ version: report.version, items: [{ deliverableId: count, contributedValue: 'five' }] });
    expect(typeError.status).toBe(400);
    expect(typeError.body.errors).toEqual([expect.objectContaining({ field: 'items[0].contributedValue' })]);

    const after = (await t.http.get(`${base()}/${report.id}`).set(lead.auth)).body as ReportBody;
    expect(after.version).toBe(report.version);
  });

  it('a stale version answers 409 with the current version', async () => {
    const report = ((await t.http.get(base()).set(lead.auth)).body as { reports: ReportBody[] }).reports[0]!;
    const first = await t.http
      .patch(`${base()}/${report.id}/items`)
      .set(coEditor.auth)
      .send({
        version: report.version,
        items: [
          {
            deliverableId: flagship.deliverableIds[0],
            status: 'in_progress',
            contributedValue: 4,
            narrative: 'Two joint operations in the Gulf of Finland',
            evidenceLinks: ['https://example.org/ops-2025'],
          },
        ],
      });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(report.version + 1);
    const stale = await t.http
      .patch(`${base()}/${report.id}/items`)
      .set(lead.auth)
      .send({
        version: report.version,
        items: [{ deliverableId: flagship.deliverableIds[0], contributedValue: 9 }],
      });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'REPORT_VERSION_CONFLICT' });
    const submitStale = await t.http
      .post(`${base()}/${report.id}/submit`)
      .set(lead.auth)
      .send({ version: 1 });
    expect(submitStale.status).toBe(409);
  });

  it('submit → return (note required) → resubmit → accept, audited, with outbox events', async () => {
    let report = ((await t.http.get(base()).set(lead.auth)).body as { reports: ReportBody[] }).reports[0]!;
    report = await act(lead, report, 'submit');
    expect(report.state).toBe('submitted');
    expect(
      (
        await t.http
          .patch(`${base()}/${report.id}/items`)
          .set(lead.auth)
          .send({ version: report.version, items: [] })
      ).status,
    ).toBe(409);
    expect(
      (await t.http.post(`${base()}/${report.id}/accept`).set(lead.auth).send({ version: report.version }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post(`${base()}/${report.id}/accept`)
          .set(steering.auth)
          .send({ version: report.version })
      ).status,
    ).toBe(403);
    const noNote = await t.http
      .post(`${base()}/${report.id}/return`)
      .set(coordinator.auth)
      .send({ version: report.version });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'note' })]);

    const coordinatorView = (await t.http.get(`${base()}/${report.id}`).set(coordinator.auth))
      .body as ReportBody;
    expect(coordinatorView.allowedActions).toEqual(['accept', 'return']);
    report = await act(coordinator, report, 'return', 'Add the evidence for the second operation');
    expect(report).toMatchObject({
      state: 'returned',
      returnNote: 'Add the evidence for the second operation',
    });

    report = (
      await t.http
        .patch(`${base()}/${report.id}/items`)
        .set(lead.auth)
        .send({
          version: report.version,
          items: [{ deliverableId: flagship.deliverableIds[0], contributedValue: 5 }],
        })
    ).body as ReportBody;
    report = await act(lead, report, 'resubmit');
    expect(report.state).toBe('submitted');
    report = await act(coordinator, report, 'accept');
    expect(report).toMatchObject({ state: 'accepted', allowedActions: [] });

    const events = (await db.query(
      `SELECT event_type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY id`,
      [report.id],
    )) as Array<{ event_type: string; payload: Record<string, unknown> }>;
    expect(events.map((e) => e.event_type)).toEqual([
      'report.submitted',
      'report.returned',
      'report.submitted',
      'report.accepted',
    ]);
    expect(events[1]!.payload).toMatchObject({
      reportId: report.id,
      proposalId: flagship.id,
      reference: flagship.reference,
      period: '2025',
      note: 'Add the evidence for the second operation',
    });
    const audit = (await db.query(
      `SELECT action, from_state, to_state FROM audit_events WHERE entity_type = 'progress_report' AND entity_id = $1 ORDER BY id`,
      [report.id],
    )) as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual([
      'report.created',
      'report.items_updated',
      'report.submit',
      'report.return',
      'report.items_updated',
      'report.resubmit',
      'report.accept',
    ]);
    // The accepted status is the deliverable's tracked status.
    const deliverable = (await db.query(`SELECT status FROM deliverables WHERE id = $1`, [
      flagship.deliverableIds[0],
    ])) as Array<{ status: string }>;
    expect(deliverable[0]!.status).toBe('in_progress');
  });

  it('a flagship reports twice: the second period adds to the first once accepted', async () => {
    let report = await createReport(lead, '2026');
    expect(report.items[0]!.status).toBe('in_progress');
    report = (
      await t.http
        .patch(`${base()}/${report.id}/items`)
        .set(lead.auth)
        .send({
          version: report.version,
          items: [
            { deliverableId: flagship.deliverableIds[0], status: 'delivered', contributedValue: 3 },
            {
              deliverableId: flagship.deliverableIds[1],
              status: 'delivered',
              milestoneReachedOn: '2026-01-15',
            },
          ],
        })
    ).body as ReportBody;
    report = await act(lead, report, 'submit');
    // The public registry shows delivered deliverables only once a coordinator accepted the report.
    const publicUrl = `/api/public/flagships/${flagship.reference}`;
    expect((await t.http.get(publicUrl)).body.deliverablesDelivered).toEqual({ count: 0, titles: [] });
    report = await act(coordinator, report, 'accept');
    expect((await t.http.get(publicUrl)).body.deliverablesDelivered).toEqual({
      count: 2,
      titles: ['Joint operations', 'Training launched'],
    });
    const progress = (await db.query(
      `SELECT i.code, ip.sum_value::float AS sum, ip.contributions, ip.milestone_reached_on::text AS reached
         FROM indicator_progress ip JOIN indicators i ON i.id = ip.indicator_id WHERE ip.proposal_id = $1 ORDER BY i.code`,
      [flagship.id],
    )) as Array<Record<string, unknown>>;
    expect(progress).toEqual([
      { code: 'A.O1.I1', sum: 0, contributions: 1, reached: '2026-01-15' },
      // Reported on (planned, no value) but nothing contributed: a row, no contribution.
      { code: 'C.O4.I1', sum: 0, contributions: 0, reached: null },
      { code: 'D.O1.I1', sum: 8, contributions: 2, reached: null },
    ]);
    const list = (await t.http.get(base()).set(steering.auth)).body as { reports: ReportBody[] };
    expect(list.reports.map((r) => [r.periodLabel, r.state])).toEqual([
      ['2026', 'accepted'],
      ['2025', 'accepted'],
    ]);
  });

  it('the summary equals a rebuild from accepted reports', async () => {
    const before = await db.query(`SELECT * FROM indicator_progress ORDER BY indicator_id, proposal_id`);
    const { IndicatorProgressSummary } = await import('../src/modules/monitoring/indicator-progress.js');
    await db.transaction((manager) => IndicatorProgressSummary.rebuild(manager));
    const after = await db.query(`SELECT * FROM indicator_progress ORDER BY indicator_id, proposal_id`);
    const strip = (rows: Array<Record<string, unknown>>): unknown =>
      rows.map(({ updated_at: _u, ...rest }) => rest);
    expect(strip(after as Array<Record<string, unknown>>)).toEqual(
      strip(before as Array<Record<string, unknown>>),
    );
  });

  it('a completed flagship is read-only', async () => {
    const done = await createFlagship(db, { ownerId: lead.id, state: 'completed' });
    expect((await t.http.get(`/api/flagships/${done.id}/reports`).set(lead.auth)).status).toBe(200);
    const create = await t.http
      .post(`/api/flagships/${done.id}/reports`)
      .set(lead.auth)
      .send({ periodLabel: '2025' });
    expect(create.status).toBe(409);
    expect(create.body.code).toBe('FLAGSHIP_NOT_ACTIVE');
  });
});
