import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { AuthUser } from './auth-user.js';

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

  /**
   * Runs on every authenticated request, so it is a named prepared statement on TypeORM's own pg pool
   * (parsed and planned once per connection instead of once per request).
   */
  async load(userId: string): Promise<AuthUser | null> {
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    const result = await pool.query<AuthUser>({
      name: 'auth_user_v1',
      text: AUTH_USER_SQL,
      values: [userId],
    });
    return result.rows[0] ?? null;
  }
}
