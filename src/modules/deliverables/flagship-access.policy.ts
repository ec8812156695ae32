import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { hasRoleIn, isAdmin, isCoordinatorOf, type AuthUser } from '../auth/auth-user.js';

/** A flagship (an approved or completed proposal) as seen by one caller. */
export interface FlagshipContext {
  proposalId: string;
  policyAreaId: string;
  reference: string;
  title: string;
  state: string;
  ownerId: string;
  /** Owner or co-editor. */
  isLead: boolean;
  isCoordinator: boolean;
  isAdmin: boolean;
  isSteeringGroupMember: boolean;
}

export const FLAGSHIP_STATES = ['approved', 'completed'] as const;

/**
 * Who may see and change a flagship's deliverables and reports. Leads (owner, co-editors) see their own
 * flagships; coordinators, steering group members of the policy area and admins see every flagship of it.
 * Anyone else — and anyone asking about a proposal that is not a flagship — gets 404.
 */
@Injectable()
export class FlagshipAccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  requireUser(user: AuthUser | undefined): AuthUser {
    if (!user) throw AppError.unauthorized();
    return user;
  }

  /** Loads the flagship for a viewer; `lockForUpdate` locks the proposal row inside a transaction. */
  async view(
    user: AuthUser | undefined,
    proposalId: string,
    manager: EntityManager = this.dataSource.manager,
    lockForUpdate = false,
  ): Promise<FlagshipContext> {
    const caller = this.requireUser(user);
    const notFound = AppError.notFound('Flagship', 'FLAGSHIP_NOT_FOUND');
    if (!UUID.test(proposalId)) throw notFound;
    const rows = (await manager.query(
      `SELECT p.id, p.policy_area_id, p.reference, p.title, p.state, p.owner_id,
              (p.owner_id = $2 OR EXISTS (SELECT 1 FROM proposal_co_editors c
                                          WHERE c.proposal_id = p.id AND c.user_id = $2)) AS is_lead
         FROM proposals p WHERE p.id = $1 ${lockForUpdate ? 'FOR UPDATE' : ''}`,
      [proposalId, caller.id],
    )) as Array<{
      id: string;
      policy_area_id: string;
      reference: string;
      title: string;
      state: string;
      owner_id: string;
      is_lead: boolean;
    }>;
    const row = rows[0];
    if (!row || !(FLAGSHIP_STATES as readonly string[]).includes(row.state)) throw notFound;
    const context: FlagshipContext = {
      proposalId: row.id,
      policyAreaId: row.policy_area_id,
      reference: row.reference,
      title: row.title,
      state: row.state,
      ownerId: row.owner_id,
      isLead: row.is_lead,
      isCoordinator: isCoordinatorOf(caller, row.policy_area_id),
      isAdmin: isAdmin(caller),
      isSteeringGroupMember: hasRoleIn(caller, 'steering_group_member', row.policy_area_id),
    };
    if (!context.isLead && !context.isCoordinator && !context.isAdmin && !context.isSteeringGroupMember)
      throw notFound;
    return context;
  }

  /** Leads change deliverables and write reports, and only while the flagship is running (approved). */
  assertLeadOfActiveFlagship(context: FlagshipContext): void {
    if (!context.isLead) throw AppError.forbidden('Only the flagship lead and co-editors may do this');
    if (context.state !== 'approved') {
      throw AppError.conflict(
        'FLAGSHIP_NOT_ACTIVE',
        `The flagship is ${context.state}; it no longer takes changes`,
      );
    }
  }

  /** Coordinators of the flagship's policy area (admins too) verify reports. */
  assertCoordinator(context: FlagshipContext): void {
    if (!context.isCoordinator && !context.isAdmin) {
      throw AppError.forbidden('Only a coordinator of the policy area may do this');
    }
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
