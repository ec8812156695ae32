/** Read models of accounts, each built in one statement. */
const GRANTS_JSON = `
  COALESCE((
    SELECT json_agg(json_build_object(
             'id', g.id, 'role', g.role, 'policyAreaId', g.policy_area_id, 'policyAreaCode', pa.code,
             'country', g.country, 'isChair', g.is_chair, 'grantedById', g.granted_by_id, 'createdAt', g.created_at
           ) ORDER BY g.created_at, g.id)
      FROM role_grants g LEFT JOIN policy_areas pa ON pa.id = g.policy_area_id
     WHERE g.user_id = u.id AND g.revoked_at IS NULL
  ), '[]'::json)`;

const USER_JSON = `json_build_object(
    'id', u.id, 'email', u.email, 'name', u.name, 'organisation', u.organisation, 'country', u.country,
    'language', u.language, 'emailVerifiedAt', u.email_verified_at, 'deactivatedAt', u.deactivated_at,
    'invitationPending', u.password_hash IS NULL,
    'createdAt', u.created_at, 'updatedAt', u.updated_at, 'grants', ${GRANTS_JSON})`;

export const UsersSql = {
  /** $1 user id. */
  one: `SELECT ${USER_JSON} AS item FROM users u WHERE u.id = $1`,

  /**
   * Admin list, newest first, keyset-paginated on (created_at, id).
   * $1 text filter or null, $2 role or null, $3 policy area code or null, $4 cursor time or null, $5 cursor id,
   * $6 page size + 1 (one extra row tells whether there is a next page).
   */
  page: `
    SELECT ${USER_JSON} AS item, u.id AS sort_id,
           to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at
      FROM users u
     WHERE ($1::text IS NULL OR u.email ILIKE $1 OR u.name ILIKE $1 OR u.organisation ILIKE $1)
       AND (($2::text IS NULL AND $3::text IS NULL) OR EXISTS (
             SELECT 1 FROM role_grants g LEFT JOIN policy_areas pa ON pa.id = g.policy_area_id
              WHERE g.user_id = u.id AND g.revoked_at IS NULL
                AND ($2::text IS NULL OR g.role = $2) AND ($3::text IS NULL OR pa.code = $3)))
       AND ($4::timestamptz IS NULL OR (u.created_at, u.id) < ($4::timestamptz, $5::uuid))
     ORDER BY u.created_at DESC, u.id DESC
     LIMIT $6`,

  /** Same filters as `page`, for the total a dashboard shows. */
  count: `
    SELECT count(*)::int AS total
      FROM users u
     WHERE ($1::text IS NULL OR u.email ILIKE $1 OR u.name ILIKE $1 OR u.organisation ILIKE $1)
       AND (($2::text IS NULL AND $3::text IS NULL) OR EXISTS (
             SELECT 1 FROM role_grants g LEFT JOIN policy_areas pa ON pa.id = g.policy_area_id
              WHERE g.user_id = u.id AND g.revoked_at IS NULL
                AND ($2::text IS NULL OR g.role = $2) AND ($3::text IS NULL OR pa.code = $3)))`,
} as const;
