import { describe, expect, it } from '@jest/globals';
import { diffSnapshots, jsonEqual } from './revision-diff.js';

const base = {
  reference: 'SECURE-2026-0007',
  title: 'Baltic Rescue Network',
  acronym: 'BRN',
  summary: 'Joint exercises of rescue services',
  leadOrganisation: 'Swedish Civil Contingencies Agency',
  leadCountry: 'SE',
  countries: ['SE', 'FI', 'EE'],
  periodStart: '2026-01-01',
  periodEnd: '2028-12-31',
  budgetEur: '150000.00',
  actions: [
    { code: 'A.1', title: 'Civil protection' },
    { code: 'C.1', title: 'Trafficking' },
  ],
  partners: [
    { organisation: 'Finnish Rescue Academy', country: 'FI', role: 'partner' },
    { organisation: 'Estonian Rescue Board', country: 'EE', role: 'partner' },
  ],
  fundingSources: [{ source: 'Interreg', amount: 100000 }],
  indicatorContributions: [{ indicatorCode: 'A.O1.I1', plannedValue: 3, note: null }],
  deliverables: [
    { id: 'd1', title: 'Joint exercise', dueDate: '2027-06-30', plannedValue: 1 },
    { id: 'd2', title: 'Guidelines', dueDate: '2028-06-30', plannedValue: null },
  ],
};

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(clone(base)).reverse());
    expect(diffSnapshots(base, reordered)).toEqual([]);
  });

  it('reports changed top-level scalars with before and after', () => {
    const after = { ...clone(base), title: 'Baltic Rescue Network II', budgetEur: '175000.00' };
    expect(diffSnapshots(base, after)).toEqual([
      {
        path: 'title',
        change: 'changed',
        before: 'Baltic Rescue Network',
        after: 'Baltic Rescue Network II',
      },
      { path: 'budgetEur', change: 'changed', before: '150000.00', after: '175000.00' },
    ]);
  });

  it('treats null and a missing key as no value: appearing is added, disappearing is removed', () => {
    const before = { ...clone(base), acronym: null as string | null };
    const after: Record<string, unknown> = { ...clone(base) };
    delete after.summary;
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'acronym', change: 'added', after: 'BRN' },
      { path: 'summary', change: 'removed', before: 'Joint exercises of rescue services' },
    ]);
    expect(diffSnapshots({ a: null }, {})).toEqual([]);
  });

  it('distinguishes a number from its string and false from absent', () => {
    expect(diffSnapshots({ v: 1 }, { v: '1' })).toEqual([
      { path: 'v', change: 'changed', before: 1, after: '1' },
    ]);
    expect(diffSnapshots({}, { flag: false })).toEqual([{ path: 'flag', change: 'added', after: false }]);
  });

  it('compares arrays of plain values as sets', () => {
    const after = { ...clone(base), countries: ['EE', 'SE', 'LT'] };
    expect(diffSnapshots(base, after)).toEqual([
      { path: 'countries[LT]', change: 'added', after: 'LT' },
      { path: 'countries[FI]', change: 'removed', before: 'FI' },
    ]);
  });

  describe('partners, matched by organisation and country', () => {
    it('a changed role is reported inside the partner', () => {
      const after = clone(base);
      after.partners[1].role = 'associated';
      expect(diffSnapshots(base, after)).toEqual([
        {
          path: 'partners[Estonian Rescue Board|EE].role',
          change: 'changed',
          before: 'partner',
          after: 'associated',
        },
      ]);
    });

    it('reordering and inserting at the front change nothing else', () => {
      const after = clone(base);
      const lithuanian = { organisation: 'Lithuanian Fire Service', country: 'LT', role: 'partner' };
      after.partners = [lithuanian, after.partners[1], after.partners[0]];
      expect(diffSnapshots(base, after)).toEqual([
        { path: 'partners[Lithuanian Fire Service|LT]', change: 'added', after: lithuanian },
      ]);
    });

    it('a removed partner carries its whole former value', () => {
      const after = clone(base);
      after.partners = [after.partners[1]];
      expect(diffSnapshots(base, after)).toEqual([
        { path: 'partners[Finnish Rescue Academy|FI]', change: 'removed', before: base.partners[0] },
      ]);
    });

    it('the same organisation in another country is another partner', () => {
      const after = clone(base);
      after.partners[0].country = 'SE';
      expect(diffSnapshots(base, after)).toEqual([
        { path: 'partners[Finnish Rescue Academy|SE]', change: 'added', after: after.partners[0] },
        { path: 'partners[Finnish Rescue Academy|FI]', change: 'removed', before: base.partners[0] },
      ]);
    });

    it('case and spacing of the organisation do not break the match; the new spelling is a change', () => {
      const after = clone(base);
      after.partners[0].organisation = '  finnish rescue   academy ';
      expect(diffSnapshots(base, after)).toEqual([
        {
          path: 'partners[finnish rescue   academy|FI].organisation',
          change: 'changed',
          before: 'Finnish Rescue Academy',
          after: '  finnish rescue   academy ',
        },
      ]);
    });

    it('duplicate partners pair in order and get distinct paths', () => {
      const dup = { organisation: 'X', country: 'DK', role: 'partner' };
      const before = { partners: [dup, { ...dup, role: 'lead' }] };
      const after = { partners: [dup, { ...dup, role: 'associated' }, dup] };
      expect(diffSnapshots(before, after)).toEqual([
        { path: 'partners[X|DK#2].role', change: 'changed', before: 'lead', after: 'associated' },
        { path: 'partners[X|DK#3]', change: 'added', after: dup },
      ]);
    });

    it('partners lacking a key are still compared, by their position as label', () => {
      const before = { partners: [{ organisation: 'X', role: 'a' }] };
      const after = { partners: [{ organisation: 'X', role: 'a' }] };
      expect(diffSnapshots(before, after)).toEqual([]);
      expect(diffSnapshots(before, { partners: [] })).toEqual([
        { path: 'partners[0]', change: 'removed', before: before.partners[0] },
      ]);
    });
  });

  describe('deliverables, matched by id or else by title', () => {
    it('a renamed deliverable with the same id is a title change, not remove + add', () => {
      const after = clone(base);
      after.deliverables[0].title = 'Two joint exercises';
      after.deliverables[0].plannedValue = 2;
      expect(diffSnapshots(base, after)).toEqual([
        {
          path: 'deliverables[d1].title',
          change: 'changed',
          before: 'Joint exercise',
          after: 'Two joint exercises',
        },
        { path: 'deliverables[d1].plannedValue', change: 'changed', before: 1, after: 2 },
      ]);
    });

    it('a planned value appearing is added inside the deliverable', () => {
      const after = clone(base);
      after.deliverables[1].plannedValue = 5 as unknown as null;
      expect(diffSnapshots(base, after)).toEqual([
        { path: 'deliverables[d2].plannedValue', change: 'added', after: 5 },
      ]);
    });

    it('without ids, deliverables match by title', () => {
      const before = { deliverables: [{ title: 'Report', dueDate: '2027-01-01' }, { title: 'Map' }] };
      const after = { deliverables: [{ title: 'Map' }, { title: 'report', dueDate: '2027-03-01' }] };
      expect(diffSnapshots(before, after)).toEqual([
        { path: 'deliverables[report].title', change: 'changed', before: 'Report', after: 'report' },
        {
          path: 'deliverables[report].dueDate',
          change: 'changed',
          before: '2027-01-01',
          after: '2027-03-01',
        },
      ]);
    });

    it('a new deliverable without an id still matches its titled predecessor that had none', () => {
      const before = { deliverables: [{ id: 'd1', title: 'A' }, { title: 'B' }] };
      const after = {
        deliverables: [{ id: 'd1', title: 'A' }, { title: 'B', plannedValue: 3 }, { title: 'C' }],
      };
      expect(diffSnapshots(before, after)).toEqual([
        { path: 'deliverables[B].plannedValue', change: 'added', after: 3 },
        { path: 'deliverables[C]', change: 'added', after: { title: 'C' } },
      ]);
    });

    it('nested arrays inside a deliverable are diffed too', () => {
      const before = { deliverables: [{ id: 'd1', evidence: ['https://a'] }] };
      const after = { deliverables: [{ id: 'd1', evidence: ['https://a', 'https://b'] }] };
      expect(diffSnapshots(before, after)).toEqual([
        { path: 'deliverables[d1].evidence[https://b]', change: 'added', after: 'https://b' },
      ]);
    });
  });

  describe('actions, matched by code', () => {
    it('objects: added and removed by code, changed titles inside', () => {
      const after = clone(base);
      after.actions = [
        { code: 'C.1', title: 'Trafficking in human beings' },
        { code: 'D.2', title: 'Migration' },
      ];
      expect(diffSnapshots(base, after)).toEqual([
        {
          path: 'actions[C.1].title',
          change: 'changed',
          before: 'Trafficking',
          after: 'Trafficking in human beings',
        },
        { path: 'actions[D.2]', change: 'added', after: { code: 'D.2', title: 'Migration' } },
        { path: 'actions[A.1]', change: 'removed', before: { code: 'A.1', title: 'Civil protection' } },
      ]);
    });

    it('plain codes', () => {
      expect(diffSnapshots({ actions: ['A.1', 'B.1'] }, { actions: ['B.1', 'C.2'] })).toEqual([
        { path: 'actions[C.2]', change: 'added', after: 'C.2' },
        { path: 'actions[A.1]', change: 'removed', before: 'A.1' },
      ]);
    });
  });

  it('funding sources by source and contributions by indicator code', () => {
    const after = clone(base);
    after.fundingSources = [
      { source: 'Own funds', amount: 50000 },
      { source: 'Interreg', amount: 125000 },
    ];
    after.indicatorContributions[0].note = 'two exercises' as unknown as null;
    expect(diffSnapshots(base, after)).toEqual([
      { path: 'fundingSources[Own funds]', change: 'added', after: { source: 'Own funds', amount: 50000 } },
      { path: 'fundingSources[Interreg].amount', change: 'changed', before: 100000, after: 125000 },
      { path: 'indicatorContributions[A.O1.I1].note', change: 'added', after: 'two exercises' },
    ]);
  });

  it('arrays of objects without a known key are compared by position', () => {
    expect(diffSnapshots({ misc: [{ a: 1 }, { a: 2 }] }, { misc: [{ a: 1 }, { a: 3 }, { a: 4 }] })).toEqual([
      { path: 'misc[1].a', change: 'changed', before: 2, after: 3 },
      { path: 'misc[2]', change: 'added', after: { a: 4 } },
    ]);
  });

  it('nested objects are walked with dotted paths', () => {
    expect(diffSnapshots({ lead: { contact: { name: 'A' } } }, { lead: { contact: { name: 'B' } } })).toEqual(
      [{ path: 'lead.contact.name', change: 'changed', before: 'A', after: 'B' }],
    );
  });

  it('a value changing kind (object to text, array to object) is one change', () => {
    expect(diffSnapshots({ a: { x: 1 } }, { a: 'x' })).toEqual([
      { path: 'a', change: 'changed', before: { x: 1 }, after: 'x' },
    ]);
    expect(diffSnapshots({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { path: 'a', change: 'changed', before: [1], after: { 0: 1 } },
    ]);
  });

  it('brackets in a label do not break paths', () => {
    const before = { partners: [{ organisation: 'A [x]', country: 'SE', role: 'p' }] };
    const after = { partners: [{ organisation: 'A [x]', country: 'SE', role: 'q' }] };
    expect(diffSnapshots(before, after)).toEqual([
      { path: 'partners[A (x)|SE].role', change: 'changed', before: 'p', after: 'q' },
    ]);
  });

  it('is symmetric in kind: swapping sides swaps added and removed', () => {
    const after = clone(base);
    after.partners.push({ organisation: 'Polish Police', country: 'PL', role: 'partner' });
    const forward = diffSnapshots(base, after);
    const backward = diffSnapshots(after, base);
    expect(forward).toEqual([
      { path: 'partners[Polish Police|PL]', change: 'added', after: after.partners[2] },
    ]);
    expect(backward).toEqual([
      { path: 'partners[Polish Police|PL]', change: 'removed', before: after.partners[2] },
    ]);
  });
});

describe('jsonEqual', () => {
  it('ignores key order, treats null and undefined alike, respects array order', () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual({ a: null }, {})).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual(0, false)).toBe(false);
  });
});
