import { describe, expect, it } from '@jest/globals';
import {
  baselineDateOf,
  countStatuses,
  expectedProgressAt,
  targetStatus,
  valueBasisOf,
  worstStatus,
  type AchievedToDate,
  type TargetStatusInput,
} from './indicator-status.js';

const none: AchievedToDate = { sum: 0, latest: null, milestoneReachedOn: null, contributions: 0 };

/** A count target 0 → 100 over 2020-01-01 … 2021-01-01 (366 days); 2020-07-02 (day 183) is exactly half way. */
function count(overrides: Partial<TargetStatusInput> = {}): TargetStatusInput {
  return {
    kind: 'count',
    baselineValue: 0,
    baselineDate: '2020-01-01',
    targetValue: 100,
    valueBasis: 'level',
    deadline: '2021-01-01',
    achieved: none,
    today: '2020-07-02',
    ...overrides,
  };
}
const sum = (value: number): AchievedToDate => ({ ...none, sum: value, contributions: 1 });

describe('expectedProgressAt', () => {
  it('is 0 on the baseline date, 1 on the deadline, linear between and clamped outside', () => {
    expect(expectedProgressAt('2020-01-01', '2020-01-11', '2020-01-01')).toBe(0);
    expect(expectedProgressAt('2020-01-01', '2020-01-11', '2020-01-06')).toBe(0.5);
    expect(expectedProgressAt('2020-01-01', '2020-01-11', '2020-01-11')).toBe(1);
    expect(expectedProgressAt('2020-01-01', '2020-01-11', '2019-06-01')).toBe(0);
    expect(expectedProgressAt('2020-01-01', '2020-01-11', '2030-01-01')).toBe(1);
  });
  it('treats a line of zero or negative length as elapsed from its deadline on', () => {
    expect(expectedProgressAt('2014-12-31', '2014-12-31', '2014-12-30')).toBe(0);
    expect(expectedProgressAt('2014-12-31', '2014-12-31', '2014-12-31')).toBe(1);
    expect(expectedProgressAt('2015-12-31', '2014-12-31', '2015-01-01')).toBe(1);
  });
});

describe('targetStatus: count targets with a value', () => {
  // 2020-01-01 → 2021-01-01 is 366 days; 2020-07-02 is day 183 = exactly half.
  it('is not_started while nothing accepted has been contributed, whatever the line says', () => {
    expect(targetStatus(count()).status).toBe('not_started');
    expect(targetStatus(count({ today: '2020-12-31' })).status).toBe('not_started');
  });
  it('is on_track at ratio exactly 1 (50 of 100 at half time)', () => {
    const result = targetStatus(count({ achieved: sum(50) }));
    expect(result).toMatchObject({
      status: 'on_track',
      progress: 0.5,
      expectedProgress: 0.5,
      currentLevel: 50,
    });
  });
  it('is at_risk just below 1 and exactly at 0.8 (40 of 100 at half time)', () => {
    expect(targetStatus(count({ achieved: sum(49.99) })).status).toBe('at_risk');
    expect(targetStatus(count({ achieved: sum(40) })).status).toBe('at_risk');
  });
  it('is off_track just below 0.8', () => {
    expect(targetStatus(count({ achieved: sum(39.99) })).status).toBe('off_track');
  });
  it('is achieved when the target level is reached, before or after the deadline', () => {
    expect(targetStatus(count({ achieved: sum(100) })).status).toBe('achieved');
    expect(targetStatus(count({ achieved: sum(120), today: '2030-01-01' })).status).toBe('achieved');
    expect(targetStatus(count({ achieved: sum(99.99) })).status).toBe('on_track');
  });
  it('is overdue from the day after the deadline when the target is not met, on_track/at_risk on the deadline day', () => {
    expect(targetStatus(count({ achieved: sum(99), today: '2021-01-02' })).status).toBe('overdue');
    expect(targetStatus(count({ achieved: none, today: '2021-01-02' })).status).toBe('overdue');
    expect(targetStatus(count({ achieved: sum(99), today: '2021-01-01' })).status).toBe('at_risk');
  });
  it('is on_track with any contribution while the line expects nothing yet (on or before the baseline date)', () => {
    expect(targetStatus(count({ achieved: sum(1), today: '2020-01-01' })).status).toBe('on_track');
    expect(targetStatus(count({ achieved: sum(1), today: '2019-01-01' })).status).toBe('on_track');
  });
  it('measures from the baseline value: baseline 2, target 6, sum 2 at half time is on track', () => {
    const result = targetStatus(count({ baselineValue: 2, targetValue: 6, achieved: sum(2) }));
    expect(result).toMatchObject({ status: 'on_track', progress: 0.5, currentLevel: 4, targetLevel: 6 });
  });
  it('reads a null baseline value as 0', () => {
    expect(targetStatus(count({ baselineValue: null, achieved: sum(50) })).status).toBe('on_track');
  });
  it('is on_track with contributions but no deadline, achieved once met', () => {
    expect(targetStatus(count({ deadline: null, achieved: sum(1) }))).toMatchObject({
      status: 'on_track',
      expectedProgress: null,
    });
    expect(targetStatus(count({ deadline: null, achieved: sum(100) })).status).toBe('achieved');
    expect(targetStatus(count({ deadline: null })).status).toBe('not_started');
  });
  it('is achieved at once with any contribution when the target equals the baseline', () => {
    expect(targetStatus(count({ baselineValue: 5, targetValue: 5, achieved: sum(0) })).status).toBe(
      'achieved',
    );
    expect(targetStatus(count({ baselineValue: 5, targetValue: 5 })).status).toBe('not_started');
  });
});

