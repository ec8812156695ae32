import { describe, it, expect } from '@jest/globals';
import {
  PROPOSAL_ACTIONS,
  PROPOSAL_STATES,
  actionsFrom,
  availableActions,
  isTerminal,
  transition,
  type ProcedureOutcome,
  type ProposalAction,
  type ProposalActor,
  type ProposalState,
  type TransitionFacts,
} from './proposal-state-machine.js';

const NOBODY: ProposalActor = {
  isOwner: false,
  isCoEditor: false,
  isCoordinator: false,
  isChair: false,
  isSystem: false,
};

const ACTORS = {
  owner: { ...NOBODY, isOwner: true },
  coEditor: { ...NOBODY, isCoEditor: true },
  coordinator: { ...NOBODY, isCoordinator: true },
  chair: { ...NOBODY, isChair: true },
  system: { ...NOBODY, isSystem: true },
  // A reviewer or steering group member holds none of the workflow roles.
  reviewerOnly: NOBODY,
  everyone: { isOwner: true, isCoEditor: true, isCoordinator: true, isChair: true, isSystem: true },
} satisfies Record<string, ProposalActor>;
type ActorName = keyof typeof ACTORS;
const SINGLE_ROLE_ACTORS: readonly ActorName[] = [
  'owner',
  'coEditor',
  'coordinator',
  'chair',
  'system',
  'reviewerOnly',
];

/** Facts that satisfy every guard. */
const FULL_FACTS: TransitionFacts = {
  note: 'Some note',
  reviewerCount: 2,
  completedAssessments: 1,
  outcome: 'approved',
};

// Written out independently of the implementation: the DESIGN.md table.
const EXPECTED: Record<ProposalState, Partial<Record<ProposalAction, readonly ActorName[]>>> = {
  draft: { submit: ['owner', 'coEditor'], withdraw: ['owner'] },
  submitted: {
    start_review: ['coordinator'],
    request_changes: ['coordinator'],
    reject: ['coordinator'],
    withdraw: ['owner'],
  },
  in_review: {
    request_changes: ['coordinator'],
    reject: ['coordinator'],
    recommend: ['coordinator'],
    withdraw: ['owner'],
  },
  changes_requested: { resubmit: ['owner', 'coEditor'], withdraw: ['owner'] },
  steering_group: { close_procedure: ['system', 'chair'], withdraw: ['owner'] },
  approved: { complete: ['coordinator'], revoke: ['chair', 'coordinator'], withdraw: ['owner'] },
  rejected: {},
  completed: {},
  revoked: {},
  withdrawn: {},
};

type AllowedCase = [ProposalState, ProposalAction, ActorName, TransitionFacts, ProposalState];

const ALLOWED: AllowedCase[] = [
  ['draft', 'submit', 'owner', {}, 'submitted'],
  ['draft', 'submit', 'coEditor', {}, 'submitted'],
  ['submitted', 'start_review', 'coordinator', { reviewerCount: 1 }, 'in_review'],
  ['submitted', 'request_changes', 'coordinator', { note: 'Add a partner from LT' }, 'changes_requested'],
  ['in_review', 'request_changes', 'coordinator', { note: 'Clarify the budget' }, 'changes_requested'],
  ['changes_requested', 'resubmit', 'owner', {}, 'submitted'],
  ['changes_requested', 'resubmit', 'coEditor', {}, 'submitted'],
  ['submitted', 'reject', 'coordinator', { note: 'Not macro-regional' }, 'rejected'],
  ['in_review', 'reject', 'coordinator', { note: 'Not macro-regional' }, 'rejected'],
  ['in_review', 'recommend', 'coordinator', { completedAssessments: 1 }, 'steering_group'],
  ['steering_group', 'close_procedure', 'system', { outcome: 'approved' }, 'approved'],
  ['steering_group', 'close_procedure', 'system', { outcome: 'rejected' }, 'rejected'],
  ['steering_group', 'close_procedure', 'system', { outcome: 'changes_requested' }, 'changes_requested'],
  ['steering_group', 'close_procedure', 'chair', { outcome: 'approved' }, 'approved'],
  ['steering_group', 'close_procedure', 'chair', { outcome: 'rejected' }, 'rejected'],
  ['steering_group', 'close_procedure', 'chair', { outcome: 'changes_requested' }, 'changes_requested'],
  ['approved', 'complete', 'coordinator', {}, 'completed'],
  ['approved', 'revoke', 'chair', { note: 'Partners left' }, 'revoked'],
  ['approved', 'revoke', 'coordinator', { note: 'Partners left' }, 'revoked'],
  ['draft', 'withdraw', 'owner', {}, 'withdrawn'],
  ['submitted', 'withdraw', 'owner', {}, 'withdrawn'],
  ['in_review', 'withdraw', 'owner', {}, 'withdrawn'],
  ['changes_requested', 'withdraw', 'owner', {}, 'withdrawn'],
  ['steering_group', 'withdraw', 'owner', {}, 'withdrawn'],
  ['approved', 'withdraw', 'owner', {}, 'withdrawn'],
];

