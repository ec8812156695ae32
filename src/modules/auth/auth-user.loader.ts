import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser, RoleGrant } from './auth-user.js';

/** The caller and their active grants in one statement; deactivated users are not found. */
export const AUTH_USER_SQL = `
  SELECT u.id, u.email, u.name, u.organisation, u.country,
         COALESCE(
           json_agg(json_build_object(
             'id', g.id, 'role', g.role, 'policyAreaId', g.policy_area_id, 'policyAreaCode', pa.code,
             'country', g.country, 'isChair', g.is_chair
           ) ORDER BY g.created_at, g.id) FILTER (WHERE g.id IS NOT NULL),
           '[]'
         ) AS grants
    FROM users u
    LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
    LEFT JOIN policy_areas pa ON pa.id = g.policy_area_id
   WHERE u.id = $1 AND u.deactivated_at IS NULL
   GROUP BY u.id`;

@Injectable()
export class AuthUserLoader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(userId: string): Promise<AuthUser | null> {
    const rows = (await this.dataSource.query(AUTH_USER_SQL, [userId])) as Array<
      Omit<AuthUser, 'grants'> & { grants: RoleGrant[] }
    >;
    return rows[0] ?? null;
  }
}
