import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/database/sql-params.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ProposalState } from './domain/proposal-state-machine.js';
import {
  readLevel,
  relationColumns,
  viewerOf,
  type ReadLevel,
  type RelationRow,
  type Viewer,
} from './proposal-visibility.js';

export interface ProposalReadAccess {
  proposal: {
    id: string;
    reference: string;
    title: string;
    policyAreaId: string;
    state: ProposalState;
    ownerId: string;
  };
  viewer: Viewer;
  level: Exclude<ReadLevel, 'none'>;
  isOwner: boolean;
  isCoEditor: boolean;
  isCoordinator: boolean;
  isChair: boolean;
  isSteeringMember: boolean;
  reviewerState: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Object-level read checks for the proposal's revisions, comments and history. */
@Injectable()
export class ProposalReadPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's access to a proposal; 404 when they may not know it exists. */
  async access(proposalId: string, user: AuthUser): Promise<ProposalReadAccess> {
    if (!UUID.test(proposalId)) throw notFound();
    const viewer = viewerOf(user);
    const params = new SqlParams();
    const id = params.add(proposalId);
    const rows = (await this.dataSource.query(
      `SELECT p.id, p.reference, p.title, p.policy_area_id, p.state, p.owner_id, ${relationColumns('p', viewer, params)}
         FROM proposals p WHERE p.id = ${id}`,
      params.values,
    )) as Array<
      RelationRow & {
        id: string;
        reference: string;
        title: string;
        policy_area_id: string;
        state: ProposalState;
        owner_id: string;
      }
    >;
    const row = rows[0];
    if (!row) throw notFound();
    const level = readLevel(row, viewer);
    if (level === 'none') throw notFound();
    return {
      proposal: {
        id: row.id,
        reference: row.reference,
        title: row.title,
        policyAreaId: row.policy_area_id,
        state: row.state,
        ownerId: row.owner_id,
      },
      viewer,
      level,
      isOwner: row.is_owner,
      isCoEditor: row.is_co_editor,
      isCoordinator: row.is_coordinator,
      isChair: row.is_chair,
      isSteeringMember: row.is_steering_member,
      reviewerState: row.reviewer_state,
    };
  }

  /** As access(), but a reviewer who has not cleared their conflict-of-interest declaration is refused. */
  async fullAccess(
    proposalId: string,
    user: AuthUser,
  ): Promise<ProposalReadAccess & { level: 'lead' | 'secretariat' }> {
    const access = await this.access(proposalId, user);
    if (access.level === 'summary') {
      throw new AppError(
        HttpStatus.FORBIDDEN,
        'REVIEW_DECLARATION_REQUIRED',
        access.reviewerState === 'conflict'
          ? 'You declared or were found to have a conflict of interest with this proposal'
          : 'Declare whether you have a conflict of interest before reading more than the title and summary',
      );
    }
    return access as ProposalReadAccess & { level: 'lead' | 'secretariat' };
  }
}

function notFound(): AppError {
  return AppError.notFound('Proposal', 'PROPOSAL_NOT_FOUND');
}
