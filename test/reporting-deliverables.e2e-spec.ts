import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { createFlagship, type CreatedFlagship } from './support/flagship-factory.js';
import { createProposal } from './support/proposal-factory.js';

interface DeliverableBody {
  id: string;
  title: string;
  dueDate: string;
  status: string;
  version: number;
  indicatorCode: string | null;
  rescheduledFrom: string | null;
  allowedActions: string[];
}
interface ListBody {
  counts: Record<string, number>;
  allowedActions: string[];
  deliverables: DeliverableBody[];
  changes: Array<{
    deliverableId: string;
    change: string;
    fromDueDate: string | null;
    toDueDate: string | null;
    reason: string | null;
  }>;
}

describe('tracked deliverables', () => {
  let t: TestApp;
  let db: DataSource;
  let lead: TestUser;
  let coEditor: TestUser;
  let stranger: TestUser;
  let coordinator: TestUser;
  let otherAreaAdminless: TestUser;
  let flagship: CreatedFlagship;

  const url = (suffix = ''): string => `/api/flagships/${flagship.id}/deliverables${suffix}`;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    lead = await createTestUser(t);
    coEditor = await createTestUser(t);
    stranger = await createTestUser(t);
    coordinator = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
    otherAreaAdminless = await createTestUser(t, {
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    flagship = await createFlagship(db, { ownerId: lead.id, coEditorIds: [coEditor.id] });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists tracked deliverables with counts and next actions', async () => {
    const response = await t.http.get(url()).set(lead.auth);
    expect(response.status).toBe(200);
    const body = response.body as ListBody;
    expect(body.counts).toEqual({ total: 2, delivered: 0, delayed: 0, cancelled: 0 });
    expect(body.allowedActions).toEqual(['add']);
    expect(body.deliverables[0]).toMatchObject({
      title: 'Joint operations',
      indicatorCode: 'D.O1.I1',
      allowedActions: ['reschedule', 'cancel'],
    });
    const coordinatorView = (await t.http.get(url()).set(coordinator.auth)).body as ListBody;
    expect(coordinatorView.allowedActions).toEqual([]);
    expect(coordinatorView.deliverables[0]!.allowedActions).toEqual([]);
  });

  it('hides the flagship from strangers and reviewers (404) and from the public (401)', async () => {
    expect((await t.http.get(url()).set(stranger.auth)).status).toBe(404);
    expect((await t.http.get(url()).set(otherAreaAdminless.auth)).status).toBe(404);
    expect((await t.http.get(url())).status).toBe(401);
    expect((await t.http.get('/api/flagships/not-a-uuid/deliverables').set(lead.auth)).status).toBe(404);
  });

  it('a proposal that is not a flagship has no tracked deliverables (404)', async () => {
    const draft = await createProposal(db, { ownerId: lead.id, state: 'draft' });
    expect((await t.http.get(`/api/flagships/${draft.id}/deliverables`).set(lead.auth)).status).toBe(404);
  });

  it('a lead adds a deliverable; a bad indicator is 422 naming indicatorCode', async () => {
    const response = await t.http
      .post(url())
      .set(coEditor.auth)
      .send({ title: 'Handbook', dueDate: '2027-12-31', indicatorCode: 'C.O3.I1', isMilestone: true });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Handbook',
      indicatorCode: 'C.O3.I1',
      status: 'planned',
      version: 1,
    });
    const bad = await t.http
      .post(url())
      .set(lead.auth)
      .send({ title: 'X', dueDate: '2027-12-31', indicatorCode: 'Z.9' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'indicatorCode' })]);
    expect(
      (await t.http.post(url()).set(coordinator.auth).send({ title: 'X', dueDate: '2027-12-31' })).status,
    ).toBe(403);
  });

  it('reschedule needs a reason, is version-checked and audited; coordinators see the history', async () => {
    const [id] = flagship.deliverableIds as [string];
    const noReason = await t.http
      .post(url(`/${id}/reschedule`))
      .set(lead.auth)
      .send({ dueDate: '2028-01-31', version: 1 });
    expect(noReason.status).toBe(400);
    const fields = (noReason.body.errors as Array<{ field: string }>).map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['reason']));

    const moved = await t.http
      .post(url(`/${id}/reschedule`))
      .set(lead.auth)
      .send({ dueDate: '2028-01-31', reason: 'Exercise postponed by the host country', version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ dueDate: '2028-01-31', rescheduledFrom: '2027-06-30', version: 2 });

    const stale = await t.http
      .post(url(`/${id}/reschedule`))
      .set(lead.auth)
      .send({ dueDate: '2028-02-28', reason: 'again', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'DELIVERABLE_VERSION_CONFLICT' });

    const history = (await t.http.get(url()).set(coordinator.auth)).body as ListBody;
    expect(history.changes.filter((c) => c.deliverableId === id)).toEqual([
      expect.objectContaining({
        change: 'rescheduled',
        fromDueDate: '2027-06-30',
        toDueDate: '2028-01-31',
        reason: 'Exercise postponed by the host country',
      }),
    ]);
    const audit = (await db.query(
      `SELECT action, note FROM audit_events WHERE entity_type = 'deliverable' AND entity_id = $1`,
      [id],
    )) as Array<{ action: string; note: string }>;
    expect(audit).toEqual([
      { action: 'deliverable.rescheduled', note: 'Exercise postponed by the host country' },
    ]);
  });

  it('cancel keeps the deliverable with its reason; a cancelled one cannot be rescheduled', async () => {
    const id = flagship.deliverableIds[1]!;
    const cancelled = await t.http
      .post(url(`/${id}/cancel`))
      .set(lead.auth)
      .send({ reason: 'Merged into D1', version: 1 });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Merged into D1',
      allowedActions: [],
    });
    const again = await t.http
      .post(url(`/${id}/reschedule`))
      .set(lead.auth)
      .send({ dueDate: '2029-01-01', reason: 'x', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DELIVERABLE_CLOSED');
    const other = await createFlagship(db, { ownerId: stranger.id });
    expect(
      (
        await t.http
          .post(url(`/${other.deliverableIds[0]}/cancel`))
          .set(lead.auth)
          .send({ reason: 'x', version: 1 })
      ).status,
    ).toBe(404);
  });
});
