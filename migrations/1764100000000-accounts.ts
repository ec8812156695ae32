import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts: users, role grants scoped to a policy area, refresh token families and single-use account links. */
export class Accounts1764100000000 implements MigrationInterface {
  name = 'Accounts1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
        name text NOT NULL,
        organisation text NOT NULL DEFAULT '',
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        language text NOT NULL DEFAULT 'en',
        -- NULL until an invited user sets a password through the invitation link.
        password_hash text,
        email_verified_at timestamptz,
        deactivated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Case-insensitive uniqueness even if a writer forgets to lower-case (the CHECK above also insists).
      CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
      -- Keyset pagination of the admin list (newest first).
      CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);

      CREATE TABLE role_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL CHECK (role IN ('coordinator', 'reviewer', 'steering_group_member', 'admin')),
        policy_area_id uuid REFERENCES policy_areas(id),
        country char(2) CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
        is_chair boolean NOT NULL DEFAULT false,
        granted_by_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT role_grants_scope_check CHECK ((role = 'admin') = (policy_area_id IS NULL)),
        CONSTRAINT role_grants_chair_check CHECK (NOT is_chair OR role = 'steering_group_member'),
        CONSTRAINT role_grants_member_country_check CHECK (role <> 'steering_group_member' OR country IS NOT NULL)
      );
      -- A grant is active while revoked_at IS NULL: one active grant per user, role and policy area ...
      CREATE UNIQUE INDEX role_grants_active_key ON role_grants
        (user_id, role, coalesce(policy_area_id, '00000000-0000-0000-0000-000000000000'::uuid))
        WHERE revoked_at IS NULL;
      -- ... and at most one steering group chair per policy area.
      CREATE UNIQUE INDEX role_grants_one_chair_key ON role_grants (policy_area_id)
        WHERE is_chair AND revoked_at IS NULL;
      CREATE INDEX role_grants_area_role_idx ON role_grants (policy_area_id, role) WHERE revoked_at IS NULL;

      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        -- Every token issued from one login shares the family; reuse of a used token revokes the family.
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        replaced_by_id uuid REFERENCES refresh_tokens(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;

      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        purpose text NOT NULL CHECK (purpose IN ('email_verification', 'invitation', 'password_reset')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose) WHERE used_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE account_tokens, refresh_tokens, role_grants, users;`);
  }
}
