import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog (action plan as data), the append-only audit log and the transactional outbox. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE strategies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE policy_areas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL REFERENCES strategies(id),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        coordinators text[] NOT NULL,
        website text,
        principles text[] NOT NULL,
        decision_rule text NOT NULL CHECK (decision_rule IN ('silence', 'majority')),
        quorum integer CHECK (quorum IS NULL OR quorum >= 0),
        reporting_frequency text NOT NULL CHECK (reporting_frequency IN ('yearly', 'half_yearly')),
        report_due_month smallint NOT NULL CHECK (report_due_month BETWEEN 1 AND 12),
        report_due_day smallint NOT NULL CHECK (report_due_day BETWEEN 1 AND 31),
        catalog_version text NOT NULL,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        code text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        retired_at timestamptz,
        UNIQUE (policy_area_id, code)
      );
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        section_id uuid NOT NULL REFERENCES sections(id),
        code text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        retired_at timestamptz,
        UNIQUE (policy_area_id, code)
      );
      CREATE TABLE objectives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        section_id uuid NOT NULL REFERENCES sections(id),
        code text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        baseline_text text NOT NULL,
        baseline_year integer,
        data_sources text[] NOT NULL,
        retired_at timestamptz,
        UNIQUE (policy_area_id, code)
      );
      CREATE TABLE indicators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        policy_area_id uuid NOT NULL REFERENCES policy_areas(id),
        objective_id uuid NOT NULL REFERENCES objectives(id),
        code text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('count', 'percent', 'milestone')),
        unit text,
        baseline_text text NOT NULL,
        baseline_year integer,
        baseline_value numeric,
        baseline_breakdown jsonb NOT NULL DEFAULT '[]',
        retired_at timestamptz,
        UNIQUE (policy_area_id, code)
      );
      CREATE TABLE indicator_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        indicator_id uuid NOT NULL REFERENCES indicators(id),
        code text NOT NULL,
        position integer NOT NULL,
        description text NOT NULL,
        value numeric,
        deadline date,
        deadline_text text,
        source text NOT NULL DEFAULT 'catalog' CHECK (source IN ('catalog', 'revision')),
        supersedes_id uuid REFERENCES indicator_targets(id),
        created_by_id uuid,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (indicator_id, code)
      );
      CREATE INDEX sections_policy_area_idx ON sections (policy_area_id, position);
      CREATE INDEX actions_section_idx ON actions (section_id, position);
      CREATE INDEX objectives_section_idx ON objectives (section_id, position);
      CREATE INDEX indicators_objective_idx ON indicators (objective_id, position);

      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        from_state text,
        to_state text,
        note text,
        data jsonb NOT NULL DEFAULT '{}',
        request_id text
      );
      CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id);
      CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id);

      -- History is append-only: the database itself refuses to change or remove it.
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

      CREATE TABLE outbox_events (
        id bigserial PRIMARY KEY,
        event_type text NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        policy_area_id uuid,
        actor_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        relay_attempts integer NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE relayed_at IS NULL;

      -- Wakes the relay as soon as an event commits (NOTIFY is delivered at commit, never for a rollback).
      CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', NEW.id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
        FOR EACH ROW EXECUTE FUNCTION outbox_events_notify();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE outbox_events;
      DROP FUNCTION outbox_events_notify();
      DROP TABLE audit_events;
      DROP FUNCTION audit_events_refuse_change();
      DROP TABLE indicator_targets, indicators, objectives, actions, sections, policy_areas, strategies;
    `);
  }
}
