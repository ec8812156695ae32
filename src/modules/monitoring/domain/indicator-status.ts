/**
 * Status of one indicator target, from progress against a straight line between the baseline date and the
 * deadline. Pure: every input is passed in, "today" included. The rules are written down in README.md
 * ("Indicator status rules") and each threshold is tested at its edge in indicator-status.spec.ts.
 */
export type IndicatorKind = 'count' | 'percent' | 'milestone';

export const INDICATOR_STATUSES = [
  'overdue',
  'off_track',
  'at_risk',
  'not_started',
  'on_track',
  'achieved',
] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/** At or above this ratio of actual to expected progress a target is on track. */
export const ON_TRACK_RATIO = 1;
/** At or above this ratio (and below ON_TRACK_RATIO) a target is at risk; below it, off track. */
export const AT_RISK_RATIO = 0.8;

/** What accepted reports have contributed to an indicator so far. */
export interface AchievedToDate {
  /** Sum of the accepted contributed values (counts). */
  sum: number;
  /** The most recent accepted value (percents), null when none was reported. */
  latest: number | null;
  /** The earliest accepted "milestone reached on" date (YYYY-MM-DD), null when not reached. */
  milestoneReachedOn: string | null;
  /** Number of accepted report items that contribute (any value, milestone or not). */
  contributions: number;
}

export interface TargetStatusInput {
  kind: IndicatorKind;
  /** The indicator's baseline value on its own scale; null is read as 0 for counts. */
  baselineValue: number | null;
  /** YYYY-MM-DD: Dec 31 of the baseline year, or the policy area's start when the baseline has no year. */
  baselineDate: string;
  /** Target value: a level on the indicator's scale, or a relative improvement in % (valueBasis). */
  targetValue: number | null;
  /** 'relative_change': the value is the % by which the rate must improve (fall) from its baseline. */
  valueBasis: 'level' | 'relative_change';
  /** YYYY-MM-DD, null when the action plan gives no deadline. */
  deadline: string | null;
  achieved: AchievedToDate;
  /** YYYY-MM-DD. */
  today: string;
}

export interface TargetStatus {
  status: IndicatorStatus;
  /** Share of the way from baseline to target (null for qualitative targets and milestones). */
  progress: number | null;
  /** Share of the time from baseline date to deadline that has passed, 0..1 (null without a deadline). */
  expectedProgress: number | null;
  /** The level the target asks for on the indicator's scale (null for qualitative targets and milestones). */
  targetLevel: number | null;
  /** The current level: baseline + sum (counts), latest value (percents); null when unknown. */
  currentLevel: number | null;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time)) throw new Error(`not a date: ${date}`);
  return Math.round(time / DAY_MS);
}

/** Elapsed share of the straight line at `today`, clamped to 0..1; a zero-length line is fully elapsed. */
export function expectedProgressAt(baselineDate: string, deadline: string, today: string): number {
  const start = dayNumber(baselineDate);
  const end = dayNumber(deadline);
  const now = dayNumber(today);
  if (end <= start) return now >= end ? 1 : 0;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

/** The worst first: roll-ups report the first status of this order that occurs. */
export function worstStatus(statuses: readonly IndicatorStatus[]): IndicatorStatus | null {
  for (const status of INDICATOR_STATUSES) if (statuses.includes(status)) return status;
  return null;
}

export type StatusCounts = Record<IndicatorStatus, number>;

export function countStatuses(statuses: readonly IndicatorStatus[]): StatusCounts {
  const counts = Object.fromEntries(INDICATOR_STATUSES.map((status) => [status, 0])) as StatusCounts;
  for (const status of statuses) counts[status] += 1;
  return counts;
}

export function targetStatus(input: TargetStatusInput): TargetStatus {
  const { achieved, deadline, today } = input;
  const expectedProgress = deadline === null ? null : expectedProgressAt(input.baselineDate, deadline, today);
  const pastDeadline = deadline !== null && dayNumber(today) > dayNumber(deadline);
  const base = { expectedProgress, progress: null, targetLevel: null, currentLevel: null };

  // Milestones, and count/percent targets without a value ("qualitative"): reached or not.
  if (input.kind === 'milestone' || input.targetValue === null) {
    const reached =
      input.kind === 'milestone'
        ? achieved.milestoneReachedOn !== null && dayNumber(achieved.milestoneReachedOn) <= dayNumber(today)
        : input.kind === 'count'
          ? achieved.sum > 0 || achieved.milestoneReachedOn !== null
          : achieved.latest !== null;
    const currentLevel =
      input.kind === 'count'
        ? (input.baselineValue ?? 0) + achieved.sum
        : input.kind === 'percent'
          ? achieved.latest
          : null;
    const result = { ...base, currentLevel };
    if (reached) return { ...result, status: 'achieved' };
    if (pastDeadline) return { ...result, status: 'overdue' };
    return { ...result, status: achieved.contributions === 0 ? 'not_started' : 'on_track' };
  }

  const baseline = input.baselineValue ?? 0;
  const targetLevel =
    input.valueBasis === 'relative_change' ? baseline * (1 - input.targetValue / 100) : input.targetValue;
  const currentLevel = input.kind === 'count' ? baseline + achieved.sum : achieved.latest;
  const gap = targetLevel - baseline;
  // Rounded to 9 decimals so that decimal inputs (31.4 → 29.83) do not miss a threshold by a float error.
  const progress =
    currentLevel === null
      ? 0
      : gap === 0
        ? achieved.contributions > 0
          ? 1
          : 0
        : Math.round(((currentLevel - baseline) / gap) * 1e9) / 1e9;
  const result = { expectedProgress, progress, targetLevel, currentLevel };

  if (achieved.contributions > 0 && progress >= 1) return { ...result, status: 'achieved' };
  if (pastDeadline) return { ...result, status: 'overdue' };
  if (achieved.contributions === 0) return { ...result, status: 'not_started' };
  if (expectedProgress === null || expectedProgress === 0) return { ...result, status: 'on_track' };
  const ratio = Math.round((progress / expectedProgress) * 1e9) / 1e9;
  if (ratio >= ON_TRACK_RATIO) return { ...result, status: 'on_track' };
  if (ratio >= AT_RISK_RATIO) return { ...result, status: 'at_risk' };
  return { ...result, status: 'off_track' };
}

/** Dec 31 of the baseline year; without a year, the policy area's start (see monitoring service). */
export function baselineDateOf(baselineYear: number | null, policyAreaStart: string): string {
  return baselineYear === null ? policyAreaStart : `${baselineYear}-12-31`;
}

/**
 * A percent target whose value is a relative improvement, not a level to reach (e.g. C.O4.I1.T1 "Change in
 * average rates in BSR is improved 5% more than change in EU rate"): the action plan words it as a change.
 */
export function valueBasisOf(kind: IndicatorKind, description: string): 'level' | 'relative_change' {
  return kind === 'percent' && /\bchange\b/i.test(description) ? 'relative_change' : 'level';
}
