import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { RoleName } from '../auth/auth-user.js';

export interface ProvisionedGrant {
  role: RoleName;
  /** Required for every role but admin. */
  policyAreaCode?: string;
  country?: string;
  isChair?: boolean;
}

export interface ProvisionRequest {
  email: string;
  name: string;
  organisation: string;
  country: string;
  language?: string;
  /** Set for a new user; for an existing one only when `resetPassword` is true. */
  passwordHash: string;
  resetPassword?: boolean;
  grants: ProvisionedGrant[];
}

export interface ProvisionResult {
  id: string;
  created: boolean;
  /** Grants that were skipped because the database refused them (e.g. the policy area already has a chair). */
  skipped: ProvisionedGrant[];
}

/**
 * Creates a verified user with grants, or completes an existing one (missing grants are added; nothing is
 * removed). Used by the first-run commands, so running them twice changes nothing.
 */
export async function provisionUser(
  manager: EntityManager,
  audit: AuditService,
  request: ProvisionRequest,
): Promise<ProvisionResult> {
  const email = request.email.trim().toLowerCase();
  const inserted = (await manager.query(
    `INSERT INTO users (email, name, organisation, country, language, password_hash, email_verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
    [
      email,
      request.name,
      request.organisation,
      request.country,
      request.language ?? 'en',
      request.passwordHash,
    ],
  )) as Array<{ id: string }>;
  let id = inserted[0]?.id;
  const created = id !== undefined;
  if (!id) {
    const existing = (await manager.query(`SELECT id FROM users WHERE lower(email) = $1`, [email])) as Array<{
      id: string;
    }>;
    id = existing[0]!.id;
    if (request.resetPassword) {
      await manager.query(
        `UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, now()),
                          updated_at = now() WHERE id = $1`,
        [id, request.passwordHash],
      );
      await manager.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
        [id],
      );
      await audit.record(manager, {
        actorId: null,
        action: 'user.password_reset_by_cli',
        entityType: 'user',
        entityId: id,
      });
    }
  } else {
    await audit.record(manager, {
      actorId: null,
      action: 'user.created_by_cli',
      entityType: 'user',
      entityId: id,
    });
  }
  const skipped: ProvisionedGrant[] = [];
  for (const grant of request.grants) {
    const rows = (await manager.query(
      `INSERT INTO role_grants (user_id, role, policy_area_id, country, is_chair)
       SELECT $1, $2, pa.id, $4, $5
         FROM (SELECT NULL::uuid AS id WHERE $3::text IS NULL
               UNION ALL SELECT id FROM policy_areas WHERE code = $3) pa
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        grant.role,
        grant.role === 'admin' ? null : (grant.policyAreaCode ?? null),
        grant.country ?? null,
        grant.isChair ?? false,
      ],
    )) as Array<{ id: string }>;
    if (rows[0]) {
      await audit.record(manager, {
        actorId: null,
        action: 'user.role_granted',
        entityType: 'user',
        entityId: id,
        data: {
          grantId: rows[0].id,
          role: grant.role,
          policyAreaCode: grant.policyAreaCode ?? null,
          by: 'cli',
        },
      });
    } else {
      const held = (await manager.query(
        `SELECT 1 FROM role_grants g LEFT JOIN policy_areas pa ON pa.id = g.policy_area_id
          WHERE g.user_id = $1 AND g.role = $2 AND g.revoked_at IS NULL
            AND (pa.code = $3 OR ($3::text IS NULL AND g.policy_area_id IS NULL))`,
        [id, grant.role, grant.role === 'admin' ? null : (grant.policyAreaCode ?? null)],
      )) as unknown[];
      if (!held.length) skipped.push(grant);
    }
  }
  return { id, created, skipped };
}
