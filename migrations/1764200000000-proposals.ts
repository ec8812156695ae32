import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals and the flagship workflow: drafts, linked actions, co-editors, frozen revisions, planned deliverables,
 * reviews and assessments, steering group written procedures and votes, comments, and reference counters.
 * Runs after the accounts migration (users), so user ids are real foreign keys.
 */
export class Proposals1764200000000 implements MigrationInterface {
  name = 'Proposals1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- One counter per policy area and year gives human-readable references like SECURE-2026-0007.
      CREATE TABLE reference_counters (
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        last_number integer NOT NULL CHECK (last_number >= 0),
        PRIMARY KEY (policy_area_id, year)
      );

      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        reference text NOT NULL UNIQUE,
        owner_id uuid NOT NULL REFERENCES users(id),
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'in_review', 'changes_requested',
          'steering_group', 'approved', 'rejected', 'completed', 'revoked', 'withdrawn')),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        title text NOT NULL,
        acronym text,
        summary text NOT NULL DEFAULT '',
        lead_organisation text,
        lead_country char(2),
        partners jsonb NOT NULL DEFAULT '[]',
        countries text[] NOT NULL DEFAULT '{}',
        period_start date,
        period_end date,
        budget_eur numeric(14, 2) CHECK (budget_eur IS NULL OR budget_eur >= 0),
        funding_sources jsonb NOT NULL DEFAULT '[]',
        indicator_contributions jsonb NOT NULL DEFAULT '[]',
        revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
        submitted_at timestamptz,
        approved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(acronym, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(summary, '')), 'B')
        ) STORED
      );
      CREATE INDEX proposals_area_state_updated_idx ON proposals (policy_area_id, state, updated_at, id);
      CREATE INDEX proposals_owner_idx ON proposals (owner_id, updated_at, id);
      CREATE INDEX proposals_countries_idx ON proposals USING gin (countries);
      CREATE INDEX proposals_search_idx ON proposals USING gin (search);

      CREATE TABLE proposal_actions (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        action_id uuid NOT NULL REFERENCES actions(id),
        PRIMARY KEY (proposal_id, action_id)
      );
      CREATE INDEX proposal_actions_action_idx ON proposal_actions (action_id, proposal_id);

      CREATE TABLE proposal_co_editors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id),
        email text NOT NULL CHECK (email = lower(email)),
        invited_by_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, email)
      );
      CREATE INDEX proposal_co_editors_user_idx ON proposal_co_editors (user_id) WHERE user_id IS NOT NULL;
      CREATE INDEX proposal_co_editors_email_idx ON proposal_co_editors (email) WHERE user_id IS NULL;

      CREATE TABLE proposal_revisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        number integer NOT NULL CHECK (number >= 1),
        snapshot jsonb NOT NULL,
        submitted_by_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, number)
      );

      CREATE TABLE deliverables (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        title text NOT NULL,
        due_date date,
        indicator_id uuid REFERENCES indicators(id),
        planned_value numeric,
        is_milestone boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'in_progress', 'delivered', 'delayed', 'cancelled')),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX deliverables_proposal_idx ON deliverables (proposal_id, position);
      CREATE INDEX deliverables_indicator_idx ON deliverables (indicator_id) WHERE indicator_id IS NOT NULL;

      CREATE TABLE review_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        reviewer_id uuid NOT NULL REFERENCES users(id),
        assigned_by_id uuid NOT NULL REFERENCES users(id),
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'assigned' CHECK (state IN ('assigned', 'cleared', 'conflict', 'completed')),
        conflict_source text CHECK (conflict_source IS NULL OR conflict_source IN ('declared', 'detected')),
        declaration_note text,
        declared_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, reviewer_id),
        CHECK ((state = 'conflict') = (conflict_source IS NOT NULL))
      );
      CREATE INDEX review_assignments_reviewer_idx ON review_assignments (reviewer_id);

      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL UNIQUE REFERENCES review_assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        reviewer_id uuid NOT NULL REFERENCES users(id),
        score_macro_regional_impact smallint NOT NULL CHECK (score_macro_regional_impact BETWEEN 1 AND 5),
        score_contribution smallint NOT NULL CHECK (score_contribution BETWEEN 1 AND 5),
        score_partnership smallint NOT NULL CHECK (score_partnership BETWEEN 1 AND 5),
        score_feasibility smallint NOT NULL CHECK (score_feasibility BETWEEN 1 AND 5),
        score_sustainability smallint NOT NULL CHECK (score_sustainability BETWEEN 1 AND 5),
        recommendation text NOT NULL
          CHECK (recommendation IN ('recommend', 'recommend_with_changes', 'do_not_recommend')),
        comment text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX assessments_proposal_idx ON assessments (proposal_id);

      CREATE TABLE written_procedures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        opened_by_id uuid REFERENCES users(id),
        opened_at timestamptz NOT NULL DEFAULT now(),
        deadline timestamptz NOT NULL,
        note text,
        decision_rule text NOT NULL CHECK (decision_rule IN ('silence', 'majority')),
        quorum integer CHECK (quorum IS NULL OR quorum >= 0),
        member_count integer NOT NULL CHECK (member_count >= 0),
        closed_at timestamptz,
        -- 'withdrawn': the lead withdrew the proposal while the procedure was open; there is no outcome then.
        closed_by text CHECK (closed_by IS NULL OR closed_by IN ('deadline', 'all_voted', 'chair', 'withdrawn')),
        closed_by_user_id uuid REFERENCES users(id),
        outcome text CHECK (outcome IS NULL OR outcome IN ('approved', 'rejected', 'changes_requested')),
        outcome_reason text,
        tally jsonb,
        CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
        CHECK ((outcome IS NULL) = (closed_at IS NULL OR closed_by = 'withdrawn'))
      );
      -- At most one open procedure per proposal; the deadline sweep reads open ones by deadline.
      CREATE UNIQUE INDEX written_procedures_open_proposal_idx ON written_procedures (proposal_id)
        WHERE closed_at IS NULL;
      CREATE INDEX written_procedures_open_deadline_idx ON written_procedures (deadline) WHERE closed_at IS NULL;
      CREATE INDEX written_procedures_proposal_idx ON written_procedures (proposal_id, opened_at);

      CREATE TABLE procedure_votes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        procedure_id uuid NOT NULL REFERENCES written_procedures(id),
        member_id uuid NOT NULL REFERENCES users(id),
        choice text NOT NULL CHECK (choice IN ('approve', 'object', 'abstain')),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (procedure_id, member_id)
      );
      CREATE INDEX procedure_votes_procedure_idx ON procedure_votes (procedure_id);

      CREATE TABLE proposal_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        author_id uuid NOT NULL REFERENCES users(id),
        visibility text NOT NULL CHECK (visibility IN ('internal', 'shared')),
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX proposal_comments_proposal_idx ON proposal_comments (proposal_id, created_at, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE proposal_comments, procedure_votes, written_procedures, assessments, review_assignments,
        deliverables, proposal_revisions, proposal_co_editors, proposal_actions, proposals, reference_counters;
    `);
  }
}