const stateActionPairs = PROPOSAL_STATES.flatMap((state) =>
  PROPOSAL_ACTIONS.map((action): [ProposalState, ProposalAction] => [state, action]),
);
const nonexistent = stateActionPairs.filter(([state, action]) => EXPECTED[state][action] === undefined);
const existing = stateActionPairs.filter(([state, action]) => EXPECTED[state][action] !== undefined);
const forbiddenRoles = existing.flatMap(([state, action]) =>
  SINGLE_ROLE_ACTORS.filter((name) => !(EXPECTED[state][action] ?? []).includes(name)).map(
    (name): [ProposalState, ProposalAction, ActorName] => [state, action, name],
  ),
);

describe('proposal state machine', () => {
  describe('allowed transitions', () => {
    it.each(ALLOWED)('%s --%s by %s--> (facts %j) %s', (from, action, actorName, facts, to) => {
      expect(transition(from, action, ACTORS[actorName], facts)).toEqual({ ok: true, from, to, action });
    });

    it('covers every allowed (state, action, actor) of the design table', () => {
      const covered = new Set(ALLOWED.map(([from, action, actor]) => `${from}/${action}/${actor}`));
      const expected = existing.flatMap(([state, action]) =>
        (EXPECTED[state][action] ?? []).map((actor) => `${state}/${action}/${actor}`),
      );
      expect([...covered].sort()).toEqual([...expected].sort());
    });

    it('agrees with actionsFrom for every state', () => {
      for (const state of PROPOSAL_STATES) {
        expect([...actionsFrom(state)].sort()).toEqual(Object.keys(EXPECTED[state]).sort());
      }
    });
  });

  describe('transitions that do not exist', () => {
    it('are the 83 of 100 (state, action) pairs outside the 17 that exist', () => {
      expect(existing).toHaveLength(17);
      expect(nonexistent).toHaveLength(83);
    });

    it.each(nonexistent)(
      '%s --%s--> is PROPOSAL_INVALID_TRANSITION even for an all-powerful actor',
      (state, action) => {
        const result = transition(state, action, ACTORS.everyone, FULL_FACTS);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.code).toBe('PROPOSAL_INVALID_TRANSITION');
        expect(result.message).toContain(`A proposal in state '${state}' cannot `);
        expect(result.field).toBeUndefined();
      },
    );

    it('names the state and the action in words', () => {
      expect(transition('approved', 'submit', ACTORS.owner)).toEqual({
        ok: false,
        code: 'PROPOSAL_INVALID_TRANSITION',
        message: "A proposal in state 'approved' cannot be submitted",
      });
      expect(transition('draft', 'close_procedure', ACTORS.chair, { outcome: 'approved' })).toMatchObject({
        message: "A proposal in state 'draft' cannot have its written procedure closed",
      });
    });

    it('checks the state before the role', () => {
      expect(transition('withdrawn', 'submit', ACTORS.reviewerOnly)).toMatchObject({
        code: 'PROPOSAL_INVALID_TRANSITION',
      });
    });
  });

  describe('role checks', () => {
    it.each(forbiddenRoles)('%s --%s by %s--> is PROPOSAL_ACTION_FORBIDDEN', (state, action, actorName) => {
      const result = transition(state, action, ACTORS[actorName], FULL_FACTS);
      expect(result).toMatchObject({ ok: false, code: 'PROPOSAL_ACTION_FORBIDDEN' });
      if (!result.ok) expect(result.message).toMatch(/^Only /);
    });

    it('a co-editor cannot withdraw', () => {
      expect(transition('draft', 'withdraw', ACTORS.coEditor)).toEqual({
        ok: false,
        code: 'PROPOSAL_ACTION_FORBIDDEN',
        message: 'Only the lead may withdraw this proposal',
      });
    });

    it('a reviewer-only actor can do nothing anywhere', () => {
      for (const [state, action] of existing) {
        expect(transition(state, action, ACTORS.reviewerOnly, FULL_FACTS)).toMatchObject({
          code: 'PROPOSAL_ACTION_FORBIDDEN',
        });
      }
    });

    it('a coordinator cannot submit', () => {
      expect(transition('draft', 'submit', ACTORS.coordinator)).toMatchObject({
        code: 'PROPOSAL_ACTION_FORBIDDEN',
      });
    });

    it('the system cannot revoke and the owner cannot close the procedure', () => {
      expect(transition('approved', 'revoke', ACTORS.system, { note: 'x' })).toMatchObject({
        code: 'PROPOSAL_ACTION_FORBIDDEN',
      });
      expect(
        transition('steering_group', 'close_procedure', ACTORS.owner, { outcome: 'approved' }),
      ).toMatchObject({
        code: 'PROPOSAL_ACTION_FORBIDDEN',
      });
    });

    it('any one matching role suffices (owner who is also coordinator may start review)', () => {
      const actor = { ...NOBODY, isOwner: true, isCoordinator: true };
      expect(transition('submitted', 'start_review', actor, { reviewerCount: 1 })).toMatchObject({
        ok: true,
      });
    });

    it('checks the role before the guards', () => {
      expect(transition('submitted', 'reject', ACTORS.owner, {})).toMatchObject({
        code: 'PROPOSAL_ACTION_FORBIDDEN',
      });
    });
  });

  describe('guards', () => {
    const blankNotes: [string, TransitionFacts][] = [
      ['no facts', {}],
      ['undefined note', { note: undefined }],
      ['null note', { note: null }],
      ['empty note', { note: '' }],
      ['whitespace note', { note: ' \n\t ' }],
    ];
    const noteActions: [ProposalState, ProposalAction, ActorName][] = [
      ['submitted', 'request_changes', 'coordinator'],
      ['in_review', 'request_changes', 'coordinator'],
      ['submitted', 'reject', 'coordinator'],
      ['in_review', 'reject', 'coordinator'],
      ['approved', 'revoke', 'chair'],
      ['approved', 'revoke', 'coordinator'],
    ];
    const noteCases = noteActions.flatMap(([state, action, actor]) =>
      blankNotes.map(
        ([label, facts]): [ProposalState, ProposalAction, ActorName, string, TransitionFacts] => [
          state,
          action,
          actor,
          label,
          facts,
        ],
      ),
    );

    it.each(noteCases)(
      '%s --%s by %s-- with %s fails on field note',
      (state, action, actorName, _label, facts) => {
        const result = transition(state, action, ACTORS[actorName], facts);
        expect(result).toMatchObject({ ok: false, code: 'PROPOSAL_GUARD_FAILED', field: 'note' });
      },
    );

    it('transition without facts argument fails the note guard', () => {
      expect(transition('submitted', 'reject', ACTORS.coordinator)).toMatchObject({
        code: 'PROPOSAL_GUARD_FAILED',
        field: 'note',
        message: 'A reason for the rejection is required',
      });
    });

    it.each<[string, TransitionFacts]>([
      ['missing', {}],
      ['zero', { reviewerCount: 0 }],
      ['negative', { reviewerCount: -1 }],
      ['NaN', { reviewerCount: Number.NaN }],
    ])('start_review with %s reviewers fails on field reviewers', (_label, facts) => {
      expect(transition('submitted', 'start_review', ACTORS.coordinator, facts)).toMatchObject({
        ok: false,
        code: 'PROPOSAL_GUARD_FAILED',
        field: 'reviewers',
      });
    });

    it.each<[string, TransitionFacts]>([
      ['missing', {}],
      ['zero', { completedAssessments: 0 }],
    ])('recommend with %s assessments fails on field assessments', (_label, facts) => {
      expect(transition('in_review', 'recommend', ACTORS.coordinator, facts)).toMatchObject({
        ok: false,
        code: 'PROPOSAL_GUARD_FAILED',
        field: 'assessments',
      });
    });

    it.each<[string, TransitionFacts]>([
      ['missing', {}],
      ['undefined', { outcome: undefined }],
      ['not an outcome', { outcome: 'completed' as unknown as ProcedureOutcome }],
    ])('close_procedure with %s outcome fails on field outcome', (_label, facts) => {
      for (const actor of [ACTORS.system, ACTORS.chair]) {
        expect(transition('steering_group', 'close_procedure', actor, facts)).toMatchObject({
          ok: false,
          code: 'PROPOSAL_GUARD_FAILED',
          field: 'outcome',
        });
      }
    });

    it('a note is accepted but not required where there is no note guard', () => {
      expect(transition('draft', 'submit', ACTORS.owner, { note: 'First version' })).toMatchObject({
        ok: true,
      });
      expect(transition('approved', 'withdraw', ACTORS.owner, { note: null })).toMatchObject({ ok: true });
    });
  });

  describe('availableActions', () => {
    const cases: [ProposalState, ActorName, TransitionFacts, ProposalAction[]][] = [
      ['draft', 'owner', {}, ['submit', 'withdraw']],
      ['draft', 'coEditor', {}, ['submit']],
      ['draft', 'coordinator', {}, []],
      ['submitted', 'coordinator', {}, ['start_review', 'request_changes', 'reject']],
      ['submitted', 'owner', {}, ['withdraw']],
      ['submitted', 'coEditor', {}, []],
      ['in_review', 'coordinator', {}, ['request_changes', 'reject', 'recommend']],
      ['in_review', 'coordinator', { completedAssessments: 2 }, ['request_changes', 'reject', 'recommend']],
      ['in_review', 'coordinator', { completedAssessments: 0 }, ['request_changes', 'reject']],
      ['in_review', 'owner', {}, ['withdraw']],
      ['changes_requested', 'owner', {}, ['resubmit', 'withdraw']],
      ['changes_requested', 'coEditor', {}, ['resubmit']],
      ['changes_requested', 'coordinator', {}, []],
      ['steering_group', 'chair', {}, ['close_procedure']],
      ['steering_group', 'system', {}, ['close_procedure']],
      ['steering_group', 'owner', {}, ['withdraw']],
      ['steering_group', 'coordinator', {}, []],
      ['approved', 'coordinator', {}, ['complete', 'revoke']],
      ['approved', 'chair', {}, ['revoke']],
      ['approved', 'owner', {}, ['withdraw']],
      ['approved', 'reviewerOnly', {}, []],
      ['rejected', 'everyone', {}, []],
      ['completed', 'everyone', {}, []],
      ['revoked', 'everyone', {}, []],
      ['withdrawn', 'everyone', {}, []],
    ];

    it.each(cases)('in %s, %s (facts %j) may %j', (state, actorName, facts, expected) => {
      expect(availableActions(state, ACTORS[actorName], facts)).toEqual(expected);
    });

    it('reviewer-only actors get no actions in any state', () => {
      for (const state of PROPOSAL_STATES) {
        expect(availableActions(state, ACTORS.reviewerOnly)).toEqual([]);
      }
    });

    it('every available action succeeds with satisfying facts', () => {
      for (const state of PROPOSAL_STATES) {
        for (const name of SINGLE_ROLE_ACTORS) {
          for (const action of availableActions(state, ACTORS[name])) {
            expect(transition(state, action, ACTORS[name], FULL_FACTS)).toMatchObject({ ok: true });
          }
        }
      }
    });
  });

  describe('isTerminal', () => {
    it.each<[ProposalState, boolean]>([
      ['draft', false],
      ['submitted', false],
      ['in_review', false],
      ['changes_requested', false],
      ['steering_group', false],
      ['approved', false],
      ['rejected', true],
      ['completed', true],
      ['revoked', true],
      ['withdrawn', true],
    ])('%s is terminal: %s', (state, expected) => {
      expect(isTerminal(state)).toBe(expected);
    });
  });
});
