import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { createProposal } from './support/proposal-factory.js';

interface Flagship {
  reference: string;
  title: string;
  acronym: string | null;
  state: string;
  policyArea: { code: string; name: string };
  actions: Array<{ code: string; title: string }>;
  leadOrganisation: string | null;
  leadCountry: string | null;
  countries: string[];
  period: { start: string | null; end: string | null };
  approvedAt: string | null;
  deliverablesDelivered: { count: number; titles: string[] };
}
interface Page {
  items: Flagship[];
  nextCursor: string | null;
}

/** A small RFC 4180 parser: enough to prove that what we write reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('public registry of flagships', () => {
  let t: TestApp;
  let db: DataSource;
  let lead: TestUser;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await bootTestApp();
    db = t.app.get(DataSource);
    lead = await createTestUser(t, { name: 'Public Lead' });
    const make = async (key: string, overrides: Partial<Parameters<typeof createProposal>[1]>) => {
      const created = await createProposal(db, { ownerId: lead.id, ...overrides });
      refs[key] = created.reference;
    };
    await make('approved', {
      state: 'approved',
      title: 'Baltic Rescue Network',
      acronym: 'BRN',
      summary: 'Joint exercises of rescue services',
      actionCodes: ['A.1', 'C.1'],
      partners: [{ organisation: 'Lithuanian Fire Service', country: 'LT', role: 'partner' }],
      deliverables: [
        { title: 'Joint exercise', status: 'delivered' },
        { title: 'Guidelines', status: 'in_progress' },
        { title: 'Training, "advanced"', status: 'delivered' },
      ],
    });
    await make('completed', {
      state: 'completed',
      title: 'Trafficking prevention',
      summary: 'Victims of trafficking',
      actionCodes: ['C.1'],
      partners: [{ organisation: 'Polish Border Guard', country: 'PL', role: 'partner' }],
    });
    await make('hostile', {
      state: 'approved',
      title: '=HYPERLINK("http://evil.example","click")',
      acronym: '+SUM(1,2)',
      summary: 'Line one\nline two, with comma',
      leadOrganisation: '@Org "quoted"\r\nnext line',
      actionCodes: ['A.2'],
    });
    for (const state of [
      'draft',
      'submitted',
      'in_review',
      'steering_group',
      'rejected',
      'revoked',
      'withdrawn',
    ] as const) {
      await make(state, { state, title: `Not public ${state}`, actionCodes: ['A.1'] });
    }
    for (let i = 0; i < 12; i += 1) {
      await make(`bulk${i}`, { state: 'approved', title: `Bulk flagship ${i}`, actionCodes: ['D.1'] });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function publicList(query = ''): Promise<Page> {
    const response = await t.http.get(`/api/public/flagships${query}`);
    expect(response.status).toBe(200);
    return response.body as Page;
  }

  it('lists approved and completed flagships without an account, never drafts or other states', async () => {
    const page = await publicList('?limit=100');
    const references = page.items.map((item) => item.reference);
    expect(references).toHaveLength(15);
    expect(references).toEqual([...references].sort());
    for (const state of [
      'draft',
      'submitted',
      'in_review',
      'steering_group',
      'rejected',
      'revoked',
      'withdrawn',
    ]) {
      expect(references).not.toContain(refs[state]);
    }
    const approved = page.items.find((item) => item.reference === refs.approved);
    expect(approved).toEqual({
      reference: refs.approved,
      title: 'Baltic Rescue Network',
      acronym: 'BRN',
      state: 'approved',
      policyArea: { code: 'SECURE', name: expect.any(String) },
      actions: [
        { code: 'A.1', title: expect.any(String) },
        { code: 'C.1', title: expect.any(String) },
      ],
      leadOrganisation: 'Swedish Civil Contingencies Agency',
      leadCountry: 'SE',
      countries: ['SE', 'LT'],
      period: { start: '2026-01-01', end: '2028-12-31' },
      approvedAt: expect.any(String),
      deliverablesDelivered: { count: 2, titles: ['Joint exercise', 'Training, "advanced"'] },
    });
    // Nothing internal: no ids, owner, budget, summary or state history in the list.
    expect(Object.keys(approved ?? {})).not.toEqual(expect.arrayContaining(['id']));
    expect(JSON.stringify(page)).not.toContain(lead.id);
  });

  it('filters by action, country, state and text', async () => {
    const refsOf = async (query: string): Promise<string[]> =>
      (await publicList(query)).items.map((item) => item.reference).sort();
    expect(await refsOf('?actionCode=C.1')).toEqual([refs.approved, refs.completed].sort());
    expect(await refsOf('?country=pl')).toEqual([refs.completed]);
    expect(await refsOf('?state=completed')).toEqual([refs.completed]);
    expect(await refsOf('?state=approved,completed&actionCode=A.2')).toEqual([refs.hostile]);
    expect(await refsOf('?q=network')).toEqual([refs.approved]);
    expect(await refsOf('?q=trafficking&state=approved')).toEqual([]);
    expect(await refsOf('?actionCode=A.1')).toEqual([refs.approved]);
  });

  it('is keyset-paginated by reference', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await publicList(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((item) => item.reference));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await publicList('?limit=100')).items.map((item) => item.reference));
    expect(seen).toHaveLength(15);
  });

  it.each([
    ['state=draft', 'state'],
    ['state=approved,rejected', 'state'],
    ['actionCode=Z.9', 'actionCode'],
    ['country=Sweden', 'country'],
    ['limit=500', 'limit'],
    ['cursor=%%%', 'cursor'],
    ['ownerId=x', 'ownerId'],
  ])('?%s is 400 naming %s', async (query, field) => {
    const response = await t.http.get(`/api/public/flagships?${query}`);
    expect(response.status).toBe(400);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(
      field,
    );
  });

  it('shows one flagship by reference with summary and partners; others are 404', async () => {
    const response = await t.http.get(`/api/public/flagships/${refs.approved}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      reference: refs.approved,
      summary: 'Joint exercises of rescue services',
      partners: [{ organisation: 'Lithuanian Fire Service', country: 'LT', role: 'partner' }],
      deliverablesDelivered: { count: 2 },
    });
    const lower = await t.http.get(`/api/public/flagships/${refs.approved?.toLowerCase()}`);
    expect(lower.status).toBe(200);
    for (const key of ['draft', 'steering_group', 'revoked']) {
      const hidden = await t.http.get(`/api/public/flagships/${refs[key]}`);
      expect(hidden.status).toBe(404);
    }
    expect((await t.http.get('/api/public/flagships/SECURE-1999-0001')).status).toBe(404);
  });

  describe('CSV', () => {
    async function csv(
      query = '',
    ): Promise<{ text: string; rows: string[][]; headers: Record<string, unknown> }> {
      const response = await t.http
        .get(`/api/public/flagships.csv${query}`)
        .buffer(true)
        .parse((res, done) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (data += chunk));
          res.on('end', () => done(null, data));
        });
      expect(response.status).toBe(200);
      const text = response.body as string;
      return { text, rows: parseCsv(text.replace(/^\ufeff/, '')), headers: response.headers };
    }

    it('exports every matching flagship as CSV, with a header and a download name', async () => {
      const { text, rows, headers } = await csv();
      expect(headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(headers['content-disposition']).toBe('attachment; filename="flagships.csv"');
      expect(text.startsWith('\ufeffreference,title,')).toBe(true);
      expect(rows[0]).toEqual([
        'reference',
        'title',
        'acronym',
        'state',
        'policy_area',
        'actions',
        'action_titles',
        'lead_organisation',
        'lead_country',
        'countries',
        'period_start',
        'period_end',
        'approved_at',
        'deliverables_delivered',
        'delivered_deliverable_titles',
      ]);
      expect(rows).toHaveLength(16);
      const approved = rows.find((row) => row[0] === refs.approved) as string[];
      expect(approved.slice(0, 6)).toEqual([
        refs.approved,
        'Baltic Rescue Network',
        'BRN',
        'approved',
        'SECURE',
        'A.1; C.1',
      ]);
      expect(approved[9]).toBe('SE; LT');
      expect(approved[13]).toBe('2');
      expect(approved[14]).toBe('Joint exercise; Training, "advanced"');
    });

    it('escapes quotes, commas and line breaks, and guards cells that a spreadsheet would run as formulas', async () => {
      const { text, rows } = await csv('?actionCode=A.2');
      expect(rows).toHaveLength(2);
      const hostile = rows[1] as string[];
      expect(hostile[0]).toBe(refs.hostile);
      expect(hostile[1]).toBe('\'=HYPERLINK("http://evil.example","click")');
      expect(hostile[2]).toBe("'+SUM(1,2)");
      expect(hostile[7]).toBe('\'@Org "quoted"\r\nnext line');
      expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
      // No cell of any row starts with a formula character.
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
    });

    it('takes the same filters, and refuses bad ones before streaming', async () => {
      const { rows } = await csv('?state=completed');
      expect(rows.map((row) => row[0])).toEqual(['reference', refs.completed]);
      const bad = await t.http.get('/api/public/flagships.csv?state=draft');
      expect(bad.status).toBe(400);
      const unknownAction = await t.http.get('/api/public/flagships.csv?actionCode=Q.1');
      expect(unknownAction.status).toBe(400);
      const empty = await csv('?q=nomatchatall');
      expect(empty.rows).toHaveLength(1);
    });

    it('streams more rows than one batch', async () => {
      await db.query(
        `INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, countries, approved_at)
         SELECT (SELECT id FROM policy_areas WHERE code = 'SECURE'), 'SECURE-2025-' || lpad(g::text, 4, '0'), $1,
                'approved', 'Generated flagship ' || g, ARRAY['SE', 'FI', 'EE'], now()
           FROM generate_series(1, 1203) g`,
        [lead.id],
      );
      const { rows } = await csv();
      expect(rows).toHaveLength(1 + 15 + 1203);
      const references = rows.slice(1).map((row) => row[0] as string);
      expect(new Set(references).size).toBe(references.length);
      expect(references).toEqual([...references].sort());
    });
  });
});
