import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';
import {
  createProposal,
  getProposal,
  proposalInput,
  transition,
  type ProposalBody,
} from './support/factories.js';

describe('Proposals: drafts, eligibility and submit', () => {
  let t: TestApp;
  let db: pg.Client;
  let lead: TestUser;
  let stranger: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await bootTestApp();
    db = await connectTestDatabase();
    lead = await createTestUser(t, { name: 'Lena Lead', organisation: 'Swedish Civil Contingencies Agency' });
    stranger = await createTestUser(t, { name: 'Stan Stranger' });
    coordinator = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
  });

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('creates a draft owned by the caller, with a reference code and what the owner may do next', async () => {
    const response = await t.http.post('/api/proposals').set(lead.auth).send(proposalInput());
    expect(response.status).toBe(201);
    const body = response.body as ProposalBody & Record<string, unknown>;
    const year = new Date().getUTCFullYear();
    expect(body.reference).toMatch(new RegExp(`^SECURE-${year}-\\d{4}$`));
    expect(body).toMatchObject({
      state: 'draft',
      version: 1,
      revision: 0,
      access: 'lead',
      allowedActions: ['submit', 'withdraw'],
      permissions: { edit: true, manageCoEditors: true, comment: true },
      owner: { id: lead.id, name: 'Lena Lead' },
      countries: ['SE', 'FI', 'EE'],
      periodStart: '2027-01-01',
      budgetEur: 150000,
      actions: [expect.objectContaining({ code: 'A.1' }), expect.objectContaining({ code: 'A.2' })],
      counts: { revisions: 0, comments: 0, deliverables: 2 },
      procedure: null,
    });
    expect(body.deliverables).toEqual([
      expect.objectContaining({ position: 0, indicatorCode: 'A.O1.I1', plannedValue: 1, status: 'planned' }),
      expect.objectContaining({ position: 1, indicatorCode: null, isMilestone: true }),
    ]);
    expect(response.headers.etag).toBe('"1"');
    const audit = await db.query(`SELECT action, to_state FROM audit_events WHERE entity_id = $1`, [body.id]);
    expect(audit.rows).toEqual([{ action: 'proposal.created', to_state: 'draft' }]);
  });

  it('hands out reference numbers without gaps or duplicates under concurrency', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.http.post('/api/proposals').set(lead.auth).send({ policyAreaCode: 'SECURE', title: 'x' }),
      ),
    );
    expect(created.map((response) => response.status)).toEqual(Array(12).fill(201));
    const numbers = created.map((response) => Number((response.body as ProposalBody).reference.slice(-4)));
    expect(new Set(numbers).size).toBe(12);
    expect(Math.max(...numbers) - Math.min(...numbers)).toBe(11);
  });

  it('accepts a minimal draft: completeness is checked at submit', async () => {
    const response = await t.http
      .post('/api/proposals')
      .set(lead.auth)
      .send({ policyAreaCode: 'secure', title: 'Idea' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Idea',
      summary: '',
      partners: [],
      actions: [],
      budgetEur: null,
    });
  });

  it('names every unknown catalog code', async () => {
    const response = await t.http
      .post('/api/proposals')
      .set(lead.auth)
      .send(
        proposalInput({
          actionCodes: ['A.1', 'Z.9'],
          indicatorContributions: [{ indicatorCode: 'NOPE' }],
          deliverables: [{ title: 'x', indicatorCode: 'ALSO.NOPE' }],
        }),
      );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'UNKNOWN_CATALOG_CODE' });
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'actionCodes[1]',
      'indicatorContributions[0].indicatorCode',
      'deliverables[0].indicatorCode',
    ]);
    const area = await t.http
      .post('/api/proposals')
      .set(lead.auth)
      .send(proposalInput({ policyAreaCode: 'NOWHERE' }));
    expect(area.status).toBe(422);
    expect(area.body).toMatchObject({ errors: [{ field: 'policyAreaCode' }] });
  });

  it('refuses malformed input with 400 naming the field, never 500', async () => {
    const response = await t.http
      .post('/api/proposals')
      .set(lead.auth)
      .send(
        proposalInput({
          periodStart: '2026-02-30',
          leadCountry: 'Sweden',
          budgetEur: -1,
          partners: [{ organisation: 'x', country: 'FI' }],
          deliverables: [{ title: 'x', dueDate: 'soon' }],
          unexpected: true,
        }),
      );
    expect(response.status).toBe(400);
    const fields = (response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'periodStart',
        'leadCountry',
        'budgetEur',
        'partners[0].role',
        'deliverables[0].dueDate',
        'unexpected',
      ]),
    );
    const tooLarge = await t.http
      .post('/api/proposals')
      .set(lead.auth)
      .send(proposalInput({ budgetEur: 1e12 }));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ errors: [{ field: 'budgetEur' }] });
  });

  it('hides a draft from people unrelated to it (404) and shows it to the coordinator of its area', async () => {
    const draft = await createProposal(t, lead);
    const hidden = await t.http.get(`/api/proposals/${draft.id}`).set(stranger.auth);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: 'PROPOSAL_NOT_FOUND' });
    expect((await t.http.get('/api/proposals/not-a-uuid').set(lead.auth)).status).toBe(404);
    const seen = await getProposal(t, coordinator, draft.id);
    expect(seen).toMatchObject({ access: 'secretariat', allowedActions: [] });
  });

  describe('editing', () => {
    it('needs the version last read: a stale one answers 409 with the current version', async () => {
      const draft = await createProposal(t, lead);
      const first = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .send({ title: 'Renamed', version: 1 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ title: 'Renamed', version: 2 });
      const stale = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .send({ title: 'Lost', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'PROPOSAL_VERSION_CONFLICT', currentVersion: 2 });
      const viaHeader = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .set('If-Match', '"2"')
        .send({ acronym: null });
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.body).toMatchObject({ title: 'Renamed', acronym: null, version: 3 });
      const missing = await t.http.patch(`/api/proposals/${draft.id}`).set(lead.auth).send({ title: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ errors: [{ field: 'version' }] });
    });

    it('keeps deliverables that carry their id and recomputes countries', async () => {
      const draft = await createProposal(t, lead);
      const [first] = draft.deliverables as Array<{ id: string; title: string }>;
      const response = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .send({
          version: 1,
          partners: [{ organisation: 'Latvian Fire Service', country: 'lv', role: 'Partner' }],
          deliverables: [
            { title: 'New first', dueDate: '2027-06-30' },
            { id: first!.id, title: 'Kept and renamed', dueDate: '2028-06-30', indicatorCode: 'A.O1.I1' },
          ],
        });
      expect(response.status).toBe(200);
      const body = response.body as {
        countries: string[];
        deliverables: Array<{ id: string; title: string }>;
      };
      expect(body.countries).toEqual(['SE', 'LV']);
      expect(body.deliverables.map((d) => d.title)).toEqual(['New first', 'Kept and renamed']);
      expect(body.deliverables[1]!.id).toBe(first!.id);
      const foreign = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .send({ version: 2, deliverables: [{ id: '00000000-0000-4000-8000-000000000000', title: 'x' }] });
      expect(foreign.status).toBe(422);
      expect(foreign.body).toMatchObject({ errors: [{ field: 'deliverables[0].id' }] });
    });

    it('is for the owner and co-editors only', async () => {
      const draft = await createProposal(t, lead);
      const byCoordinator = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(coordinator.auth)
        .send({ title: 'x', version: 1 });
      expect(byCoordinator.status).toBe(403);
      expect(byCoordinator.body).toMatchObject({ code: 'PROPOSAL_EDIT_FORBIDDEN' });
      const byStranger = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(stranger.auth)
        .send({ title: 'x', version: 1 });
      expect(byStranger.status).toBe(404);
    });
  });

  describe('co-editors', () => {
    it('links an existing account by e-mail; the co-editor may edit and submit but not manage co-editors', async () => {
      const coEditor = await createTestUser(t, { email: 'Co.Editor@Example.test' });
      const draft = await createProposal(t, lead);
      const added = await t.http
        .post(`/api/proposals/${draft.id}/co-editors`)
        .set(lead.auth)
        .send({ email: 'co.editor@example.test' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        coEditors: [{ email: 'co.editor@example.test', userId: coEditor.id, name: coEditor.name }],
      });
      const again = await t.http
        .post(`/api/proposals/${draft.id}/co-editors`)
        .set(lead.auth)
        .send({ email: 'CO.EDITOR@example.test' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'CO_EDITOR_EXISTS' });

      const seen = await getProposal(t, coEditor, draft.id);
      expect(seen).toMatchObject({
        access: 'lead',
        allowedActions: ['submit'],
        permissions: { edit: true, manageCoEditors: false },
      });
      const edit = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(coEditor.auth)
        .send({ title: 'Co-edited', version: 1 });
      expect(edit.status).toBe(200);
      const invite = await t.http
        .post(`/api/proposals/${draft.id}/co-editors`)
        .set(coEditor.auth)
        .send({ email: 'x@example.test' });
      expect(invite.status).toBe(403);
      expect(invite.body).toMatchObject({ code: 'PROPOSAL_OWNER_ONLY' });

      const coEditorId = (added.body as { coEditors: Array<{ id: string }> }).coEditors[0]!.id;
      const removed = await t.http
        .delete(`/api/proposals/${draft.id}/co-editors/${coEditorId}`)
        .set(lead.auth);
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ coEditors: [] });
      expect((await t.http.get(`/api/proposals/${draft.id}`).set(coEditor.auth)).status).toBe(404);
    });

    it('stores an invitation for an e-mail without an account and links the account when it is created', async () => {
      const draft = await createProposal(t, lead);
      const added = await t.http
        .post(`/api/proposals/${draft.id}/co-editors`)
        .set(lead.auth)
        .send({ email: 'future@example.test' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ coEditors: [{ email: 'future@example.test', userId: null }] });
      // Once an account with that e-mail exists, the invitee is a co-editor in fact.
      const invitee = await createTestUser(t, { email: 'future@example.test' });
      expect(await getProposal(t, invitee, draft.id)).toMatchObject({
        access: 'lead',
        permissions: { edit: true },
      });
    });
  });

  describe('submit', () => {
    it('answers 422 listing every unmet criterion, and changes nothing', async () => {
      const draft = await createProposal(t, lead, {
        actionCodes: [],
        partners: [{ organisation: 'Swedish Police', country: 'SE', role: 'x' }],
        periodStart: '2029-01-01',
        periodEnd: '2028-01-01',
        budgetEur: 100,
        fundingSources: [{ source: 'x', amount: 50 }],
        deliverables: [{ title: 'Report', dueDate: '2030-01-01' }],
      });
      const response = await t.http
        .post(`/api/proposals/${draft.id}/transitions/submit`)
        .set(lead.auth)
        .send({ version: 1 });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'PROPOSAL_NOT_ELIGIBLE' });
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
        'actionCodes',
        'partners',
        'periodEnd',
        'fundingSources',
        'deliverables',
        'deliverables[0].dueDate',
      ]);
      const after = await getProposal(t, lead, draft.id);
      expect(after).toMatchObject({ state: 'draft', version: 1, revision: 0 });
      const events = await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [
        draft.id,
      ]);
      expect(events.rows[0]).toEqual({ n: 0 });
    });

    it('answers submit with the proposal exactly as a read afterwards shows it (and its ETag)', async () => {
      const draft = await createProposal(t, lead);
      const submitted = await t.http
        .post(`/api/proposals/${draft.id}/transitions/submit`)
        .set(lead.auth)
        .send({ version: 1 });
      expect(submitted.status).toBe(200);
      const read = await t.http.get(`/api/proposals/${draft.id}`).set(lead.auth);
      expect(read.status).toBe(200);
      expect(submitted.body).toEqual(read.body);
      expect(submitted.headers.etag).toBe('"2"');
      expect(read.headers.etag).toBe('"2"');
      expect(submitted.body).toMatchObject({ state: 'submitted', counts: { revisions: 1 } });
      expect((submitted.body as { submittedAt: string | null }).submittedAt).not.toBeNull();
    });

    it('submits an eligible draft: revision 1 frozen, audited, event written, no more edits', async () => {
      const draft = await createProposal(t, lead);
      const response = await t.http
        .post(`/api/proposals/${draft.id}/transitions/submit`)
        .set(lead.auth)
        .send({ version: 1, note: 'Ready' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        state: 'submitted',
        version: 2,
        revision: 1,
        allowedActions: ['withdraw'],
        permissions: { edit: false },
        counts: { revisions: 1 },
      });
      const revision = await db.query(
        `SELECT number, submitted_by_id, snapshot FROM proposal_revisions WHERE proposal_id = $1`,
        [draft.id],
      );
      expect(revision.rows).toHaveLength(1);
      expect(revision.rows[0]).toMatchObject({
        number: 1,
        submitted_by_id: lead.id,
        snapshot: {
          revision: 1,
          title: 'Baltic Rescue Network',
          actions: [{ code: 'A.1' }, { code: 'A.2' }],
          partners: [{ country: 'FI' }, { country: 'EE' }],
          deliverables: [
            { title: 'Joint cross-border exercise', indicatorCode: 'A.O1.I1' },
            { isMilestone: true },
          ],
        },
      });
      const audit = await db.query(
        `SELECT actor_id, action, from_state, to_state, note FROM audit_events WHERE entity_id = $1 ORDER BY id`,
        [draft.id],
      );
      expect(audit.rows[1]).toEqual({
        actor_id: lead.id,
        action: 'proposal.submit',
        from_state: 'draft',
        to_state: 'submitted',
        note: 'Ready',
      });
      const outbox = await db.query(`SELECT event_type, payload FROM outbox_events WHERE aggregate_id = $1`, [
        draft.id,
      ]);
      expect(outbox.rows).toEqual([
        {
          event_type: 'proposal.submitted',
          payload: expect.objectContaining({
            proposalId: draft.id,
            reference: draft.reference,
            title: 'Baltic Rescue Network',
            action: 'submit',
            fromState: 'draft',
            toState: 'submitted',
            note: 'Ready',
            actorId: lead.id,
            revision: 1,
          }),
        },
      ]);
      const edit = await t.http
        .patch(`/api/proposals/${draft.id}`)
        .set(lead.auth)
        .send({ title: 'x', version: 2 });
      expect(edit.status).toBe(409);
      expect(edit.body).toMatchObject({ code: 'PROPOSAL_NOT_EDITABLE' });
    });

    it('refuses transitions that the state or the role does not allow, with distinct codes', async () => {
      const draft = await createProposal(t, lead);
      const wrongState = await t.http
        .post(`/api/proposals/${draft.id}/transitions/complete`)
        .set(lead.auth)
        .send({ version: 1 });
      expect(wrongState.status).toBe(409);
      expect(wrongState.body).toMatchObject({ code: 'PROPOSAL_INVALID_TRANSITION' });
      const submitted = await transition(t, lead, draft.id, 'submit');
      const forbidden = await t.http
        .post(`/api/proposals/${draft.id}/transitions/reject`)
        .set(lead.auth)
        .send({ version: submitted.version, note: 'no' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: 'PROPOSAL_ACTION_FORBIDDEN' });
      const noReason = await t.http
        .post(`/api/proposals/${draft.id}/transitions/reject`)
        .set(coordinator.auth)
        .send({ version: submitted.version, note: '  ' });
      expect(noReason.status).toBe(422);
      expect(noReason.body).toMatchObject({ code: 'PROPOSAL_GUARD_FAILED', errors: [{ field: 'note' }] });
      const hidden = await t.http
        .post(`/api/proposals/${draft.id}/transitions/withdraw`)
        .set(stranger.auth)
        .send({ version: 2 });
      expect(hidden.status).toBe(404);
      const unknown = await t.http
        .post(`/api/proposals/${draft.id}/transitions/recommend`)
        .set(coordinator.auth)
        .send({ version: 2 });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ errors: [{ field: 'action' }] });
      const hyphen = await t.http
        .post(`/api/proposals/${draft.id}/transitions/request-changes`)
        .set(coordinator.auth)
        .send({ version: submitted.version, note: 'Add a partner from Poland' });
      expect(hyphen.status).toBe(200);
      expect(hyphen.body).toMatchObject({ state: 'changes_requested' });
    });
  });
});
