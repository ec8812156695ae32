import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import { AccountTokenService } from '../auth/account-token.service.js';
import { AuthUserLoader } from '../auth/auth-user.loader.js';
import { isAdmin, isCoordinatorOf, type AuthUser, type RoleName } from '../auth/auth-user.js';
import { normaliseEmail } from '../auth/auth.service.js';
import { RefreshTokenService } from '../auth/refresh-token.service.js';
import type { InviteUserDto } from './dto/invite-user.dto.js';
import type { ListUsersQuery } from './dto/list-users.query.js';
import type { UpdateMeDto } from './dto/update-me.dto.js';
import { RoleGrantService, type GrantView } from './role-grant.service.js';
import { UsersSql } from './users.sql.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  organisation: string;
  country: string;
  language: string;
  emailVerifiedAt: string | null;
  deactivatedAt: string | null;
  invitationPending: boolean;
  createdAt: string;
  updatedAt: string;
  grants: GrantView[];
}

export type AdminUserView = UserView & { allowedActions: string[] };

export interface UserPage {
  items: AdminUserView[];
  total: number;
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Roles a coordinator may hand out with an invitation, in their own policy area. */
const COORDINATOR_INVITABLE: readonly RoleName[] = ['reviewer', 'steering_group_member'];

/** The caller's own account, the admin's user management and invitations. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: RoleGrantService,
    private readonly accountTokens: AccountTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    private readonly authUsers: AuthUserLoader,
  ) {}

  /**
   * Every change to accounts and grants: one transaction, after which the guard's cache of this instance
   * forgets what it knew (the others hear it from PostgreSQL's NOTIFY), so a deactivation or a revoked grant
   * takes effect with the next request.
   */
  private async change<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } finally {
      this.authUsers.forget();
    }
  }

  async me(user: AuthUser): Promise<UserView> {
    return this.view(this.dataSource.manager, user.id);
  }

  async updateMe(user: AuthUser, changes: UpdateMeDto): Promise<UserView> {
    const fields = (['name', 'organisation', 'country', 'language'] as const).filter(
      (field) => changes[field] !== undefined,
    );
    return this.change(async (manager) => {
      if (fields.length) {
        const sets = fields.map((field, index) => `${field} = $${index + 2}`).join(', ');
        await manager.query(`UPDATE users SET ${sets}, updated_at = now() WHERE id = $1`, [
          user.id,
          ...fields.map((field) => changes[field]),
        ]);
        await this.audit.record(manager, {
          actorId: user.id,
          action: 'user.profile_updated',
          entityType: 'user',
          entityId: user.id,
          data: { fields },
        });
      }
      return this.view(manager, user.id);
    });
  }

  async list(query: ListUsersQuery): Promise<UserPage> {
    const limit = query.limit ?? 50;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const text = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const filters = [text, query.role ?? null, query.policyAreaCode ?? null];
    const [rows, counts] = await Promise.all([
      this.dataSource.query(UsersSql.page, [
        ...filters,
        cursor?.at ?? null,
        cursor?.id ?? null,
        limit + 1,
      ]) as Promise<Array<{ item: UserView; sort_at: string; sort_id: string }>>,
      this.dataSource.query(UsersSql.count, filters) as Promise<Array<{ total: number }>>,
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => withActions(row.item)),
      total: counts[0]?.total ?? 0,
      nextCursor: rows.length > limit && last ? encodeCursor(last.sort_at, last.sort_id) : null,
    };
  }

  async get(userId: string): Promise<AdminUserView> {
    return withActions(await this.view(this.dataSource.manager, userId));
  }

  async grant(
    actor: AuthUser,
    userId: string,
    request: Omit<Parameters<RoleGrantService['grant']>[1], 'userId'>,
  ) {
    return this.change(async (manager) => {
      await this.lockUser(manager, userId);
      return this.grants.grant(manager, { ...request, userId }, actor.id);
    });
  }

  async revokeGrant(actor: AuthUser, userId: string, grantId: string): Promise<void> {
    if (!UUID.test(grantId)) throw AppError.notFound('Active grant', 'GRANT_NOT_FOUND');
    await this.change(async (manager) => {
      await this.lockUser(manager, userId);
      await this.grants.revoke(manager, userId, grantId, actor.id);
    });
  }

  /** Deactivation ends every session at once: the guard reads the user on each request. */
  async setActive(actor: AuthUser, userId: string, active: boolean): Promise<AdminUserView> {
    if (!active && actor.id === userId) {
      throw AppError.unprocessable('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account', []);
    }
    return this.change(async (manager) => {
      await this.lockUser(manager, userId);
      const changed = (await manager.query(
        active
          ? `UPDATE users SET deactivated_at = NULL, updated_at = now() WHERE id = $1 AND deactivated_at IS NOT NULL`
          : `UPDATE users SET deactivated_at = now(), updated_at = now() WHERE id = $1 AND deactivated_at IS NULL`,
        [userId],
      )) as [unknown[], number];
      if (changed[1] === 1) {
        if (!active) {
          await this.refreshTokens.revokeAllOfUser(manager, userId);
          await this.grants.assertAnAdminRemains(manager);
        }
        await this.audit.record(manager, {
          actorId: actor.id,
          action: active ? 'user.reactivated' : 'user.deactivated',
          entityType: 'user',
          entityId: userId,
          fromState: active ? 'deactivated' : 'active',
          toState: active ? 'active' : 'deactivated',
        });
      }
      return withActions(await this.view(manager, userId));
    });
  }

  /**
   * Invites someone by e-mail: the account exists at once (so roles can be granted) but has no password until the
   * single-use link is followed. A coordinator may invite only into their own policy area and only as reviewer
   * or steering group member; an admin may invite with any role.
   */
  async invite(actor: AuthUser, input: InviteUserDto): Promise<UserView> {
    const admin = isAdmin(actor);
    if (!admin) {
      if (input.role && !COORDINATOR_INVITABLE.includes(input.role)) {
        throw AppError.forbidden(`Only an admin can invite with the ${input.role} role`);
      }
      if (input.role || input.policyAreaCode) {
        const areaId = await this.policyAreaId(input.policyAreaCode);
        if (!areaId || !isCoordinatorOf(actor, areaId)) {
          throw AppError.forbidden('You can invite only into a policy area you coordinate');
        }
      }
    }
    if (input.policyAreaCode && !input.role) {
      throw AppError.badRequest('VALIDATION_FAILED', 'A policy area needs a role', [
        { field: 'role', message: 'role is required when policyAreaCode is given' },
      ]);
    }
    const email = normaliseEmail(input.email);
    return this.change(async (manager) => {
      const rows = (await manager.query(
        `INSERT INTO users (email, name, organisation, country, language)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
        [email, input.name, input.organisation ?? '', input.country, input.language ?? 'en'],
      )) as Array<{ id: string }>;
      const id = rows[0]?.id;
      if (!id) {
        throw AppError.conflict(
          'EMAIL_TAKEN',
          'An account with this e-mail address exists already; grant it a role',
        );
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.invited',
        entityType: 'user',
        entityId: id,
        data: { role: input.role ?? null, policyAreaCode: input.policyAreaCode ?? null },
      });
      if (input.role) {
        await this.grants.grant(
          manager,
          { userId: id, role: input.role, policyAreaCode: input.policyAreaCode, isChair: input.isChair },
          actor.id,
        );
      }
      await this.accountTokens.send(manager, { id, email, name: input.name }, 'invitation', actor.id);
      return this.view(manager, id);
    });
  }

  private async policyAreaId(code: string | undefined): Promise<string | null> {
    if (!code) return null;
    const rows = (await this.dataSource.query(`SELECT id FROM policy_areas WHERE code = $1`, [
      code,
    ])) as Array<{
      id: string;
    }>;
    return rows[0]?.id ?? null;
  }

  private async lockUser(manager: EntityManager, userId: string): Promise<void> {
    const rows = UUID.test(userId)
      ? ((await manager.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId])) as unknown[])
      : [];
    if (!rows.length) throw AppError.notFound('User', 'USER_NOT_FOUND');
  }

  private async view(manager: EntityManager, userId: string): Promise<UserView> {
    const rows = UUID.test(userId)
      ? ((await manager.query(UsersSql.one, [userId])) as Array<{ item: UserView }>)
      : [];
    if (!rows[0]) throw AppError.notFound('User', 'USER_NOT_FOUND');
    return rows[0].item;
  }
}

function withActions(user: UserView): AdminUserView {
  return {
    ...user,
    allowedActions: [user.deactivatedAt ? 'reactivate' : 'deactivate', 'grant_role', 'revoke_role'],
  };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at))) {
    throw AppError.badRequest('VALIDATION_FAILED', 'The cursor is not valid', [
      { field: 'cursor', message: 'cursor must be the nextCursor of a previous page' },
    ]);
  }
  return { at, id };
}
