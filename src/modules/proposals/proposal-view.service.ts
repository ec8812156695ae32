import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../common/database/prepared-query.js';
import type { AuthUser } from '../auth/auth-user.js';
import {
  availableActions,
  type ProposalAction,
  type ProposalState,
} from './domain/proposal-state-machine.js';
import { CORE_SQL, EXTRAS_SQL, type ExtrasRow, type ProposalCore } from './proposal-content.sql.js';
import { ProposalPolicy, proposalNotFound, type ProposalAccess } from './proposal.policy.js';

export interface ProposalCounts {
  revisions: number;
  /** Comments the caller may read (the lead side sees shared ones only). */
  comments: number;
  deliverables: number;
  /** Secretariat only. */
  reviewers?: number;
  completedAssessments?: number;
}

export interface MyReview {
  assignmentId: string;
  state: string;
  dueAt: string;
  conflictSource: string | null;
  /** declare (conflict of interest), assess. */
  allowedActions: Array<'declare' | 'assess'>;
}

export interface ProcedureSummary {
  id: string;
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
  /** Secretariat only. */
  decisionRule?: string;
  votes?: number;
  memberCount?: number;
}

/** A reviewer who has not cleared their conflict-of-interest declaration sees this much and no more. */
export interface ProposalSummaryView {
  id: string;
  reference: string;
  policyArea: { id: string; code: string };
  state: ProposalState;
  title: string;
  summary: string;
  access: 'summary';
  allowedActions: ProposalAction[];
  myReview: MyReview | null;
}

export type ProposalFullView = ProposalCore & {
  access: 'lead' | 'secretariat';
  allowedActions: ProposalAction[];
  permissions: { edit: boolean; manageCoEditors: boolean; comment: boolean };
  counts: ProposalCounts;
  myReview: MyReview | null;
  procedure: ProcedureSummary | null;
};

export type ProposalView = ProposalSummaryView | ProposalFullView;

const VIEW_SQL = `
  SELECT to_json(core) AS core, to_json(extras) AS extras
    FROM (${CORE_SQL}) core CROSS JOIN (${EXTRAS_SQL}) extras`;

/** GET /api/proposals/:id: the proposal as the caller may see it, with what they may do next. */
@Injectable()
export class ProposalViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: ProposalPolicy,
  ) {}

  async get(user: AuthUser, proposalId: string): Promise<ProposalView> {
    const manager = this.dataSource.manager;
    const access = await this.policy.require(manager, proposalId, user);
    return this.read(manager, user, access, proposalId);
  }

  /**
   * The view for a caller whose access is already known — e.g. inside the transaction that has just changed
   * the proposal, so the answer is what will be committed, read in one statement.
   */
  async read(
    manager: EntityManager,
    user: AuthUser,
    access: ProposalAccess,
    proposalId: string,
  ): Promise<ProposalView> {
    const { rows } = await preparedQuery<{ core: ProposalCore; extras: ExtrasRow }>(manager, VIEW_SQL, [
      proposalId,
      user.id,
    ]);
    const row = rows[0];
    if (!row) throw proposalNotFound();
    return this.compose(access, row.core, row.extras);
  }

  /** The view from a proposal's content and counts as the caller's access allows. */
  compose(access: ProposalAccess, core: ProposalCore, extras: ExtrasRow): ProposalView {
    const myReview = extras.my_review ? reviewView(extras.my_review, core.state) : null;

    if (access.level === 'summary') {
      return {
        id: core.id,
        reference: core.reference,
        policyArea: core.policyArea,
        state: core.state,
        title: core.title,
        summary: core.summary,
        access: 'summary',
        allowedActions: [],
        myReview,
      };
    }
    return {
      ...core,
      access: access.level,
      allowedActions: availableActions(core.state, access.actor, {
        completedAssessments: extras.completed_assessments,
      }),
      permissions: {
        edit: this.policy.mayEdit(access, core.state),
        manageCoEditors: access.actor.isOwner,
        comment: mayComment(access),
      },
      counts: counts(access, core, extras),
      myReview,
      procedure: procedureView(access, extras.procedure),
    };
  }
}

/** Parties to the proposal comment; an admin reads everything but is not a party. */
function mayComment(access: ProposalAccess): boolean {
  return (
    access.level === 'lead' ||
    access.actor.isCoordinator ||
    access.isSteeringMember ||
    access.reviewerState === 'cleared' ||
    access.reviewerState === 'completed'
  );
}

function reviewView(row: NonNullable<ExtrasRow['my_review']>, state: ProposalState): MyReview {
  const open = state === 'submitted' || state === 'in_review';
  const allowed: MyReview['allowedActions'] = [];
  if (open && row.state === 'assigned') allowed.push('declare');
  if (state === 'in_review' && row.state === 'cleared') allowed.push('assess');
  return {
    assignmentId: row.id,
    state: row.state,
    dueAt: row.dueAt,
    conflictSource: row.conflictSource,
    allowedActions: allowed,
  };
}

function counts(access: ProposalAccess, core: ProposalCore, extras: ExtrasRow): ProposalCounts {
  const deliverables = core.deliverables.length;
  if (access.level === 'lead') {
    return { revisions: core.revision, comments: extras.comments_shared, deliverables };
  }
  return {
    revisions: core.revision,
    comments: extras.comments_all,
    deliverables,
    reviewers: extras.reviewers,
    completedAssessments: extras.completed_assessments,
  };
}

/** The lead learns a procedure's outcome once it has closed; tallies and rules are for the secretariat. */
function procedureView(access: ProposalAccess, row: ExtrasRow['procedure']): ProcedureSummary | null {
  if (!row) return null;
  const base: ProcedureSummary = {
    id: row.id,
    openedAt: row.openedAt,
    deadline: row.deadline,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
    outcome: row.outcome,
  };
  if (access.level === 'lead') return base;
  return { ...base, decisionRule: row.decisionRule, votes: row.votes, memberCount: row.memberCount };
}
