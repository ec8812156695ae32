import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import {
  addAuditEvent,
  addRevision,
  createProposal,
  type CreatedProposal,
} from './support/proposal-factory.js';

interface Change {
  path: string;
  change: string;
  before?: unknown;
  after?: unknown;
}
interface Comment {
  id: string;
  body: string;
  visibility: string;
  author: { id: string; name: string };
  createdAt: string;
}
interface HistoryItem {
  id: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  actor: { id: string; name: string } | null;
  data?: Record<string, unknown>;
}

const SNAPSHOT_1 = {
  title: 'Baltic Rescue Network',
  acronym: 'BRN',
  summary: 'Joint exercises',
  leadOrganisation: 'Swedish Civil Contingencies Agency',
  leadCountry: 'SE',
  countries: ['SE', 'FI', 'EE'],
  actions: [{ code: 'A.1', title: 'Civil protection' }],
  partners: [
    { organisation: 'Finnish Rescue Academy', country: 'FI', role: 'partner' },
    { organisation: 'Estonian Rescue Board', country: 'EE', role: 'partner' },
  ],
  deliverables: [
    {
      id: '6a4f0000-0000-4000-8000-000000000001',
      title: 'Joint exercise',
      dueDate: '2027-06-30',
      plannedValue: 1,
    },
    {
      id: '6a4f0000-0000-4000-8000-000000000002',
      title: 'Guidelines',
      dueDate: '2028-06-30',
      plannedValue: null,
    },
  ],
};
const SNAPSHOT_2 = {
  ...SNAPSHOT_1,
  title: 'Baltic Rescue Network II',
  countries: ['SE', 'FI', 'EE', 'LT'],
  partners: [
    { organisation: 'Estonian Rescue Board', country: 'EE', role: 'coordinator' },
    { organisation: 'Finnish Rescue Academy', country: 'FI', role: 'partner' },
    { organisation: 'Lithuanian Fire Service', country: 'LT', role: 'partner' },
  ],
  deliverables: [
    {
      id: '6a4f0000-0000-4000-8000-000000000001',
      title: 'Two joint exercises',
      dueDate: '2027-06-30',
      plannedValue: 2,
    },
  ],
};

