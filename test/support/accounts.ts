import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import type { RoleName } from '../../src/modules/auth/auth-user.js';
import { AccessTokenService } from '../../src/modules/auth/access-token.service.js';
import { ARGON2_PARAMETERS } from '../../src/modules/auth/password-hasher.js';
import type { TestApp } from './app.js';

/** The password of every user made by createTestUser (its argon2id hash is computed once per test file). */
export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export function testPasswordHash(): Promise<string> {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, ...ARGON2_PARAMETERS });
  return passwordHash;
}

export interface TestGrant {
  role: RoleName;
  /** Required for every role but admin. */
  policyAreaCode?: string;
  country?: string;
  isChair?: boolean;
}

export interface TestUserSpec {
  email?: string;
  name?: string;
  organisation?: string;
  country?: string;
  grants?: TestGrant[];
  verified?: boolean;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  organisation: string;
  password: string;
  /** A valid access token (15 minutes). */
  token: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's .set(). */
  auth: { Authorization: string };
}

/**
 * Creates a verified user with grants straight in the database (fast: no argon2 per user) and signs an access
 * token for them with the application's own key.
 */
export async function createTestUser(t: TestApp, spec: TestUserSpec = {}): Promise<TestUser> {
  const dataSource = t.app.get(DataSource);
  const email = (spec.email ?? `user-${randomUUID().slice(0, 8)}@example.test`).toLowerCase();
  const name = spec.name ?? email.split('@')[0]!;
  const organisation = spec.organisation ?? `Organisation of ${name}`;
  const rows = (await dataSource.query(
    `INSERT INTO users (email, name, organisation, country, password_hash, email_verified_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id`,
    [email, name, organisation, spec.country ?? 'SE', await testPasswordHash(), spec.verified ?? true],
  )) as Array<{ id: string }>;
  const id = rows[0]!.id;
  for (const grant of spec.grants ?? []) {
    await dataSource.query(
      `INSERT INTO role_grants (user_id, role, policy_area_id, country, is_chair)
       VALUES ($1, $2, (SELECT id FROM policy_areas WHERE code = $3), $4, $5)`,
      [
        id,
        grant.role,
        grant.role === 'admin' ? null : (grant.policyAreaCode ?? 'SECURE'),
        grant.country ?? (grant.role === 'steering_group_member' ? (spec.country ?? 'SE') : null),
        grant.isChair ?? false,
      ],
    );
  }
  const token = await t.app.get(AccessTokenService).sign(id);
  return {
    id,
    email,
    name,
    organisation,
    password: TEST_PASSWORD,
    token,
    auth: { Authorization: `Bearer ${token}` },
  };
}
