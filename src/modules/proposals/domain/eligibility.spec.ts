import { describe, expect, it } from '@jest/globals';
import { bsrCountriesOf, checkEligibility, type EligibilityInput } from './eligibility.js';

const AREA = 'area-secure';
const indicator = (code: string, overrides: Partial<{ policyAreaId: string; retired: boolean }> = {}) => ({
  code,
  policyAreaId: AREA,
  retired: false,
  ...overrides,
});

function eligible(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    policyAreaId: AREA,
    title: 'Baltic Rescue Network',
    summary: 'Joint exercises of rescue services',
    leadOrganisation: 'Swedish Civil Contingencies Agency',
    leadCountry: 'SE',
    partners: [
      { organisation: 'Finnish Rescue Academy', country: 'FI' },
      { organisation: 'Estonian Rescue Board', country: 'EE' },
    ],
    actions: [{ code: 'A.1', policyAreaId: AREA, retired: false }],
    periodStart: '2026-01-01',
    periodEnd: '2028-12-31',
    budgetEur: 150000,
    fundingSources: [
      { source: 'Interreg', amount: 100000.5 },
      { source: 'National', amount: 49999.5 },
    ],
    indicatorContributions: [{ indicatorCode: 'A.O1.I1', indicator: indicator('A.O1.I1') }],
    deliverables: [{ title: 'Joint exercise', dueDate: '2027-06-30', indicator: indicator('A.O1.I1') }],
    ...overrides,
  };
}

const fields = (input: EligibilityInput): string[] => checkEligibility(input).map((error) => error.field);

