import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlParams } from '../../common/database/sql-params.js';
import { entityColumns, hydrate } from '../../common/database/hydrate.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ProposalActor, ProposalState } from './domain/proposal-state-machine.js';
import {
  readLevel,
  relationColumns,
  viewerOf,
  type ReadLevel,
  type RelationRow,
  type Viewer,
} from './proposal-visibility.js';
import { Proposal } from './entities/proposal.entity.js';

/** How the caller stands towards one proposal: what they may read and who they are to the state machine. */
export interface ProposalAccess {
  /** lead (owner, co-editors), secretariat (coordinators, cleared reviewers, steering group, admins), summary. */
  level: Exclude<ReadLevel, 'none'>;
  actor: ProposalActor;
  /** The caller's review assignment state on this proposal, if any. */
  reviewerState: string | null;
  isSteeringMember: boolean;
  isAdmin: boolean;
}

export const SYSTEM_ACTOR: ProposalActor = {
  isOwner: false,
  isCoEditor: false,
  isCoordinator: false,
  isChair: false,
  isSystem: true,
};

const EDITABLE_STATES: readonly ProposalState[] = ['draft', 'changes_requested'];

export function isEditableState(state: ProposalState): boolean {
  return EDITABLE_STATES.includes(state);
}

export function proposalNotFound(): AppError {
  return AppError.notFound('Proposal', 'PROPOSAL_NOT_FOUND');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function systemAccess(): ProposalAccess {
  return {
    level: 'secretariat',
    actor: SYSTEM_ACTOR,
    reviewerState: null,
    isSteeringMember: false,
    isAdmin: false,
  };
}

function accessOf(relation: RelationRow, viewer: Viewer): ProposalAccess | null {
  const level = readLevel(relation, viewer);
  if (level === 'none') return null;
  return {
    level,
    actor: {
      isOwner: relation.is_owner,
      isCoEditor: relation.is_co_editor,
      isCoordinator: relation.is_coordinator,
      isChair: relation.is_chair,
      isSystem: false,
    },
    reviewerState: relation.reviewer_state,
    isSteeringMember: relation.is_steering_member,
    isAdmin: viewer.isAdmin,
  };
}

/**
 * Object-level authorization for writing to proposals. Visibility itself is one rule shared with the lists
 * (proposal-visibility.ts), so a caller can act on exactly the proposals they can find.
 */
@Injectable()
export class ProposalPolicy {
  /** The caller's access, or null when they may not know the proposal exists. */
  async access(
    manager: EntityManager,
    proposalId: string,
    user: AuthUser | null,
  ): Promise<ProposalAccess | null> {
    if (user === null) return systemAccess();
    const viewer = viewerOf(user);
    const params = new SqlParams();
    const id = params.add(proposalId);
    // The text depends only on which roles the viewer holds (their ids are parameters): a handful of statements.
    const { rows } = await preparedQuery<RelationRow>(
      manager,
      `SELECT ${relationColumns('p', viewer, params)} FROM proposals p WHERE p.id = ${id}`,
      params.values,
    );
    return rows[0] ? accessOf(rows[0], viewer) : null;
  }

  /** As access(), but 404 when the caller may not know the proposal exists. */
  async require(manager: EntityManager, proposalId: string, user: AuthUser | null): Promise<ProposalAccess> {
    if (!isUuid(proposalId)) throw proposalNotFound();
    const access = await this.access(manager, proposalId, user);
    if (!access) throw proposalNotFound();
    return access;
  }

  /**
   * As require(), and locks the row (FOR UPDATE) and loads it, in one statement: the start of every
   * transition. Concurrent transitions queue on the lock; each then sees the state its predecessor committed.
   * `columns` adds select-list columns over alias `p` (given the id's placeholder); they come back in `row`.
   */
  async requireLocked(
    manager: EntityManager,
    proposalId: string,
    user: AuthUser | null,
    columns?: (params: SqlParams, id: string) => string,
  ): Promise<{ proposal: Proposal; access: ProposalAccess; row: Record<string, unknown> }> {
    if (!isUuid(proposalId)) throw proposalNotFound();
    const viewer = user === null ? null : viewerOf(user);
    const params = new SqlParams();
    const id = params.add(proposalId);
    const relation = viewer ? `, ${relationColumns('p', viewer, params)}` : '';
    const extra = columns ? `, ${columns(params, id)}` : '';
    const { rows } = await preparedQuery<Record<string, unknown>>(
      manager,
      `SELECT ${entityColumns(manager, Proposal, 'p')}${relation}${extra} FROM proposals p WHERE p.id = ${id} FOR UPDATE OF p`,
      params.values,
    );
    const row = rows[0];
    const access = !row ? null : viewer ? accessOf(row as unknown as RelationRow, viewer) : systemAccess();
    if (!row || !access) throw proposalNotFound();
    return { proposal: hydrate(manager, Proposal, row), access, row };
  }

  /** Owner and co-editors edit the content while the proposal is a draft or back for changes. */
  assertMayEdit(access: ProposalAccess, state: ProposalState): void {
    if (!access.actor.isOwner && !access.actor.isCoEditor) {
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'PROPOSAL_EDIT_FORBIDDEN',
        'Only the lead or a co-editor may edit this proposal',
      );
    }
    if (!isEditableState(state)) {
      throw AppError.conflict(
        'PROPOSAL_NOT_EDITABLE',
        `A proposal in state '${state}' cannot be edited; edits are possible in draft and changes_requested`,
        { state },
      );
    }
  }

  mayEdit(access: ProposalAccess, state: ProposalState): boolean {
    return (access.actor.isOwner || access.actor.isCoEditor) && isEditableState(state);
  }

  assertOwner(access: ProposalAccess): void {
    if (!access.actor.isOwner) {
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'PROPOSAL_OWNER_ONLY',
        'Only the lead who created the proposal may manage its co-editors',
      );
    }
  }
}
