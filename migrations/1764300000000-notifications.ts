import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one row per recipient of an outbox event (the database, not the queue, is the source of truth),
 * per-user preferences, and the reminders already sent. The unique keys are what make "once" true across
 * workers: a re-relayed event cannot create a second row, a reminder cannot be produced twice.
 */
export class Notifications1764300000000 implements MigrationInterface {
  name = 'Notifications1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_event_id bigint REFERENCES outbox_events(id),
        user_id uuid,
        recipient_email text NOT NULL,
        event_type text NOT NULL,
        delivery text NOT NULL DEFAULT 'immediate' CHECK (delivery IN ('immediate', 'digest')),
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'captured', 'failed', 'skipped', 'digested')),
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        link text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text,
        queued_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (outbox_event_id, recipient_email)
      );
      -- The re-enqueue sweep and the admin list of failures.
      CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE status IN ('pending', 'sending') AND delivery = 'immediate';
      CREATE INDEX notifications_failed_idx ON notifications (updated_at DESC, id) WHERE status = 'failed';
      CREATE INDEX notifications_digest_idx ON notifications (user_id, id) WHERE status = 'pending' AND delivery = 'digest';
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL,
        event_type text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, event_type)
      );

      CREATE TABLE reminders_sent (
        kind text NOT NULL,
        item_id text NOT NULL,
        threshold text NOT NULL,
        outbox_event_id bigint,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, item_id, threshold)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reminders_sent, notification_preferences, notifications;`);
  }
}
