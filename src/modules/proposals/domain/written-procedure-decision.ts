/**
 * How a steering group's written procedure ends, per the policy area's decision rule.
 * Pure: the caller supplies the votes of current members and the member count.
 */

export type DecisionRule = 'silence' | 'majority';
export type VoteChoice = 'approve' | 'object' | 'abstain';

export interface ProcedureTally {
  approve: number;
  object: number;
  abstain: number;
  voted: number;
  members: number;
}

export interface ProcedureDecision {
  outcome: 'approved' | 'rejected' | 'changes_requested';
  tally: ProcedureTally;
  /** null under the silence rule, where no quorum applies. */
  quorumReached: boolean | null;
  reason: string;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Throws RangeError on impossible inputs: these are programming errors, not outcomes. */
export function tallyVotes(votes: readonly VoteChoice[], members: number): ProcedureTally {
  if (!isNonNegativeInteger(members)) {
    throw new RangeError(`members must be a non-negative integer, got ${members}`);
  }
  if (votes.length > members) {
    throw new RangeError(`${votes.length} votes cannot come from ${members} members`);
  }
  const tally: ProcedureTally = { approve: 0, object: 0, abstain: 0, voted: votes.length, members };
  for (const vote of votes) {
    switch (vote) {
      case 'approve':
        tally.approve += 1;
        break;
      case 'object':
        tally.object += 1;
        break;
      case 'abstain':
        tally.abstain += 1;
        break;
      default:
        assertNever(vote);
    }
  }
  return tally;
}

/** A null quorum means a simple majority of members must vote. */
export function requiredQuorum(members: number, quorum: number | null): number {
  return quorum ?? Math.floor(members / 2) + 1;
}

export function decideProcedure(
  rule: DecisionRule,
  votes: readonly VoteChoice[],
  members: number,
  quorum: number | null,
): ProcedureDecision {
  const tally = tallyVotes(votes, members);
  switch (rule) {
    case 'silence':
      return decideBySilence(tally);
    case 'majority':
      if (quorum !== null && !isNonNegativeInteger(quorum)) {
        throw new RangeError(`quorum must be a non-negative integer or null, got ${quorum}`);
      }
      return decideByMajority(tally, requiredQuorum(members, quorum));
    default:
      return assertNever(rule);
  }
}

// Abstentions and non-votes count as silence: only an objection stops the procedure.
function decideBySilence(tally: ProcedureTally): ProcedureDecision {
  if (tally.object === 0) {
    return {
      outcome: 'approved',
      tally,
      quorumReached: null,
      reason: 'No member objected by the deadline (silence procedure).',
    };
  }
  return {
    outcome: 'rejected',
    tally,
    quorumReached: null,
    reason: `${tally.object} of ${plural(tally.members, 'member')} objected (silence procedure).`,
  };
}

function decideByMajority(tally: ProcedureTally, needed: number): ProcedureDecision {
  const turnout = `${tally.voted} of ${plural(tally.members, 'member')} voted`;
  // Without a quorum there is no valid decision; the proposal goes back to the lead.
  if (tally.voted < needed) {
    return {
      outcome: 'changes_requested',
      tally,
      quorumReached: false,
      reason: `Quorum not reached: ${turnout}, ${needed} needed.`,
    };
  }
  const counts = `${plural(tally.approve, 'approval')} to ${plural(tally.object, 'objection')}`;
  if (tally.approve > tally.object) {
    return {
      outcome: 'approved',
      tally,
      quorumReached: true,
      reason: `Approved by majority: ${counts} (${turnout}).`,
    };
  }
  return {
    outcome: 'rejected',
    tally,
    quorumReached: true,
    reason: `Rejected: approvals did not outnumber objections, ${counts} (${turnout}).`,
  };
}
