/**
 * Reporting periods of a policy area. Yearly: label '2026' covers 2026-01-01…2026-12-31 and is due on
 * (2027)-dueMonth-dueDay. Half-yearly: '2026-H1' (Jan–Jun) and '2026-H2' (Jul–Dec); each is due as long after
 * its end as a yearly report is after Dec 31 (H2 like the yearly report, H1 six months earlier).
 * A due day past the end of its month is clamped (Feb 31 → Feb 28/29).
 */
export type ReportingFrequency = 'yearly' | 'half_yearly';

export interface ReportingPeriod {
  label: string;
  start: string;
  end: string;
  due: string;
}

export interface ReportingSettings {
  frequency: ReportingFrequency;
  dueMonth: number;
  dueDay: number;
}

const pad = (value: number): string => String(value).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `monthsAfter` months after Dec 31 of (year − 1) + dueMonth, clamped to its month. */
function dueDate(year: number, monthOffset: number, settings: ReportingSettings): string {
  const monthIndex = year * 12 + (settings.dueMonth - 1) + monthOffset;
  const dueYear = Math.floor(monthIndex / 12);
  const dueMonth = (monthIndex % 12) + 1;
  const day = Math.min(settings.dueDay, daysInMonth(dueYear, dueMonth));
  return `${dueYear}-${pad(dueMonth)}-${pad(day)}`;
}

/** The period a label names, or null when the label does not fit the frequency. */
export function periodFor(settings: ReportingSettings, label: string): ReportingPeriod | null {
  if (settings.frequency === 'yearly') {
    const match = /^(\d{4})$/.exec(label);
    if (!match) return null;
    const year = Number(match[1]);
    return { label, start: `${year}-01-01`, end: `${year}-12-31`, due: dueDate(year + 1, 0, settings) };
  }
  const match = /^(\d{4})-H([12])$/.exec(label);
  if (!match) return null;
  const year = Number(match[1]);
  return match[2] === '1'
    ? { label, start: `${year}-01-01`, end: `${year}-06-30`, due: dueDate(year + 1, -6, settings) }
    : { label, start: `${year}-07-01`, end: `${year}-12-31`, due: dueDate(year + 1, 0, settings) };
}

/** The most recent period that has ended on or before `today` (YYYY-MM-DD). */
export function lastEndedPeriod(settings: ReportingSettings, today: string): ReportingPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (settings.frequency === 'yearly') return periodFor(settings, String(year - 1)) as ReportingPeriod;
  return periodFor(settings, month >= 7 ? `${year}-H1` : `${year - 1}-H2`) as ReportingPeriod;
}

/** A label for the user's guidance in error messages. */
export function labelFormat(frequency: ReportingFrequency): string {
  return frequency === 'yearly' ? 'a year, e.g. 2026' : 'a half year, e.g. 2026-H1 or 2026-H2';
}