describe('proposals: revisions, comments and history', () => {
  let t: TestApp;
  let db: DataSource;
  const u = {} as Record<
    | 'lead'
    | 'coEditor'
    | 'reviewer'
    | 'reviewerPending'
    | 'steering'
    | 'coordinator'
    | 'admin'
    | 'stranger'
    | 'otherReviewer',
    TestUser
  >;
  let proposal: CreatedProposal;
  let steeringProposal: CreatedProposal;

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    u.lead = await createTestUser(t, { name: 'Lena Lead' });
    u.coEditor = await createTestUser(t, { name: 'Cora Editor' });
    u.reviewer = await createTestUser(t, {
      name: 'Rita Reviewer',
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    u.reviewerPending = await createTestUser(t, {
      name: 'Pia Pending',
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    u.otherReviewer = await createTestUser(t, {
      name: 'Otto Other',
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    u.steering = await createTestUser(t, {
      name: 'Sten Steering',
      country: 'FI',
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE', country: 'FI' }],
    });
    u.coordinator = await createTestUser(t, {
      name: 'Cecilia Coordinator',
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    u.admin = await createTestUser(t, { name: 'Ada Admin', grants: [{ role: 'admin' }] });
    u.stranger = await createTestUser(t, { name: 'Stan Stranger' });
    proposal = await createProposal(db, {
      ownerId: u.lead.id,
      state: 'in_review',
      revision: 2,
      coEditorIds: [u.coEditor.id],
      reviewers: [
        { id: u.reviewer.id, state: 'cleared' },
        { id: u.reviewerPending.id, state: 'assigned' },
      ],
    });
    await addRevision(db, proposal.id, 1, SNAPSHOT_1, u.lead.id);
    await addRevision(db, proposal.id, 2, SNAPSHOT_2, u.coEditor.id);
    steeringProposal = await createProposal(db, {
      ownerId: u.lead.id,
      state: 'steering_group',
      withProcedure: true,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('revisions', () => {
    it('lists revisions with number, time and who submitted', async () => {
      const response = await t.http.get(`/api/proposals/${proposal.id}/revisions`).set(u.lead.auth);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { number: 1, submittedAt: expect.any(String), submittedBy: { id: u.lead.id, name: 'Lena Lead' } },
        {
          number: 2,
          submittedAt: expect.any(String),
          submittedBy: { id: u.coEditor.id, name: 'Cora Editor' },
        },
      ]);
    });

    it('compares two revisions field by field, nested partners and deliverables matched by key', async () => {
      const response = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?from=1&to=2`)
        .set(u.coordinator.auth);
      expect(response.status).toBe(200);
      const body = response.body as { from: { number: number }; to: { number: number }; changes: Change[] };
      expect(body.from.number).toBe(1);
      expect(body.to.number).toBe(2);
      // jsonb stores keys in its own order, so the order of top-level fields is not asserted.
      const byPath = (a: Change, b: Change): number => a.path.localeCompare(b.path);
      expect([...body.changes].sort(byPath)).toEqual(
        [
          {
            path: 'title',
            change: 'changed',
            before: 'Baltic Rescue Network',
            after: 'Baltic Rescue Network II',
          },
          { path: 'countries[LT]', change: 'added', after: 'LT' },
          {
            path: 'partners[Estonian Rescue Board|EE].role',
            change: 'changed',
            before: 'partner',
            after: 'coordinator',
          },
          {
            path: 'partners[Lithuanian Fire Service|LT]',
            change: 'added',
            after: { organisation: 'Lithuanian Fire Service', country: 'LT', role: 'partner' },
          },
          {
            path: 'deliverables[6a4f0000-0000-4000-8000-000000000001].title',
            change: 'changed',
            before: 'Joint exercise',
            after: 'Two joint exercises',
          },
          {
            path: 'deliverables[6a4f0000-0000-4000-8000-000000000001].plannedValue',
            change: 'changed',
            before: 1,
            after: 2,
          },
          {
            path: 'deliverables[6a4f0000-0000-4000-8000-000000000002]',
            change: 'removed',
            before: SNAPSHOT_1.deliverables[1],
          },
        ].sort(byPath),
      );
      const reverse = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?from=2&to=1`)
        .set(u.lead.auth);
      expect((reverse.body as { changes: Change[] }).changes.find((c) => c.path === 'countries[LT]')).toEqual(
        {
          path: 'countries[LT]',
          change: 'removed',
          before: 'LT',
        },
      );
      const same = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?from=2&to=2`)
        .set(u.lead.auth);
      expect((same.body as { changes: Change[] }).changes).toEqual([]);
    });

    it('a revision that does not exist is 422 naming from or to', async () => {
      const response = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?from=1&to=3`)
        .set(u.lead.auth);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'PROPOSAL_REVISION_NOT_FOUND', errors: [{ field: 'to' }] });
      expect((response.body as { errors: Array<{ message: string }> }).errors[0]?.message).toContain('1, 2');
      const both = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?from=7&to=9`)
        .set(u.lead.auth);
      expect((both.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
        'from',
        'to',
      ]);
    });

    it.each([
      ['from=1', 'to'],
      ['from=x&to=2', 'from'],
      ['from=0&to=2', 'from'],
      ['from=1&to=2.5', 'to'],
    ])('?%s is 400 naming %s', async (query, field) => {
      const response = await t.http
        .get(`/api/proposals/${proposal.id}/revisions/compare?${query}`)
        .set(u.lead.auth);
      expect(response.status).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(
        field,
      );
    });

    it('who may see the proposal may see its revisions; others get 404, an undeclared reviewer 403', async () => {
      const expected: Array<[TestUser, number]> = [
        [u.lead, 200],
        [u.coEditor, 200],
        [u.reviewer, 200],
        [u.coordinator, 200],
        [u.admin, 200],
        [u.reviewerPending, 403],
        [u.steering, 404],
        [u.otherReviewer, 404],
        [u.stranger, 404],
      ];
      for (const [user, status] of expected) {
        const response = await t.http.get(`/api/proposals/${proposal.id}/revisions`).set(user.auth);
        expect([user.name, response.status]).toEqual([user.name, status]);
      }
      const steering = await t.http
        .get(`/api/proposals/${steeringProposal.id}/revisions`)
        .set(u.steering.auth);
      expect(steering.status).toBe(200);
      const missing = await t.http
        .get('/api/proposals/00000000-0000-4000-8000-000000000000/revisions')
        .set(u.admin.auth);
      expect(missing.status).toBe(404);
      const malformed = await t.http.get('/api/proposals/not-a-uuid/revisions').set(u.admin.auth);
      expect(malformed.status).toBe(404);
    });
  });

  describe('comments', () => {
    let sharedFromLead: Comment;
    let internal: Comment;

    it('the lead writes a shared comment; it is audited and emits comment.shared from the lead side', async () => {
      const response = await t.http
        .post(`/api/proposals/${proposal.id}/comments`)
        .set(u.lead.auth)
        .send({ body: '  We added a Lithuanian partner.  ', visibility: 'shared' });
      expect(response.status).toBe(201);
      sharedFromLead = response.body as Comment;
      expect(sharedFromLead).toEqual({
        id: expect.any(String),
        body: 'We added a Lithuanian partner.',
        visibility: 'shared',
        author: { id: u.lead.id, name: 'Lena Lead' },
        createdAt: expect.any(String),
      });
      const events = (await db.query(
        `SELECT event_type, aggregate_id, policy_area_id, payload FROM outbox_events WHERE event_type = 'comment.shared'`,
      )) as Array<{ event_type: string; aggregate_id: string; payload: Record<string, unknown> }>;
      expect(events).toHaveLength(1);
      expect(events[0]?.aggregate_id).toBe(proposal.id);
      expect(events[0]?.payload).toMatchObject({
        proposalId: proposal.id,
        reference: proposal.reference,
        title: expect.any(String),
        policyAreaId: expect.any(String),
        fromState: 'in_review',
        toState: 'in_review',
        actorId: u.lead.id,
        commentId: sharedFromLead.id,
        authorId: u.lead.id,
        side: 'lead',
      });
      const audits = (await db.query(
        `SELECT action, data FROM audit_events WHERE entity_id = $1 AND action = 'comment.added'`,
        [proposal.id],
      )) as Array<{ action: string; data: Record<string, unknown> }>;
      expect(audits).toEqual([
        { action: 'comment.added', data: { commentId: sharedFromLead.id, visibility: 'shared' } },
      ]);
    });

    it('the lead and co-editors may not write internal comments', async () => {
      for (const user of [u.lead, u.coEditor]) {
        const response = await t.http
          .post(`/api/proposals/${proposal.id}/comments`)
          .set(user.auth)
          .send({ body: 'psst', visibility: 'internal' });
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ code: 'COMMENT_FORBIDDEN', errors: [{ field: 'visibility' }] });
      }
    });

    it('coordinators and cleared reviewers write internal comments; no outbox event for them', async () => {
      const response = await t.http
        .post(`/api/proposals/${proposal.id}/comments`)
        .set(u.coordinator.auth)
        .send({ body: 'Budget looks thin; ask the reviewers.', visibility: 'internal' });
      expect(response.status).toBe(201);
      internal = response.body as Comment;
      const fromReviewer = await t.http
        .post(`/api/proposals/${proposal.id}/comments`)
        .set(u.reviewer.auth)
        .send({ body: 'Agreed, internal note.', visibility: 'internal' });
      expect(fromReviewer.status).toBe(201);
      const shared = await t.http
        .post(`/api/proposals/${proposal.id}/comments`)
        .set(u.coordinator.auth)
        .send({ body: 'Please clarify the budget.', visibility: 'shared' });
      expect(shared.status).toBe(201);
      const events = (await db.query(
        `SELECT payload->>'side' AS side FROM outbox_events WHERE event_type = 'comment.shared' ORDER BY id`,
      )) as Array<{ side: string }>;
      expect(events.map((e) => e.side)).toEqual(['lead', 'secretariat']);
    });

    it('leads never see internal comments; the secretariat sees all, oldest first', async () => {
      const leadView = (await t.http.get(`/api/proposals/${proposal.id}/comments`).set(u.lead.auth))
        .body as Comment[];
      expect(leadView.map((c) => c.visibility)).toEqual(['shared', 'shared']);
      expect(leadView.map((c) => c.id)).not.toContain(internal.id);
      const coEditorView = (await t.http.get(`/api/proposals/${proposal.id}/comments`).set(u.coEditor.auth))
        .body as Comment[];
      expect(coEditorView).toHaveLength(2);
      const coordinatorView = (
        await t.http.get(`/api/proposals/${proposal.id}/comments`).set(u.coordinator.auth)
      ).body as Comment[];
      expect(coordinatorView.map((c) => c.visibility)).toEqual(['shared', 'internal', 'internal', 'shared']);
      expect(coordinatorView[0]).toEqual(sharedFromLead);
      expect(coordinatorView[1]?.author).toEqual({ id: u.coordinator.id, name: 'Cecilia Coordinator' });
    });

    it('who may not comment: undeclared reviewer 403, admin 403, outsiders 404; bad bodies 400', async () => {
      const attempt = (user: TestUser, body: Record<string, unknown>, id = proposal.id) =>
        t.http.post(`/api/proposals/${id}/comments`).set(user.auth).send(body);
      expect((await attempt(u.reviewerPending, { body: 'x', visibility: 'shared' })).status).toBe(403);
      expect((await attempt(u.admin, { body: 'x', visibility: 'shared' })).status).toBe(403);
      expect((await attempt(u.stranger, { body: 'x', visibility: 'shared' })).status).toBe(404);
      expect((await attempt(u.steering, { body: 'x', visibility: 'internal' })).status).toBe(404);
      expect(
        (await attempt(u.steering, { body: 'vote soon', visibility: 'internal' }, steeringProposal.id))
          .status,
      ).toBe(201);
      for (const [body, field] of [
        [{ body: '   ', visibility: 'shared' }, 'body'],
        [{ body: 'x', visibility: 'public' }, 'visibility'],
        [{ visibility: 'shared' }, 'body'],
        [{ body: 'x'.repeat(10001), visibility: 'shared' }, 'body'],
        [{ body: 'x', visibility: 'shared', pinned: true }, 'pinned'],
      ] as Array<[Record<string, unknown>, string]>) {
        const response = await attempt(u.coordinator, body);
        expect(response.status).toBe(400);
        expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(
          field,
        );
      }
      const anonymous = await t.http.get(`/api/proposals/${proposal.id}/comments`);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('history', () => {
    let historyProposal: CreatedProposal;

    beforeAll(async () => {
      historyProposal = await createProposal(db, {
        ownerId: u.lead.id,
        state: 'in_review',
        coEditorIds: [u.coEditor.id],
        reviewers: [{ id: u.reviewer.id, state: 'completed' }],
      });
      const id = historyProposal.id;
      await addAuditEvent(db, id, { actorId: u.lead.id, action: 'proposal.created', toState: 'draft' });
      await addAuditEvent(db, id, {
        actorId: u.coEditor.id,
        action: 'proposal.updated',
        data: { fields: ['title'] },
      });
      await addAuditEvent(db, id, {
        actorId: u.lead.id,
        action: 'proposal.submit',
        fromState: 'draft',
        toState: 'submitted',
      });
      await addAuditEvent(db, id, {
        actorId: u.coordinator.id,
        action: 'proposal.start_review',
        fromState: 'submitted',
        toState: 'in_review',
        note: 'Two reviewers',
        data: { reviewerIds: [u.reviewer.id] },
      });
      await addAuditEvent(db, id, {
        actorId: u.reviewer.id,
        action: 'review.declared',
        fromState: 'assigned',
        toState: 'cleared',
        note: 'No conflict',
      });
      await addAuditEvent(db, id, {
        actorId: u.reviewer.id,
        action: 'review.assessment_completed',
        fromState: 'cleared',
        toState: 'completed',
        data: { scores: [5, 4, 4, 3, 5] },
      });
      for (let i = 0; i < 3; i += 1) {
        const created = await t.http
          .post(`/api/proposals/${id}/comments`)
          .set(u.coordinator.auth)
          .send({ body: `internal ${i}`, visibility: 'internal' });
        expect(created.status).toBe(201);
      }
      const shared = await t.http
        .post(`/api/proposals/${id}/comments`)
        .set(u.coordinator.auth)
        .send({ body: 'shared one', visibility: 'shared' });
      expect(shared.status).toBe(201);
    });

    async function history(
      user: TestUser,
      query = '',
    ): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
      const response = await t.http
        .get(`/api/proposals/${historyProposal.id}/history${query}`)
        .set(user.auth);
      expect(response.status).toBe(200);
      return response.body as { items: HistoryItem[]; nextCursor: string | null };
    }

    it('the secretariat sees every event, newest first, with actor names and data', async () => {
      const page = await history(u.coordinator);
      expect(page.items.map((e) => e.action)).toEqual([
        'comment.added',
        'comment.added',
        'comment.added',
        'comment.added',
        'review.assessment_completed',
        'review.declared',
        'proposal.start_review',
        'proposal.submit',
        'proposal.updated',
        'proposal.created',
      ]);
      const ids = page.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(page.items[6]).toMatchObject({
        fromState: 'submitted',
        toState: 'in_review',
        note: 'Two reviewers',
        actor: { id: u.coordinator.id, name: 'Cecilia Coordinator' },
        data: { reviewerIds: [u.reviewer.id] },
      });
      expect(page.nextCursor).toBeNull();
    });

    it('the lead sees transitions, their own actions and shared comments, without data or reviewer names', async () => {
      const page = await history(u.lead);
      expect(page.items.map((e) => e.action)).toEqual([
        'comment.added',
        'proposal.start_review',
        'proposal.submit',
        'proposal.updated',
        'proposal.created',
      ]);
      for (const item of page.items) expect(item.data).toBeUndefined();
      expect(page.items[1]).toMatchObject({ note: 'Two reviewers', actor: { name: 'Cecilia Coordinator' } });
      expect(page.items[3]).toMatchObject({ actor: { id: u.coEditor.id, name: 'Cora Editor' } });
      expect(JSON.stringify(page)).not.toContain('internal');
      expect(JSON.stringify(page)).not.toContain('Rita Reviewer');
      const coEditorView = await history(u.coEditor);
      expect(coEditorView.items).toHaveLength(5);
    });

    it('is keyset-paginated by id, stable across pages', async () => {
      const all = (await history(u.coordinator)).items.map((e) => e.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: HistoryItem[]; nextCursor: string | null } = await history(
          u.coordinator,
          `?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
      for (const query of ['?limit=0', '?limit=abc', '?cursor=abc', '?cursor=-1', '?since=yesterday']) {
        const response = await t.http
          .get(`/api/proposals/${historyProposal.id}/history${query}`)
          .set(u.coordinator.auth);
        expect(response.status).toBe(400);
      }
    });

    it('outsiders get 404, an undeclared reviewer 403', async () => {
      const stranger = await t.http.get(`/api/proposals/${historyProposal.id}/history`).set(u.stranger.auth);
      expect(stranger.status).toBe(404);
      const pending = await t.http.get(`/api/proposals/${proposal.id}/history`).set(u.reviewerPending.auth);
      expect(pending.status).toBe(403);
      const admin = await t.http.get(`/api/proposals/${historyProposal.id}/history`).set(u.admin.auth);
      expect(admin.status).toBe(200);
    });
  });
});