describe('targetStatus: count targets without a value (qualitative)', () => {
  const qualitative = (overrides: Partial<TargetStatusInput> = {}): TargetStatusInput =>
    count({ targetValue: null, ...overrides });
  it('is achieved with any positive accepted contribution or a reached milestone', () => {
    expect(targetStatus(qualitative({ achieved: sum(1) })).status).toBe('achieved');
    expect(
      targetStatus(qualitative({ achieved: { ...none, milestoneReachedOn: '2020-03-01', contributions: 1 } }))
        .status,
    ).toBe('achieved');
  });
  it('is on_track with accepted reports that contribute nothing yet, not_started without any', () => {
    expect(targetStatus(qualitative({ achieved: sum(0) })).status).toBe('on_track');
    expect(targetStatus(qualitative()).status).toBe('not_started');
  });
  it('is overdue after the deadline without a contribution', () => {
    expect(targetStatus(qualitative({ today: '2021-01-02', achieved: sum(0) })).status).toBe('overdue');
    expect(targetStatus(qualitative({ today: '2021-01-01', achieved: sum(0) })).status).toBe('on_track');
  });
});

describe('targetStatus: milestones', () => {
  const milestone = (overrides: Partial<TargetStatusInput> = {}): TargetStatusInput =>
    count({ kind: 'milestone', baselineValue: null, targetValue: null, ...overrides });
  const reached = (date: string): AchievedToDate => ({ ...none, milestoneReachedOn: date, contributions: 1 });

  it('is achieved when reached on or before today, even after the deadline', () => {
    expect(targetStatus(milestone({ achieved: reached('2020-07-02') })).status).toBe('achieved');
    expect(targetStatus(milestone({ achieved: reached('2022-01-01'), today: '2023-01-01' })).status).toBe(
      'achieved',
    );
  });
  it('does not count a reached date after today', () => {
    expect(targetStatus(milestone({ achieved: reached('2020-07-03') })).status).toBe('on_track');
  });
  it('is overdue from the day after its deadline without an accepted "reached"', () => {
    expect(targetStatus(milestone({ today: '2021-01-02' })).status).toBe('overdue');
    expect(targetStatus(milestone({ today: '2021-01-01' })).status).toBe('not_started');
  });
  it('is on_track with accepted reports on it that do not reach it yet, not_started without', () => {
    expect(targetStatus(milestone({ achieved: { ...none, contributions: 2 } })).status).toBe('on_track');
    expect(targetStatus(milestone()).status).toBe('not_started');
  });
  it('never becomes overdue without a deadline', () => {
    expect(targetStatus(milestone({ deadline: null, today: '2099-01-01' })).status).toBe('not_started');
  });
});

