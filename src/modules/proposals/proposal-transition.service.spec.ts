import { describe, expect, it } from '@jest/globals';
import { PROPOSAL_ACTIONS } from './domain/proposal-state-machine.js';
import { parseIfMatch } from '../../common/http/if-match.js';
import { defaultEventType, proposalEventPayload } from './proposal-transition.service.js';
import { parseAction } from './proposal-transitions.service.js';

describe('defaultEventType', () => {
  it.each([
    ['submit', 'submitted', 'proposal.submitted'],
    ['resubmit', 'submitted', 'proposal.resubmitted'],
    ['request_changes', 'changes_requested', 'proposal.changes_requested'],
    ['reject', 'rejected', 'proposal.rejected'],
    ['complete', 'completed', 'proposal.completed'],
    ['revoke', 'revoked', 'proposal.revoked'],
    ['withdraw', 'withdrawn', 'proposal.withdrawn'],
    ['close_procedure', 'approved', 'proposal.approved'],
    ['close_procedure', 'rejected', 'proposal.rejected'],
    ['close_procedure', 'changes_requested', 'proposal.changes_requested'],
  ] as const)('%s → %s writes %s', (action, to, expected) => {
    expect(defaultEventType(action, to)).toBe(expected);
  });

  it('leaves start_review and recommend to their use cases (review.assigned, procedure.opened)', () => {
    expect(defaultEventType('start_review', 'in_review')).toBeNull();
    expect(defaultEventType('recommend', 'steering_group')).toBeNull();
  });

  it('knows every action', () => {
    for (const action of PROPOSAL_ACTIONS) expect(() => defaultEventType(action, 'approved')).not.toThrow();
  });
});

describe('proposalEventPayload', () => {
  it('carries what a notification template needs', () => {
    expect(
      proposalEventPayload(
        { id: 'p1', reference: 'SECURE-2026-0007', title: 'Baltic Rescue', policyAreaId: 'a1' },
        { action: 'submit', fromState: 'draft', toState: 'submitted', note: null, actorId: 'u1' },
      ),
    ).toEqual({
      proposalId: 'p1',
      reference: 'SECURE-2026-0007',
      title: 'Baltic Rescue',
      policyAreaId: 'a1',
      action: 'submit',
      fromState: 'draft',
      toState: 'submitted',
      note: null,
      actorId: 'u1',
    });
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    [' "7" ', 7],
    [undefined, null],
    ['"0"', null],
    ['*', null],
    ['"3", "4"', null],
    ['abc', null],
  ])('%s → %s', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });
});

describe('parseAction', () => {
  it('accepts snake and kebab case', () => {
    expect(parseAction('request-changes')).toBe('request_changes');
    expect(parseAction('withdraw')).toBe('withdraw');
  });

  it('points to the endpoint of actions that have their own', () => {
    expect(() => parseAction('recommend')).toThrow(
      'recommend has its own endpoint: POST /api/proposals/{id}/recommend',
    );
  });

  it('refuses unknown actions naming the field', () => {
    try {
      parseAction('approve');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 400, errors: [{ field: 'action' }] });
    }
  });
});
