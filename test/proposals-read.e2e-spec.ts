import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { importCatalog, readCatalogFile } from '../src/modules/catalog/import/catalog-importer.js';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { createProposal, type CreatedProposal } from './support/proposal-factory.js';

interface Item {
  id: string;
  reference: string;
  title: string;
  acronym: string | null;
  state: string;
  policyArea: { code: string; name: string };
  actions: Array<{ code: string; title: string }>;
  leadOrganisation: string | null;
  leadCountry: string | null;
  countries: string[];
  updatedAt: string;
  allowedActions: string[];
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

describe('proposals: lists, search and counts', () => {
  let t: TestApp;
  let db: DataSource;
  const u = {} as Record<
    | 'leadA'
    | 'leadB'
    | 'coEditor'
    | 'reviewerCleared'
    | 'reviewerPending'
    | 'steering'
    | 'coordinator'
    | 'coordinatorOther'
    | 'admin'
    | 'stranger',
    TestUser
  >;
  const p = {} as Record<
    'draftA' | 'submittedA' | 'inReviewB' | 'steeringB' | 'approvedB' | 'rejectedB' | 'otherArea',
    CreatedProposal
  >;

  async function list(user: TestUser, query = ''): Promise<Page> {
    const response = await t.http.get(`/api/proposals${query}`).set(user.auth);
    expect(response.status).toBe(200);
    return response.body as Page;
  }
  const fixtureIds = (): Set<string> => new Set(Object.values(p).map((x) => x.id));
  async function seenFixture(user: TestUser): Promise<string[]> {
    const page = await list(user, '?limit=100');
    return page.items
      .filter((item) => fixtureIds().has(item.id))
      .map((item) => item.id)
      .sort();
  }

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    await importCatalog(
      db,
      await readCatalogFile(path.resolve(process.cwd(), 'test/fixtures/catalog-other-area.json')),
    );
    u.leadA = await createTestUser(t, { name: 'Lead A' });
    u.leadB = await createTestUser(t, { name: 'Lead B' });
    u.coEditor = await createTestUser(t, { name: 'Co Editor' });
    u.reviewerCleared = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    u.reviewerPending = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    u.steering = await createTestUser(t, {
      country: 'FI',
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE', country: 'FI' }],
    });
    u.coordinator = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
    u.coordinatorOther = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'OTHER' }],
    });
    u.admin = await createTestUser(t, { grants: [{ role: 'admin' }] });
    u.stranger = await createTestUser(t, {});

    p.draftA = await createProposal(db, { ownerId: u.leadA.id, state: 'draft', title: 'Draft of A' });
    p.submittedA = await createProposal(db, {
      ownerId: u.leadA.id,
      state: 'submitted',
      coEditorIds: [u.coEditor.id],
    });
    p.inReviewB = await createProposal(db, {
      ownerId: u.leadB.id,
      state: 'in_review',
      leadOrganisation: 'Lithuanian Fire Service',
      reviewers: [
        { id: u.reviewerCleared.id, state: 'cleared' },
        { id: u.reviewerPending.id, state: 'assigned' },
      ],
    });
    p.steeringB = await createProposal(db, {
      ownerId: u.leadB.id,
      state: 'steering_group',
      withProcedure: true,
    });
    p.approvedB = await createProposal(db, { ownerId: u.leadB.id, state: 'approved', withProcedure: true });
    p.rejectedB = await createProposal(db, { ownerId: u.leadB.id, state: 'rejected' });
    p.otherArea = await createProposal(db, {
      ownerId: u.leadB.id,
      policyAreaCode: 'OTHER',
      state: 'submitted',
      actionCodes: ['X.1'],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('visibility', () => {
    const ids = (...names: Array<keyof typeof p>): string[] => names.map((name) => p[name].id).sort();

    it('a lead sees their own proposals, a co-editor the ones they co-edit', async () => {
      expect(await seenFixture(u.leadA)).toEqual(ids('draftA', 'submittedA'));
      expect(await seenFixture(u.coEditor)).toEqual(ids('submittedA'));
      expect(await seenFixture(u.leadB)).toEqual(
        ids('inReviewB', 'steeringB', 'approvedB', 'rejectedB', 'otherArea'),
      );
    });

    it('a reviewer sees what they are assigned to; before declaring, not who is behind it', async () => {
      expect(await seenFixture(u.reviewerCleared)).toEqual(ids('inReviewB'));
      expect(await seenFixture(u.reviewerPending)).toEqual(ids('inReviewB'));
      const cleared = (await list(u.reviewerCleared)).items[0];
      expect(cleared?.leadOrganisation).toBe('Lithuanian Fire Service');
      const pending = (await list(u.reviewerPending)).items[0];
      expect(pending).toMatchObject({
        id: p.inReviewB.id,
        leadOrganisation: null,
        leadCountry: null,
        countries: [],
      });
      expect(pending?.allowedActions).toEqual([]);
    });

    it('a steering group member sees proposals of their area in or past the steering group', async () => {
      expect(await seenFixture(u.steering)).toEqual(ids('steeringB', 'approvedB'));
    });

    it('a coordinator sees every proposal of their policy area, and only that', async () => {
      expect(await seenFixture(u.coordinator)).toEqual(
        ids('draftA', 'submittedA', 'inReviewB', 'steeringB', 'approvedB', 'rejectedB'),
      );
      expect(await seenFixture(u.coordinatorOther)).toEqual(ids('otherArea'));
    });

    it('an admin sees everything; a stranger nothing; no token is 401', async () => {
      expect(await seenFixture(u.admin)).toEqual([...fixtureIds()].sort());
      expect((await list(u.stranger)).items).toEqual([]);
      const anonymous = await t.http.get('/api/proposals');
      expect(anonymous.status).toBe(401);
    });
  });

  describe('items', () => {
    it('carry the list fields and the actions the caller may take now', async () => {
      const mine = await list(u.leadA, '?sort=reference');
      const draft = mine.items.find((item) => item.id === p.draftA.id);
      expect(draft).toEqual({
        id: p.draftA.id,
        reference: p.draftA.reference,
        title: 'Draft of A',
        acronym: expect.any(String),
        state: 'draft',
        policyArea: { code: 'SECURE', name: expect.any(String) },
        actions: [{ code: 'A.1', title: expect.any(String) }],
        leadOrganisation: 'Swedish Civil Contingencies Agency',
        leadCountry: 'SE',
        countries: ['SE', 'FI', 'EE'],
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        allowedActions: ['submit', 'withdraw'],
      });
      const coordinatorView = await list(u.coordinator, '?limit=100');
      const byId = new Map(coordinatorView.items.map((item) => [item.id, item]));
      expect(byId.get(p.submittedA.id)?.allowedActions).toEqual([
        'start_review',
        'request_changes',
        'reject',
      ]);
      // No completed assessment yet: recommend is not offered.
      expect(byId.get(p.inReviewB.id)?.allowedActions).toEqual(['request_changes', 'reject']);
      expect(byId.get(p.draftA.id)?.allowedActions).toEqual([]);
      const coEdited = (await list(u.coEditor)).items[0];
      expect(coEdited?.allowedActions).toEqual([]);
    });
  });

  describe('filters and search', () => {
    let searchLead: TestUser;
    const made: Record<string, string> = {};

    beforeAll(async () => {
      searchLead = await createTestUser(t, { name: 'Search Lead' });
      const specs = [
        {
          key: 'ice',
          title: 'Icebreaker coordination',
          acronym: 'ICECO',
          summary: 'Winter navigation safety',
          state: 'submitted' as const,
          actionCodes: ['A.1'],
          partners: [{ organisation: 'Lithuanian Navy', country: 'LT', role: 'partner' }],
        },
        {
          key: 'oil',
          title: 'Oil spill response',
          acronym: 'OSR',
          summary: 'Joint exercises against oil spills at sea',
          state: 'draft' as const,
          actionCodes: ['A.2'],
          partners: [{ organisation: 'Polish Maritime Office', country: 'PL', role: 'partner' }],
        },
        {
          key: 'thb',
          title: 'Trafficking prevention',
          acronym: 'TRAP',
          summary: 'Victims of trafficking and labour exploitation',
          state: 'approved' as const,
          actionCodes: ['C.1', 'A.1'],
          partners: [{ organisation: 'Latvian State Police', country: 'LV', role: 'partner' }],
        },
      ];
      for (const spec of specs) {
        const created = await createProposal(db, {
          ownerId: searchLead.id,
          title: spec.title,
          acronym: spec.acronym,
          summary: spec.summary,
          state: spec.state,
          actionCodes: spec.actionCodes,
          partners: spec.partners,
        });
        made[spec.key] = created.id;
      }
    });

    async function found(query: string): Promise<string[]> {
      const page = await list(searchLead, query);
      const byId = new Map(Object.entries(made).map(([key, id]) => [id, key]));
      return page.items.map((item) => byId.get(item.id) ?? '?').sort();
    }

    it('state: one, several repeated, several comma-separated', async () => {
      expect(await found('?state=draft')).toEqual(['oil']);
      expect(await found('?state=draft&state=approved')).toEqual(['oil', 'thb']);
      expect(await found('?state=submitted,approved')).toEqual(['ice', 'thb']);
    });

    it('actionCode, country and policyAreaCode', async () => {
      expect(await found('?actionCode=A.1')).toEqual(['ice', 'thb']);
      expect(await found('?actionCode=C.1')).toEqual(['thb']);
      expect(await found('?country=lt')).toEqual(['ice']);
      expect(await found('?country=SE')).toEqual(['ice', 'oil', 'thb']);
      expect(await found('?policyAreaCode=SECURE&country=PL')).toEqual(['oil']);
      expect(await found('?policyAreaCode=OTHER')).toEqual([]);
    });

    it('q searches title, acronym and summary with web search syntax', async () => {
      expect(await found('?q=icebreaker')).toEqual(['ice']);
      expect(await found('?q=OSR')).toEqual(['oil']);
      expect(await found('?q=exploitation')).toEqual(['thb']);
      expect(await found(`?q=${encodeURIComponent('"oil spills"')}`)).toEqual(['oil']);
      expect(await found(`?q=${encodeURIComponent('joint -oil')}`)).toEqual([]);
      expect(await found(`?q=${encodeURIComponent('winter or trafficking')}`)).toEqual(['ice', 'thb']);
      expect(await found('?q=nothingmatchesthis')).toEqual([]);
      expect(await found('?q=trafficking&state=draft')).toEqual([]);
    });
  });

  describe('keyset pagination', () => {
    let pager: TestUser;
    let all: string[];

    beforeAll(async () => {
      pager = await createTestUser(t, { name: 'Pager' });
      const sameTime = '2026-03-01T10:00:00.123456Z';
      all = [];
      for (let i = 0; i < 25; i += 1) {
        const created = await createProposal(db, {
          ownerId: pager.id,
          // Five titles, five of each: ties on the sort key are broken by id.
          title: `Shared title ${i % 5}`,
          createdAt: sameTime,
          updatedAt: i < 20 ? sameTime : `2026-03-0${2 + (i % 3)}T00:00:00Z`,
        });
        all.push(created.id);
      }
    });

    async function walk(query: string, limit: number): Promise<Item[]> {
      const seen: Item[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 50; guard += 1) {
        const page: Page = await list(
          pager,
          `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        if (!page.nextCursor) return seen;
        cursor = page.nextCursor;
      }
      throw new Error('pagination did not end');
    }

    it.each([
      ['updatedAt', 7],
      ['createdAt', 4],
      ['reference', 6],
      ['title', 5],
    ])('sort=%s walks every proposal exactly once, in order, %i a page', async (sort, limit) => {
      const seen = await walk(`&sort=${sort}`, limit);
      expect(seen.map((item) => item.id).sort()).toEqual([...all].sort());
      const oneShot = (await list(pager, `?limit=100&sort=${sort}`)).items.map((item) => item.id);
      expect(seen.map((item) => item.id)).toEqual(oneShot);
    });

    it('orders updatedAt newest first and breaks ties by id, descending', async () => {
      const items = (await list(pager, '?limit=100')).items;
      for (let i = 1; i < items.length; i += 1) {
        const before = items[i - 1] as Item;
        const current = items[i] as Item;
        const order = before.updatedAt.localeCompare(current.updatedAt);
        expect(order > 0 || (order === 0 && before.id > current.id)).toBe(true);
      }
    });

    it('the last page has no nextCursor; a page of exactly the rest too', async () => {
      const first = await list(pager, '?limit=20');
      expect(first.nextCursor).not.toBeNull();
      const rest = await list(pager, `?limit=5&cursor=${encodeURIComponent(first.nextCursor as string)}`);
      expect(rest.items).toHaveLength(5);
      expect(rest.nextCursor).toBeNull();
    });
  });

  describe('bad query parameters answer 400 naming the field', () => {
    it.each([
      ['state=bogus', 'state'],
      ['state=draft,bogus', 'state'],
      ['sort=popularity', 'sort'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=1.5', 'limit'],
      ['cursor=not-a-cursor!', 'cursor'],
      ['cursor=bm90IGpzb24', 'cursor'],
      ['country=SWE', 'country'],
      ['policyAreaCode=NOPE', 'policyAreaCode'],
      ['actionCode=Z.9', 'actionCode'],
      ['actionCode=A%20.1', 'actionCode'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q=', 'q'],
      ['colour=blue', 'colour'],
      ['limit=5&limit=6', 'limit'],
    ])('?%s → 400 on %s', async (query, field) => {
      const response = await t.http.get(`/api/proposals?${query}`).set(u.coordinator.auth);
      expect(response.status).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(
        field,
      );
    });

    it('a cursor of another sort, or tampered, is refused', async () => {
      const page = await list(u.admin, '?limit=1&sort=reference');
      expect(page.nextCursor).not.toBeNull();
      const other = await t.http
        .get(`/api/proposals?sort=title&cursor=${page.nextCursor as string}`)
        .set(u.admin.auth);
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ field: 'cursor' }] });
      const forged = Buffer.from(JSON.stringify(['updatedAt', 'yesterday', 'x'])).toString('base64url');
      const tampered = await t.http.get(`/api/proposals?cursor=${forged}`).set(u.admin.auth);
      expect(tampered.status).toBe(400);
    });
  });

  describe('counts', () => {
    it('a coordinator gets counts per state of their policy area, zeros included', async () => {
      const response = await t.http
        .get('/api/proposals/counts?policyAreaCode=SECURE')
        .set(u.coordinator.auth);
      expect(response.status).toBe(200);
      const body = response.body as {
        total: number;
        byState: Record<string, number>;
        byPolicyArea: Array<{ code: string; total: number }>;
      };
      const listed = await list(u.coordinator, '?limit=100');
      expect(body.total).toBe(listed.items.length);
      expect(Object.keys(body.byState)).toHaveLength(10);
      expect(body.byState.withdrawn).toBe(0);
      expect(body.byState.in_review).toBe(1);
      expect(body.byPolicyArea.map((area) => area.code)).toEqual(['SECURE']);
    });

    it('counts follow the caller’s visibility and the filters', async () => {
      const lead = await t.http.get('/api/proposals/counts').set(u.leadA.auth);
      expect(lead.body).toMatchObject({ total: 2, byState: { draft: 1, submitted: 1, approved: 0 } });
      const other = await t.http.get('/api/proposals/counts').set(u.coordinatorOther.auth);
      expect(other.body).toMatchObject({ total: 1, byPolicyArea: [{ code: 'OTHER', total: 1 }] });
      const bad = await t.http.get('/api/proposals/counts?state=draft').set(u.coordinator.auth);
      expect(bad.status).toBe(400);
      const unknown = await t.http.get('/api/proposals/counts?actionCode=Q.7').set(u.coordinator.auth);
      expect(unknown.status).toBe(400);
    });
  });
});