describe('targetStatus: percent targets', () => {
  const percent = (overrides: Partial<TargetStatusInput> = {}): TargetStatusInput =>
    count({ kind: 'percent', baselineValue: 40, targetValue: 50, ...overrides });
  const latest = (value: number): AchievedToDate => ({ ...none, latest: value, contributions: 1 });

  it('uses the latest accepted value, not a sum', () => {
    expect(targetStatus(percent({ achieved: latest(45) }))).toMatchObject({
      status: 'on_track',
      progress: 0.5,
    });
    expect(targetStatus(percent({ achieved: latest(44) })).status).toBe('at_risk');
    expect(targetStatus(percent({ achieved: latest(43.99) })).status).toBe('off_track');
    expect(targetStatus(percent({ achieved: latest(50) })).status).toBe('achieved');
  });
  it('works for falling targets (baseline 40, target 30)', () => {
    expect(targetStatus(percent({ targetValue: 30, achieved: latest(35) })).status).toBe('on_track');
    expect(targetStatus(percent({ targetValue: 30, achieved: latest(36) })).status).toBe('at_risk');
    expect(targetStatus(percent({ targetValue: 30, achieved: latest(41) })).status).toBe('off_track');
    expect(targetStatus(percent({ targetValue: 30, achieved: latest(29) })).status).toBe('achieved');
  });
  it('reads a relative-change target as a fall of that % from the baseline (C.O4.I1.T1: 31.4 → 29.83)', () => {
    const relative = percent({
      baselineValue: 31.4,
      targetValue: 5,
      valueBasis: 'relative_change',
      baselineDate: '2009-12-31',
      deadline: '2020-12-31',
    });
    expect(targetStatus({ ...relative, achieved: latest(29.83), today: '2015-01-01' })).toMatchObject({
      status: 'achieved',
      targetLevel: 29.83,
    });
    expect(targetStatus({ ...relative, achieved: latest(31.4), today: '2015-01-01' }).status).toBe(
      'off_track',
    );
    expect(targetStatus({ ...relative, today: '2015-01-01' }).status).toBe('not_started');
    expect(targetStatus({ ...relative, achieved: latest(30), today: '2021-01-01' }).status).toBe('overdue');
  });
  it('is achieved by any accepted value when the percent target has no value', () => {
    expect(targetStatus(percent({ targetValue: null, achieved: latest(12) })).status).toBe('achieved');
  });
});

describe('helpers', () => {
  it('baselineDateOf: Dec 31 of the year, or the policy area start', () => {
    expect(baselineDateOf(2012, '2009-12-31')).toBe('2012-12-31');
    expect(baselineDateOf(null, '2009-12-31')).toBe('2009-12-31');
  });
  it('valueBasisOf: percent targets worded as a change are relative', () => {
    expect(
      valueBasisOf('percent', 'Change in average rates in BSR is improved 5% more than change in EU rate'),
    ).toBe('relative_change');
    expect(valueBasisOf('percent', 'Rate below 25%')).toBe('level');
    expect(valueBasisOf('count', 'change of structures')).toBe('level');
  });
  it('worstStatus and countStatuses roll statuses up', () => {
    expect(worstStatus(['achieved', 'at_risk', 'not_started'])).toBe('at_risk');
    expect(worstStatus(['achieved', 'overdue'])).toBe('overdue');
    expect(worstStatus([])).toBeNull();
    expect(countStatuses(['achieved', 'achieved', 'overdue'])).toEqual({
      overdue: 1,
      off_track: 0,
      at_risk: 0,
      not_started: 0,
      on_track: 0,
      achieved: 2,
    });
  });
});
