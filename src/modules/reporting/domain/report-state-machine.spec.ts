import { describe, expect, it } from '@jest/globals';
import {
  allowedReportActions,
  reportTransition,
  type ReportAction,
  type ReportState,
} from './report-state-machine.js';

const lead = { isLead: true, isCoordinator: false };
const coordinator = { isLead: false, isCoordinator: true };
const nobody = { isLead: false, isCoordinator: false };

describe('reportTransition', () => {
  const allowed: Array<[ReportState, ReportAction, typeof lead, ReportState]> = [
    ['draft', 'edit', lead, 'draft'],
    ['returned', 'edit', lead, 'returned'],
    ['draft', 'submit', lead, 'submitted'],
    ['submitted', 'accept', coordinator, 'accepted'],
    ['submitted', 'return', coordinator, 'returned'],
    ['returned', 'resubmit', lead, 'submitted'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, actor, to) => {
    expect(reportTransition(from, action, actor)).toEqual({ ok: true, to });
  });

  it('refuses every other state for each action', () => {
    const states: ReportState[] = ['draft', 'submitted', 'accepted', 'returned'];
    for (const [, action, actor] of allowed) {
      const valid = allowed.filter((row) => row[1] === action).map((row) => row[0]);
      for (const state of states.filter((s) => !valid.includes(s))) {
        expect(reportTransition(state, action, actor)).toMatchObject({
          ok: false,
          reason: 'invalid_transition',
        });
      }
    }
  });

  it('guards roles: a coordinator cannot submit, a lead cannot accept or return', () => {
    expect(reportTransition('draft', 'submit', coordinator)).toMatchObject({
      ok: false,
      reason: 'not_allowed',
    });
    expect(reportTransition('submitted', 'accept', lead)).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(reportTransition('submitted', 'return', lead)).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(reportTransition('returned', 'resubmit', nobody)).toMatchObject({
      ok: false,
      reason: 'not_allowed',
    });
  });

  it('an accepted report is final', () => {
    expect(allowedReportActions('accepted', { isLead: true, isCoordinator: true })).toEqual([]);
  });

  it('lists the next actions per actor', () => {
    expect(allowedReportActions('draft', lead)).toEqual(['edit', 'submit']);
    expect(allowedReportActions('submitted', coordinator)).toEqual(['accept', 'return']);
    expect(allowedReportActions('returned', lead)).toEqual(['edit', 'resubmit']);
    expect(allowedReportActions('submitted', lead)).toEqual([]);
  });
});
