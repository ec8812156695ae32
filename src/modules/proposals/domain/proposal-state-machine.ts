/**
 * The flagship workflow as a pure function of (state, action, actor, facts).
 * Every use case that changes a proposal's state calls `transition` first; the
 * API uses `availableActions` to tell the caller what they may do next.
 */

export const PROPOSAL_STATES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'steering_group',
  'approved',
  'rejected',
  'completed',
  'revoked',
  'withdrawn',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export const PROPOSAL_ACTIONS = [
  'submit',
  'start_review',
  'request_changes',
  'resubmit',
  'reject',
  'recommend',
  'close_procedure',
  'complete',
  'revoke',
  'withdraw',
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

export const PROCEDURE_OUTCOMES = ['approved', 'rejected', 'changes_requested'] as const;
export type ProcedureOutcome = (typeof PROCEDURE_OUTCOMES)[number];

/** Who the caller is in relation to this proposal (computed by the caller from grants and membership). */
export interface ProposalActor {
  isOwner: boolean; // created the proposal (the project lead)
  isCoEditor: boolean; // invited co-editor
  isCoordinator: boolean; // coordinator of the proposal's policy area
  isChair: boolean; // chair of the steering group of the proposal's policy area
  isSystem: boolean; // the worker (deadline job / everyone voted)
}

/** Facts a guard needs; the use case supplies them. */
export interface TransitionFacts {
  note?: string | null; // free text carried with every transition
  reviewerCount?: number; // reviewers being assigned by start_review
  completedAssessments?: number; // for recommend
  outcome?: ProcedureOutcome; // for close_procedure
}

export type TransitionErrorCode =
  'PROPOSAL_INVALID_TRANSITION' | 'PROPOSAL_ACTION_FORBIDDEN' | 'PROPOSAL_GUARD_FAILED';

export type TransitionResult =
  | { ok: true; from: ProposalState; to: ProposalState; action: ProposalAction }
  | { ok: false; code: TransitionErrorCode; message: string; field?: string };

type Role = 'owner' | 'co_editor' | 'coordinator' | 'chair' | 'system';

type GuardFailure = { field: string; message: string };

interface ActionSpec {
  readonly roles: readonly Role[];
  /** Completes "A proposal in state 'x' cannot …". */
  readonly cannotPhrase: string;
  readonly forbiddenMessage: string;
  /** Returns the failure, or null when the facts satisfy the guard. */
  readonly guard: (facts: TransitionFacts) => GuardFailure | null;
  /** The state reached; only called once the guard has passed. */
  readonly target: (facts: TransitionFacts) => ProposalState;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}

const noGuard = (): null => null;

function requireNote(message: string) {
  return (facts: TransitionFacts): GuardFailure | null =>
    typeof facts.note === 'string' && facts.note.trim().length > 0 ? null : { field: 'note', message };
}

function isProcedureOutcome(value: unknown): value is ProcedureOutcome {
  return (PROCEDURE_OUTCOMES as readonly unknown[]).includes(value);
}

/** A mapped type over every action: forgetting one is a compile error. */
const ACTION_SPECS: { readonly [A in ProposalAction]: ActionSpec } = {
  submit: {
    roles: ['owner', 'co_editor'],
    cannotPhrase: 'be submitted',
    forbiddenMessage: 'Only the lead or a co-editor may submit this proposal',
    guard: noGuard,
    target: () => 'submitted',
  },
  start_review: {
    roles: ['coordinator'],
    cannotPhrase: 'be put into review',
    forbiddenMessage: "Only the policy area's coordinator may start the review of this proposal",
    guard: (facts) =>
      typeof facts.reviewerCount === 'number' && facts.reviewerCount >= 1
        ? null
        : { field: 'reviewers', message: 'At least one reviewer must be assigned to start the review' },
    target: () => 'in_review',
  },
  request_changes: {
    roles: ['coordinator'],
    cannotPhrase: 'be sent back for changes',
    forbiddenMessage: "Only the policy area's coordinator may request changes to this proposal",
    guard: requireNote('A note describing the requested changes is required'),
    target: () => 'changes_requested',
  },
  resubmit: {
    roles: ['owner', 'co_editor'],
    cannotPhrase: 'be resubmitted',
    forbiddenMessage: 'Only the lead or a co-editor may resubmit this proposal',
    guard: noGuard,
    target: () => 'submitted',
  },
  reject: {
    roles: ['coordinator'],
    cannotPhrase: 'be rejected',
    forbiddenMessage: "Only the policy area's coordinator may reject this proposal",
    guard: requireNote('A reason for the rejection is required'),
    target: () => 'rejected',
  },
  recommend: {
    roles: ['coordinator'],
    cannotPhrase: 'be recommended to the steering group',
    forbiddenMessage: "Only the policy area's coordinator may recommend this proposal to the steering group",
    guard: (facts) =>
      typeof facts.completedAssessments === 'number' && facts.completedAssessments >= 1
        ? null
        : {
            field: 'assessments',
            message: 'At least one completed assessment is needed to recommend the proposal',
          },
    target: () => 'steering_group',
  },
  close_procedure: {
    roles: ['system', 'chair'],
    cannotPhrase: 'have its written procedure closed',
    forbiddenMessage: "Only the steering group's chair may close the written procedure of this proposal",
    guard: (facts) =>
      isProcedureOutcome(facts.outcome)
        ? null
        : {
            field: 'outcome',
            message: "The procedure's outcome (approved, rejected or changes_requested) is required",
          },
    // The guard has already established that outcome is valid.
    target: (facts) => facts.outcome as ProcedureOutcome,
  },
  complete: {
    roles: ['coordinator'],
    cannotPhrase: 'be completed',
    forbiddenMessage: "Only the policy area's coordinator may complete this flagship",
    guard: noGuard,
    target: () => 'completed',
  },
  revoke: {
    roles: ['chair', 'coordinator'],
    cannotPhrase: 'be revoked',
    forbiddenMessage:
      "Only the steering group's chair or the policy area's coordinator may revoke this flagship",
    guard: requireNote('A reason for the revocation is required'),
    target: () => 'revoked',
  },
  withdraw: {
    roles: ['owner'],
    cannotPhrase: 'be withdrawn',
    forbiddenMessage: 'Only the lead may withdraw this proposal',
    guard: noGuard,
    target: () => 'withdrawn',
  },
};

/** The actions that exist from a state, regardless of who asks. */
export function actionsFrom(state: ProposalState): readonly ProposalAction[] {
  switch (state) {
    case 'draft':
      return ['submit', 'withdraw'];
    case 'submitted':
      return ['start_review', 'request_changes', 'reject', 'withdraw'];
    case 'in_review':
      return ['request_changes', 'reject', 'recommend', 'withdraw'];
    case 'changes_requested':
      return ['resubmit', 'withdraw'];
    case 'steering_group':
      return ['close_procedure', 'withdraw'];
    case 'approved':
      return ['complete', 'revoke', 'withdraw'];
    case 'rejected':
    case 'completed':
    case 'revoked':
    case 'withdrawn':
      return [];
    default:
      return assertNever(state);
  }
}

function hasRole(actor: ProposalActor, role: Role): boolean {
  switch (role) {
    case 'owner':
      return actor.isOwner;
    case 'co_editor':
      return actor.isCoEditor;
    case 'coordinator':
      return actor.isCoordinator;
    case 'chair':
      return actor.isChair;
    case 'system':
      return actor.isSystem;
    default:
      return assertNever(role);
  }
}

function mayAct(action: ProposalAction, actor: ProposalActor): boolean {
  return ACTION_SPECS[action].roles.some((role) => hasRole(actor, role));
}

export function transition(
  state: ProposalState,
  action: ProposalAction,
  actor: ProposalActor,
  facts: TransitionFacts = {},
): TransitionResult {
  const spec = ACTION_SPECS[action];
  if (!actionsFrom(state).includes(action)) {
    return {
      ok: false,
      code: 'PROPOSAL_INVALID_TRANSITION',
      message: `A proposal in state '${state}' cannot ${spec.cannotPhrase}`,
    };
  }
  if (!mayAct(action, actor)) {
    return { ok: false, code: 'PROPOSAL_ACTION_FORBIDDEN', message: spec.forbiddenMessage };
  }
  const failure = spec.guard(facts);
  if (failure !== null) {
    return { ok: false, code: 'PROPOSAL_GUARD_FAILED', message: failure.message, field: failure.field };
  }
  return { ok: true, from: state, to: spec.target(facts), action };
}

/**
 * The actions this actor may take now, in PROPOSAL_ACTIONS order. Guards whose
 * facts only arrive with the request (note, reviewers, outcome) are assumed
 * satisfiable; recommend is hidden when completedAssessments is given and is 0.
 */
export function availableActions(
  state: ProposalState,
  actor: ProposalActor,
  facts: TransitionFacts = {},
): ProposalAction[] {
  const possible = actionsFrom(state);
  return PROPOSAL_ACTIONS.filter((action) => {
    if (!possible.includes(action) || !mayAct(action, actor)) return false;
    if (action === 'recommend' && facts.completedAssessments !== undefined) {
      return ACTION_SPECS.recommend.guard(facts) === null;
    }
    return true;
  });
}

export function isTerminal(state: ProposalState): boolean {
  return actionsFrom(state).length === 0;
}
