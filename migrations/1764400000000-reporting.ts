import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flagship reporting and indicator monitoring: tracked deliverables and their change history, progress reports
 * with one item per deliverable, and `indicator_progress`, the summary of accepted contributions per indicator
 * and flagship that the indicator status reads (maintained in the accept transaction; rebuildable).
 */
export class Reporting1764400000000 implements MigrationInterface {
  name = 'Reporting1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE deliverables
        ADD COLUMN tracked_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN rescheduled_from date,
        ADD COLUMN created_by_id uuid REFERENCES users(id);
      CREATE INDEX deliverables_due_idx ON deliverables (due_date, proposal_id) WHERE status NOT IN ('delivered', 'cancelled');

      CREATE TABLE deliverable_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deliverable_id uuid NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        change text NOT NULL CHECK (change IN ('added', 'rescheduled', 'cancelled')),
        from_due_date date,
        to_due_date date,
        reason text,
        actor_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX deliverable_changes_proposal_idx ON deliverable_changes (proposal_id, created_at, id);

      CREATE TABLE progress_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        period_label text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL CHECK (period_end >= period_start),
        due_date date NOT NULL,
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        submitted_at timestamptz,
        decided_at timestamptz,
        decided_by_id uuid REFERENCES users(id),
        return_note text,
        created_by_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, period_label)
      );
      CREATE INDEX progress_reports_area_state_idx ON progress_reports (policy_area_id, state, due_date);

      CREATE TABLE report_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
        deliverable_id uuid NOT NULL REFERENCES deliverables(id),
        -- The deliverable's indicator when the report was created: what the contribution counts towards.
        indicator_id uuid REFERENCES indicators(id),
        position integer NOT NULL,
        status text NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'in_progress', 'delivered', 'delayed', 'cancelled')),
        contributed_value numeric CHECK (contributed_value IS NULL OR contributed_value >= 0),
        milestone_reached_on date,
        narrative text NOT NULL DEFAULT '',
        evidence_links text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, deliverable_id)
      );
      CREATE INDEX report_items_indicator_idx ON report_items (indicator_id, report_id)
        INCLUDE (contributed_value, milestone_reached_on, status) WHERE indicator_id IS NOT NULL;

      -- One row per indicator and flagship: what that flagship's accepted reports contributed.
      CREATE TABLE indicator_progress (
        indicator_id uuid NOT NULL REFERENCES indicators(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        sum_value numeric NOT NULL DEFAULT 0,
        latest_value numeric,
        latest_at date,
        milestone_reached_on date,
        contributions integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (indicator_id, proposal_id)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE indicator_progress, report_items, progress_reports, deliverable_changes;
      DROP INDEX deliverables_due_idx;
      ALTER TABLE deliverables DROP COLUMN tracked_at, DROP COLUMN cancel_reason, DROP COLUMN cancelled_at,
        DROP COLUMN rescheduled_from, DROP COLUMN created_by_id;
    `);
  }
}
