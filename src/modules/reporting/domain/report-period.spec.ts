import { describe, expect, it } from '@jest/globals';
import { lastEndedPeriod, periodFor } from './report-period.js';

const yearly = { frequency: 'yearly' as const, dueMonth: 3, dueDay: 31 };
const halfYearly = { frequency: 'half_yearly' as const, dueMonth: 3, dueDay: 31 };

describe('periodFor', () => {
  it('a yearly report for year N is due on (N+1)-dueMonth-dueDay', () => {
    expect(periodFor(yearly, '2026')).toEqual({
      label: '2026',
      start: '2026-01-01',
      end: '2026-12-31',
      due: '2027-03-31',
    });
  });
  it('half-yearly periods are due as long after their end as the yearly report', () => {
    expect(periodFor(halfYearly, '2026-H2')).toMatchObject({
      start: '2026-07-01',
      end: '2026-12-31',
      due: '2027-03-31',
    });
    expect(periodFor(halfYearly, '2026-H1')).toMatchObject({
      start: '2026-01-01',
      end: '2026-06-30',
      due: '2026-09-30',
    });
  });
  it('clamps a due day past the end of the month', () => {
    expect(periodFor({ frequency: 'yearly', dueMonth: 2, dueDay: 31 }, '2027')?.due).toBe('2028-02-29');
    expect(periodFor({ frequency: 'half_yearly', dueMonth: 8, dueDay: 31 }, '2026-H1')?.due).toBe(
      '2027-02-28',
    );
  });
  it('refuses labels that do not fit the frequency', () => {
    expect(periodFor(yearly, '2026-H1')).toBeNull();
    expect(periodFor(halfYearly, '2026')).toBeNull();
    expect(periodFor(yearly, '26')).toBeNull();
  });
});

describe('lastEndedPeriod', () => {
  it('is the previous year for yearly reporting', () => {
    expect(lastEndedPeriod(yearly, '2027-01-01').label).toBe('2026');
    expect(lastEndedPeriod(yearly, '2026-12-31').label).toBe('2025');
  });
  it('is the previous half year for half-yearly reporting', () => {
    expect(lastEndedPeriod(halfYearly, '2026-07-01').label).toBe('2026-H1');
    expect(lastEndedPeriod(halfYearly, '2026-06-30').label).toBe('2025-H2');
  });
});
