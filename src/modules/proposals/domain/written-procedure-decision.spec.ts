import { describe, it, expect } from '@jest/globals';
import {
  decideProcedure,
  requiredQuorum,
  tallyVotes,
  type VoteChoice,
} from './written-procedure-decision.js';

const votes = (approve: number, object: number, abstain: number): VoteChoice[] => [
  ...Array<VoteChoice>(approve).fill('approve'),
  ...Array<VoteChoice>(object).fill('object'),
  ...Array<VoteChoice>(abstain).fill('abstain'),
];

describe('tallyVotes', () => {
  it('counts each choice, the voters and the members', () => {
    expect(tallyVotes(['approve', 'object', 'abstain', 'approve'], 7)).toEqual({
      approve: 2,
      object: 1,
      abstain: 1,
      voted: 4,
      members: 7,
    });
  });

  it('handles no votes', () => {
    expect(tallyVotes([], 0)).toEqual({ approve: 0, object: 0, abstain: 0, voted: 0, members: 0 });
  });

  it.each([-1, 1.5, Number.NaN])('rejects members = %s', (members) => {
    expect(() => tallyVotes([], members)).toThrow(RangeError);
  });

  it('rejects more votes than members', () => {
    expect(() => tallyVotes(['approve', 'approve'], 1)).toThrow(RangeError);
  });
});

describe('requiredQuorum', () => {
  it.each<[number, number | null, number]>([
    [0, null, 1],
    [1, null, 1],
    [4, null, 3],
    [5, null, 3],
    [6, null, 4],
    [5, 2, 2],
    [5, 0, 0],
  ])('members %s, quorum %s -> %s', (members, quorum, expected) => {
    expect(requiredQuorum(members, quorum)).toBe(expected);
  });
});

describe('decideProcedure: silence', () => {
  it('approves with no votes at all', () => {
    expect(decideProcedure('silence', [], 5, null)).toEqual({
      outcome: 'approved',
      tally: { approve: 0, object: 0, abstain: 0, voted: 0, members: 5 },
      quorumReached: null,
      reason: 'No member objected by the deadline (silence procedure).',
    });
  });

  it('approves with an empty steering group', () => {
    expect(decideProcedure('silence', [], 0, null).outcome).toBe('approved');
  });

  it('treats abstentions as silence', () => {
    expect(decideProcedure('silence', votes(0, 0, 4), 5, null).outcome).toBe('approved');
  });

  it('approves with approvals and no objection', () => {
    expect(decideProcedure('silence', votes(3, 0, 1), 5, null).outcome).toBe('approved');
  });

  it('rejects on a single objection, even against many approvals', () => {
    expect(decideProcedure('silence', votes(4, 1, 0), 5, null)).toEqual({
      outcome: 'rejected',
      tally: { approve: 4, object: 1, abstain: 0, voted: 5, members: 5 },
      quorumReached: null,
      reason: '1 of 5 members objected (silence procedure).',
    });
  });

  it('ignores the quorum', () => {
    expect(decideProcedure('silence', [], 5, 5)).toMatchObject({ outcome: 'approved', quorumReached: null });
  });
});

describe('decideProcedure: majority', () => {
  it('approves at exactly the quorum when approvals outnumber objections', () => {
    expect(decideProcedure('majority', votes(2, 1, 0), 5, 3)).toEqual({
      outcome: 'approved',
      tally: { approve: 2, object: 1, abstain: 0, voted: 3, members: 5 },
      quorumReached: true,
      reason: 'Approved by majority: 2 approvals to 1 objection (3 of 5 members voted).',
    });
  });

  it('asks for changes one vote below the quorum, whatever the votes', () => {
    expect(decideProcedure('majority', votes(2, 0, 0), 5, 3)).toEqual({
      outcome: 'changes_requested',
      tally: { approve: 2, object: 0, abstain: 0, voted: 2, members: 5 },
      quorumReached: false,
      reason: 'Quorum not reached: 2 of 5 members voted, 3 needed.',
    });
  });

  it('counts abstentions towards the quorum', () => {
    expect(decideProcedure('majority', votes(1, 0, 2), 5, 3)).toMatchObject({
      outcome: 'approved',
      quorumReached: true,
    });
  });

  it('rejects a tie', () => {
    expect(decideProcedure('majority', votes(2, 2, 1), 5, 3)).toEqual({
      outcome: 'rejected',
      tally: { approve: 2, object: 2, abstain: 1, voted: 5, members: 5 },
      quorumReached: true,
      reason:
        'Rejected: approvals did not outnumber objections, 2 approvals to 2 objections (5 of 5 members voted).',
    });
  });

  it('rejects when everyone who voted abstained (0 to 0 is a tie)', () => {
    expect(decideProcedure('majority', votes(0, 0, 3), 5, 3).outcome).toBe('rejected');
  });

  it('rejects when objections outnumber approvals', () => {
    expect(decideProcedure('majority', votes(1, 3, 0), 5, 2).outcome).toBe('rejected');
  });

  describe('with a null quorum (a simple majority of members must vote)', () => {
    it('reaches it with floor(members / 2) + 1 votes', () => {
      expect(decideProcedure('majority', votes(3, 0, 0), 5, null)).toMatchObject({
        outcome: 'approved',
        quorumReached: true,
      });
      expect(decideProcedure('majority', votes(2, 1, 0), 4, null)).toMatchObject({
        outcome: 'approved',
        quorumReached: true,
      });
    });

    it('misses it with exactly half of the members', () => {
      expect(decideProcedure('majority', votes(2, 0, 0), 4, null)).toEqual({
        outcome: 'changes_requested',
        tally: { approve: 2, object: 0, abstain: 0, voted: 2, members: 4 },
        quorumReached: false,
        reason: 'Quorum not reached: 2 of 4 members voted, 3 needed.',
      });
    });

    it('cannot be reached by an empty steering group', () => {
      expect(decideProcedure('majority', [], 0, null)).toMatchObject({
        outcome: 'changes_requested',
        quorumReached: false,
        reason: 'Quorum not reached: 0 of 0 members voted, 1 needed.',
      });
    });
  });

  it('with quorum 0 decides on whatever votes there are (none: a tie, rejected)', () => {
    expect(decideProcedure('majority', [], 5, 0)).toMatchObject({ outcome: 'rejected', quorumReached: true });
  });

  it('with a quorum above the membership can never decide', () => {
    expect(decideProcedure('majority', votes(3, 0, 0), 3, 4)).toMatchObject({
      outcome: 'changes_requested',
      quorumReached: false,
    });
  });

  it('uses the singular for one member and one approval', () => {
    expect(decideProcedure('majority', ['approve'], 1, null).reason).toBe(
      'Approved by majority: 1 approval to 0 objections (1 of 1 member voted).',
    );
  });

  it.each([-1, 1.5])('rejects quorum = %s', (quorum) => {
    expect(() => decideProcedure('majority', [], 5, quorum)).toThrow(RangeError);
  });
});