describe('checkEligibility', () => {
  it('accepts a proposal that meets every criterion', () => {
    expect(checkEligibility(eligible())).toEqual([]);
  });

  it('lists every unmet criterion at once, not just the first', () => {
    const errors = checkEligibility(
      eligible({
        title: ' ',
        summary: '',
        leadOrganisation: null,
        leadCountry: null,
        partners: [],
        actions: [],
        periodStart: null,
        periodEnd: null,
        budgetEur: null,
        fundingSources: [],
        indicatorContributions: [],
        deliverables: [],
      }),
    );
    expect(errors.map((error) => error.field)).toEqual([
      'title',
      'summary',
      'leadOrganisation',
      'leadCountry',
      'actionCodes',
      'partners',
      'periodStart',
      'periodEnd',
      'budgetEur',
      'fundingSources',
      'deliverables',
    ]);
    for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
  });

  describe('partnership', () => {
    it('needs three distinct Baltic Sea region states among lead and partners', () => {
      const input = eligible({
        partners: [
          { organisation: 'Swedish Police', country: 'SE' },
          { organisation: 'Finnish Border Guard', country: 'fi' },
        ],
      });
      const errors = checkEligibility(input);
      expect(errors).toEqual([{ field: 'partners', message: expect.stringContaining('found 2 (SE, FI)') }]);
    });

    it('ignores countries outside the region', () => {
      expect(
        fields(
          eligible({
            partners: [
              { organisation: 'A', country: 'FR' },
              { organisation: 'B', country: 'FI' },
            ],
          }),
        ),
      ).toEqual(['partners']);
    });

    it('counts Norway and Iceland', () => {
      expect(
        fields(
          eligible({
            leadCountry: 'NO',
            partners: [
              { organisation: 'A', country: 'IS' },
              { organisation: 'B', country: 'DK' },
            ],
          }),
        ),
      ).toEqual([]);
    });

    it('reports distinct states in order of appearance', () => {
      expect(
        bsrCountriesOf({
          leadCountry: 'de',
          partners: [
            { organisation: 'x', country: 'PL' },
            { organisation: 'y', country: 'DE' },
          ],
        }),
      ).toEqual(['DE', 'PL']);
    });
  });

  describe('period', () => {
    it('must end after it starts', () => {
      expect(
        checkEligibility(eligible({ periodStart: '2028-01-01', periodEnd: '2028-01-01' })),
      ).toContainEqual({
        field: 'periodEnd',
        message: 'The project period must end after it starts',
      });
    });

    it('may last ten years but not longer', () => {
      expect(
        fields(
          eligible({
            periodStart: '2026-01-01',
            periodEnd: '2036-01-01',
            deliverables: [{ title: 'x', dueDate: '2027-01-01', indicator: indicator('A.O1.I1') }],
          }),
        ),
      ).toEqual([]);
      expect(fields(eligible({ periodStart: '2026-01-01', periodEnd: '2036-01-02' }))).toEqual(['periodEnd']);
    });

    it('rejects impossible calendar dates', () => {
      expect(fields(eligible({ periodStart: '2026-02-30' }))).toContain('periodStart');
    });
  });

  describe('budget', () => {
    it('must be greater than zero', () => {
      expect(fields(eligible({ budgetEur: 0, fundingSources: [{ source: 'x', amount: 0 }] }))).toEqual([
        'budgetEur',
      ]);
    });

    it('must equal the sum of the funding sources, to the cent', () => {
      const errors = checkEligibility(eligible({ budgetEur: 150000.01 }));
      expect(errors).toEqual([
        {
          field: 'fundingSources',
          message: 'The funding sources add up to EUR 150000.00 but the budget is EUR 150000.01',
        },
      ]);
    });

    it('is not fooled by floating point sums', () => {
      expect(
        fields(
          eligible({
            budgetEur: 0.3,
            fundingSources: [
              { source: 'a', amount: 0.1 },
              { source: 'b', amount: 0.2 },
            ],
          }),
        ),
      ).toEqual([]);
    });
  });

  describe('catalog links', () => {
    it('refuses actions of another policy area and retired actions, naming each', () => {
      const errors = checkEligibility(
        eligible({
          actions: [
            { code: 'A.1', policyAreaId: AREA, retired: false },
            { code: 'X.1', policyAreaId: 'other', retired: false },
            { code: 'B.1', policyAreaId: AREA, retired: true },
          ],
        }),
      );
      expect(errors).toEqual([
        { field: 'actionCodes[1]', message: 'Action X.1 belongs to another policy area' },
        { field: 'actionCodes[2]', message: 'Action B.1 has been retired from the action plan' },
      ]);
    });

    it('refuses retired or unknown indicators in contributions', () => {
      const errors = checkEligibility(
        eligible({
          indicatorContributions: [
            { indicatorCode: 'A.O1.I1', indicator: indicator('A.O1.I1', { retired: true }) },
            { indicatorCode: 'Z.9', indicator: null },
          ],
        }),
      );
      expect(errors.map((error) => error.field)).toEqual([
        'indicatorContributions[0].indicatorCode',
        'indicatorContributions[1].indicatorCode',
      ]);
    });
  });

  describe('deliverables', () => {
    it('need at least one tied to an indicator', () => {
      expect(
        fields(eligible({ deliverables: [{ title: 'Report', dueDate: '2027-01-01', indicator: null }] })),
      ).toEqual(['deliverables']);
    });

    it('must be due within the period', () => {
      const errors = checkEligibility(
        eligible({
          deliverables: [
            { title: 'Early', dueDate: '2025-12-31', indicator: indicator('A.O1.I1') },
            { title: 'Last day', dueDate: '2028-12-31', indicator: indicator('A.O1.I1') },
            { title: 'Late', dueDate: '2029-01-01', indicator: null },
            { title: 'Undated', dueDate: null, indicator: null },
          ],
        }),
      );
      expect(errors.map((error) => error.field)).toEqual([
        'deliverables[0].dueDate',
        'deliverables[2].dueDate',
        'deliverables[3].dueDate',
      ]);
    });

    it('refuse an indicator of another policy area', () => {
      expect(
        fields(
          eligible({
            deliverables: [
              { title: 'x', dueDate: '2027-01-01', indicator: indicator('A.O1.I1') },
              { title: 'y', dueDate: '2027-01-01', indicator: indicator('Q.1', { policyAreaId: 'other' }) },
            ],
          }),
        ),
      ).toEqual(['deliverables[1].indicatorCode']);
    });
  });
});
