import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { RoleName } from '../auth/auth-user.js';

export interface GrantRequest {
  userId: string;
  role: RoleName;
  policyAreaCode?: string | null;
  country?: string | null;
  isChair?: boolean;
}

export interface GrantView {
  id: string;
  role: RoleName;
  policyAreaId: string | null;
  policyAreaCode: string | null;
  country: string | null;
  isChair: boolean;
  grantedById: string | null;
  createdAt: string;
}

const UNIQUE_VIOLATION = '23505';

/** Grants and revokes roles; the database keeps one active grant per role and area and one chair per area. */
@Injectable()
export class RoleGrantService {
  constructor(private readonly audit: AuditService) {}

  async grant(manager: EntityManager, request: GrantRequest, actorId: string | null): Promise<GrantView> {
    const { role } = request;
    const isChair = request.isChair ?? false;
    let policyAreaId: string | null = null;
    if (role === 'admin') {
      if (request.policyAreaCode) {
        throw AppError.badRequest('GRANT_INVALID', 'The admin role is global', [
          { field: 'policyAreaCode', message: 'policyAreaCode must be empty for the admin role' },
        ]);
      }
    } else {
      if (!request.policyAreaCode) {
        throw AppError.badRequest('GRANT_INVALID', `The ${role} role is held in a policy area`, [
          { field: 'policyAreaCode', message: `policyAreaCode is required for the ${role} role` },
        ]);
      }
      const areas = (await manager.query(
        `SELECT id FROM policy_areas WHERE code = $1 AND retired_at IS NULL`,
        [request.policyAreaCode],
      )) as Array<{ id: string }>;
      policyAreaId = areas[0]?.id ?? null;
      if (!policyAreaId) {
        throw AppError.unprocessable('POLICY_AREA_UNKNOWN', 'There is no such policy area', [
          {
            field: 'policyAreaCode',
            message: `policyAreaCode ${request.policyAreaCode} is not a policy area`,
          },
        ]);
      }
    }
    if (isChair && role !== 'steering_group_member') {
      throw AppError.badRequest('GRANT_INVALID', 'Only a steering group member can chair', [
        { field: 'isChair', message: 'isChair is only allowed for the steering_group_member role' },
      ]);
    }
    let country = request.country ?? null;
    if (role === 'steering_group_member' && !country) {
      const users = (await manager.query(`SELECT country FROM users WHERE id = $1`, [
        request.userId,
      ])) as Array<{
        country: string;
      }>;
      country = users[0]?.country ?? null;
    }
    let rows: GrantView[];
    try {
      rows = (await manager.query(
        `INSERT INTO role_grants (user_id, role, policy_area_id, country, is_chair, granted_by_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, role, policy_area_id AS "policyAreaId", country, is_chair AS "isChair",
                   granted_by_id AS "grantedById", created_at AS "createdAt"`,
        [request.userId, role, policyAreaId, country, isChair, actorId],
      )) as GrantView[];
    } catch (error) {
      throw translateGrantError(error);
    }
    const grant = { ...rows[0]!, policyAreaCode: request.policyAreaCode ?? null };
    await this.audit.record(manager, {
      actorId,
      action: 'user.role_granted',
      entityType: 'user',
      entityId: request.userId,
      data: { grantId: grant.id, role, policyAreaCode: grant.policyAreaCode, country, isChair },
    });
    return grant;
  }

  async revoke(manager: EntityManager, userId: string, grantId: string, actorId: string): Promise<void> {
    const rows = (await manager.query(
      `UPDATE role_grants SET revoked_at = now()
        WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
        RETURNING role, policy_area_id`,
      [grantId, userId],
    )) as [Array<{ role: RoleName; policy_area_id: string | null }>, number];
    const revoked = rows[0][0];
    if (!revoked) throw AppError.notFound('Active grant', 'GRANT_NOT_FOUND');
    if (revoked.role === 'admin') await this.assertAnAdminRemains(manager);
    await this.audit.record(manager, {
      actorId,
      action: 'user.role_revoked',
      entityType: 'user',
      entityId: userId,
      data: { grantId, role: revoked.role, policyAreaId: revoked.policy_area_id },
    });
  }

  /** The system must keep one active admin, or nobody could grant roles any more. */
  async assertAnAdminRemains(manager: EntityManager): Promise<void> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM role_grants g JOIN users u ON u.id = g.user_id
        WHERE g.role = 'admin' AND g.revoked_at IS NULL AND u.deactivated_at IS NULL`,
    )) as Array<{ n: number }>;
    if ((rows[0]?.n ?? 0) === 0) {
      throw AppError.conflict('LAST_ADMIN', 'This would leave the system without an active admin');
    }
  }
}

function translateGrantError(error: unknown): unknown {
  const driver = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = driver.driverError?.code ?? driver.code;
  const constraint = driver.driverError?.constraint ?? driver.constraint;
  if (code !== UNIQUE_VIOLATION) return error;
  if (constraint === 'role_grants_one_chair_key') {
    return AppError.conflict(
      'CHAIR_TAKEN',
      'This policy area already has a steering group chair; revoke that first',
    );
  }
  return AppError.conflict('GRANT_EXISTS', 'The user already holds this role in this policy area');
}
