import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotifiedCache } from '../../common/database/notified-cache.js';
import { preparedQuery } from '../../common/database/prepared-query.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
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

/** Safety net: even if a change notification were missed, a user's grants are read again after this. */
const MAX_AGE_MS = 10_000;

/**
 * The user and their grants for the guard, on every authenticated request. Kept in memory until PostgreSQL
 * says accounts or grants changed (NOTIFY 'auth_changed' on every change to users or role_grants, migration
 * 1764500000000), so that a request costs no extra round trip; a deactivation or a revoked grant still takes
 * effect at once: in this instance, because the services that change them call forget() after their commit,
 * and in the others as soon as the notification arrives (milliseconds). While the listening connection is
 * down, every request reads the database.
 */
@Injectable()
export class AuthUserLoader extends NotifiedCache implements OnModuleInit, OnModuleDestroy {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(config.DATABASE_URL, 'auth_changed', MAX_AGE_MS, AuthUserLoader.name);
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  load(userId: string): Promise<AuthUser | null> {
    return this.get(userId, () => this.read(userId));
  }

  /** After a committed change to accounts or grants: this instance forgets at once, not when NOTIFY arrives. */
  forget(): void {
    this.clear();
  }

  /** A prepared statement on TypeORM's own pool (parsed and planned once per connection). */
  private async read(userId: string): Promise<AuthUser | null> {
    const { rows } = await preparedQuery<AuthUser>(this.dataSource.manager, AUTH_USER_SQL, [userId]);
    return rows[0] ?? null;
  }
}
