import pg from 'pg';

/**
 * Bulk data for the proposals benchmark, written with generate_series (seconds, not minutes, for 10,000 rows):
 * 500 leads, one coordinator of SECURE, `count` proposals spread over every state and over the 8 actions,
 * with ties of three on updated_at (so keyset pagination has to break them by id), two deliverables each
 * (the first tied to an indicator and delivered once the proposal is a flagship).
 */
export interface SeededIds {
  coordinatorId: string;
  submitterId: string;
}

const WORDS_A = [
  'Rescue',
  'Border',
  'Trafficking',
  'Cyber',
  'Flood',
  'Oil spill',
  'Crisis',
  'Police',
  'Maritime',
  'Resilience',
];
/** Baltic Sea region states; lead and two partners are three consecutive ones, so every proposal is eligible. */
const COUNTRIES = ['SE', 'FI', 'EE', 'LV', 'LT', 'PL', 'DE', 'DK'];
const WORDS_B = [
  'network',
  'exercise',
  'academy',
  'platform',
  'alliance',
  'guidelines',
  'training',
  'centre',
  'mapping',
  'pilot',
];

export async function seedProposals(databaseUrl: string, count: number): Promise<SeededIds> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO users (email, name, organisation, country, email_verified_at)
       SELECT 'lead' || g || '@bench.test', 'Lead ' || g, 'Organisation ' || g, 'SE', now()
         FROM generate_series(1, 500) g`,
    );
    const coordinator = await db.query<{ id: string }>(
      `INSERT INTO users (email, name, organisation, country, email_verified_at)
       VALUES ('coordinator@bench.test', 'Bench Coordinator', 'CBSS Secretariat', 'SE', now()) RETURNING id`,
    );
    const coordinatorId = coordinator.rows[0]!.id;
    await db.query(
      `INSERT INTO role_grants (user_id, role, policy_area_id)
       VALUES ($1, 'coordinator', (SELECT id FROM policy_areas WHERE code = 'SECURE'))`,
      [coordinatorId],
    );
    const submitter = await db.query<{ id: string }>(
      `INSERT INTO users (email, name, organisation, country, email_verified_at)
       VALUES ('submitter@bench.test', 'Bench Submitter', 'Swedish Civil Contingencies Agency', 'SE', now()) RETURNING id`,
    );
    await insertProposals(db, count, 'SECURE', null);
    await db.query('ANALYZE');
    return { coordinatorId, submitterId: submitter.rows[0]!.id };
  } finally {
    await db.end();
  }
}

/** Adds `count` eligible drafts owned by `ownerId` (for the transition benchmark); returns their ids. */
export async function seedEligibleDrafts(
  databaseUrl: string,
  ownerId: string,
  count: number,
): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = await insertProposals(db, count, 'DRAFT', ownerId);
    // After a bulk load, so that neither autovacuum nor the checkpoint it forces runs into the first measured
    // round (CHECKPOINT needs a superuser; without one the round may simply be slower).
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT').catch(() => undefined);
    return ids;
  } finally {
    await db.end();
  }
}

async function insertProposals(
  db: pg.Client,
  count: number,
  prefix: string,
  ownerId: string | null,
): Promise<string[]> {
  const offset = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM proposals')).rows[0]!.n;
  const inserted = await db.query<{ id: string }>(
    `WITH leads AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'lead%@bench.test'),
          area AS (SELECT id FROM policy_areas WHERE code = 'SECURE'),
          states AS (SELECT ARRAY['draft','draft','submitted','in_review','changes_requested','steering_group',
                                  'approved','approved','completed','rejected'] AS s)
     INSERT INTO proposals (policy_area_id, reference, owner_id, state, title, acronym, summary, lead_organisation,
                            lead_country, partners, countries, period_start, period_end, budget_eur, funding_sources,
                            revision, submitted_at, approved_at, created_at, updated_at)
     SELECT area.id,
            $1 || '-' || (2020 + g % 7) || '-' || lpad((g + $2)::text, 6, '0'),
            coalesce($3::uuid, leads.ids[1 + g % 500]),
            CASE WHEN $3::uuid IS NULL THEN states.s[1 + g % 10] ELSE 'draft' END,
            ($4::text[])[1 + g % 10] || ' ' || ($5::text[])[1 + (g / 10) % 10] || ' ' || g,
            'P' || g,
            'Cooperation of ' || lower(($4::text[])[1 + (g / 7) % 10]) || ' services around the Baltic Sea, '
              || 'joint ' || ($5::text[])[1 + (g / 3) % 10] || ' number ' || g,
            'Organisation ' || (1 + g % 500),
            ($7::text[])[1 + g % 8],
            jsonb_build_array(
              jsonb_build_object('organisation', 'Partner A' || g, 'country', ($7::text[])[1 + (g + 1) % 8], 'role', 'partner'),
              jsonb_build_object('organisation', 'Partner B' || g, 'country', ($7::text[])[1 + (g + 2) % 8], 'role', 'partner')),
            ARRAY[($7::text[])[1 + g % 8], ($7::text[])[1 + (g + 1) % 8], ($7::text[])[1 + (g + 2) % 8]],
            DATE '2026-01-01', DATE '2028-12-31', 150000,
            '[{"source": "Interreg Baltic Sea Region", "amount": 150000}]'::jsonb,
            CASE WHEN $3::uuid IS NULL AND states.s[1 + g % 10] <> 'draft' THEN 1 ELSE 0 END,
            CASE WHEN $3::uuid IS NULL AND states.s[1 + g % 10] <> 'draft' THEN now() END,
            CASE WHEN $3::uuid IS NULL AND states.s[1 + g % 10] IN ('approved', 'completed') THEN now() END,
            TIMESTAMPTZ '2026-01-01 00:00:00+00' + (g / 3) * interval '1 minute',
            TIMESTAMPTZ '2026-01-01 00:00:00+00' + (g / 3) * interval '1 minute'
       FROM generate_series(1, $6::int) g, leads, area, states
     RETURNING id`,
    [prefix, offset, ownerId, WORDS_A, WORDS_B, count, COUNTRIES],
  );
  const ids = inserted.rows.map((row) => row.id);
  await db.query(
    `WITH acts AS (SELECT array_agg(a.id ORDER BY a.position, a.code) AS ids, count(*)::int AS n
                     FROM actions a JOIN policy_areas pa ON pa.id = a.policy_area_id
                    WHERE pa.code = 'SECURE' AND a.retired_at IS NULL),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM proposals WHERE id = ANY($1::uuid[]))
     INSERT INTO proposal_actions (proposal_id, action_id)
     SELECT numbered.id, acts.ids[1 + numbered.n % acts.n] FROM numbered, acts
     UNION
     SELECT numbered.id, acts.ids[1 + (numbered.n + 3) % acts.n] FROM numbered, acts WHERE numbered.n % 2 = 0`,
    [ids],
  );
  await db.query(
    `WITH indicator AS (SELECT i.id FROM indicators i JOIN policy_areas pa ON pa.id = i.policy_area_id
                         WHERE pa.code = 'SECURE' AND i.retired_at IS NULL ORDER BY i.code LIMIT 1)
     INSERT INTO deliverables (proposal_id, position, title, due_date, indicator_id, planned_value, status)
     SELECT p.id, d.position, CASE d.position WHEN 0 THEN 'Joint exercise' ELSE 'Guidelines' END, DATE '2027-06-30',
            CASE d.position WHEN 0 THEN (SELECT id FROM indicator) END, 1,
            CASE WHEN p.state IN ('approved', 'completed') AND d.position = 0 THEN 'delivered'
                 WHEN p.state IN ('approved', 'completed') THEN 'in_progress' ELSE 'planned' END
       FROM proposals p, (VALUES (0), (1)) AS d(position)
      WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  return ids;
}
