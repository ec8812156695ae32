import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { isAccountEventType, isNotificationEventType } from '../notification-event-types.js';
import { NotificationQueue } from '../notification-queue.js';
import { renderUnchecked } from '../templates/notification-templates.js';
import { eventVariables, joinUrl } from './event-links.js';
import { resolveRecipients, type RelayEvent } from './recipient-resolvers.js';

const BATCH_SIZE = 200;
const POLL_MS = 1000;
const SWEEP_MS = 3000;
/** Pending rows not queued for this long are enqueued again (Redis was down, or the process died in between). */
const SWEEP_AFTER_SECONDS = 3;
/** Rows queued this long ago and still pending may have lost their job (Redis restarted without persistence). */
const REQUEUE_STALE_SECONDS = 300;
export const PREFERENCES_PATH = '/settings/notifications';

interface EventRow {
  id: string;
  event_type: string;
  aggregate_id: string;
  policy_area_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

interface NewNotification {
  outboxEventId: string;
  userId: string | null;
  email: string;
  eventType: string;
  delivery: 'immediate' | 'digest';
  status: 'pending' | 'skipped' | 'failed';
  subject: string;
  text: string;
  html: string;
  link: string | null;
  error: string | null;
}

/**
 * Turns committed outbox events into notification rows (one per recipient) and then into queue jobs.
 * Wakes on LISTEN outbox_events, polls every second as a fallback; several workers share the work through
 * FOR UPDATE SKIP LOCKED. Rows are committed before any job exists, so a failed enqueue loses nothing.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: pg.Client | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  private draining: Promise<void> | null = null;
  private wakeAgain = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: NotificationQueue,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.pollTimer = setInterval(() => this.wake(), POLL_MS);
    this.sweepTimer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.warn('sweep failed', e)),
      SWEEP_MS,
    );
    this.wake();
  }

  /** Stops claiming; waits for the batch in hand to commit and enqueue. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    for (const timer of [this.pollTimer, this.sweepTimer]) if (timer) clearInterval(timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.draining;
  }

  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.warn('relay failed', error))
      .finally(() => {
        this.draining = null;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Relays until the outbox is empty. Public for tests and the benchmark. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.relayBatch(BATCH_SIZE);
      if (claimed < BATCH_SIZE || this.stopping) return;
    }
  }

  /** Claims up to `limit` events, writes their notifications, marks them relayed, commits; then enqueues. */
  async relayBatch(limit: number): Promise<number> {
    let claimed = 0;
    let toEnqueue: string[] = [];
    try {
      [claimed, toEnqueue] = await this.dataSource.transaction((manager) =>
        this.relayInTransaction(manager, limit),
      );
    } catch (error) {
      if (limit === 1) throw error;
      // One bad event must not hold up the others: relay this batch one event per transaction.
      this.warn('batch relay failed; relaying one by one', error);
      for (let i = 0; i < limit; i += 1) if ((await this.relayOneIsolated()) === 0) break;
      return 0;
    }
    await this.queue.enqueue(toEnqueue);
    return claimed;
  }

  private async relayOneIsolated(): Promise<number> {
    let eventId: string | null = null;
    try {
      const [claimed, ids] = await this.dataSource.transaction(async (manager) =>
        this.relayInTransaction(manager, 1, (id) => (eventId = id)),
      );
      await this.queue.enqueue(ids);
      return claimed;
    } catch (error) {
      if (eventId === null) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ outboxEventId: eventId, err: message }, 'outbox event could not be relayed');
      await this.dataSource.query(
        `UPDATE outbox_events SET relay_attempts = relay_attempts + 1, last_error = $2 WHERE id = $1`,
        [eventId, message.slice(0, 2000)],
      );
      return 1;
    }
  }

  private async relayInTransaction(
    manager: EntityManager,
    limit: number,
    onClaim?: (id: string) => void,
  ): Promise<[number, string[]]> {
    const rows = (await manager.query(
      `SELECT id, event_type, aggregate_id, policy_area_id, actor_id, payload, created_at
         FROM outbox_events
        WHERE relayed_at IS NULL
          -- an event that failed waits 2^attempts seconds (at most an hour) before it is tried again
          AND (last_error IS NULL OR created_at + make_interval(secs => least(3600, power(2, relay_attempts))) < now())
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    )) as EventRow[];
    if (!rows.length) return [0, []];
    if (rows[0] && onClaim) onClaim(String(rows[0].id));

    const drafts: NewNotification[] = [];
    for (const row of rows) drafts.push(...(await this.draftsFor(manager, row)));
    await this.applyPreferences(manager, drafts);

    const inserted = drafts.length ? await this.insert(manager, drafts) : [];
    const ids = rows.map((row) => String(row.id));
    // Account links carry a one-time token: once rendered into the notification, the outbox copy is scrubbed.
    await manager.query(
      `UPDATE outbox_events
          SET relayed_at = now(), relay_attempts = relay_attempts + 1, last_error = NULL,
              payload = CASE WHEN event_type LIKE 'account.%' AND payload ? 'link'
                             THEN jsonb_set(payload, '{link}', '"[sent]"') ELSE payload END
        WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    this.logger.debug({ events: rows.length, notifications: inserted.length }, 'outbox events relayed');
    return [
      rows.length,
      inserted.filter((n) => n.status === 'pending' && n.delivery === 'immediate').map((n) => n.id),
    ];
  }

  private async draftsFor(manager: EntityManager, row: EventRow): Promise<NewNotification[]> {
    const eventType = row.event_type;
    // Events nobody is notified about (e.g. a future event type) are simply marked relayed.
    if (!isNotificationEventType(eventType)) return [];
    const event: RelayEvent = {
      id: String(row.id),
      eventType,
      aggregateId: row.aggregate_id,
      policyAreaId: row.policy_area_id,
      actorId: row.actor_id,
      payload: row.payload ?? {},
      createdAt: row.created_at,
    };
    const recipients = await resolveRecipients(manager, eventType, event);
    const preferencesUrl = joinUrl(this.config.PUBLIC_BASE_URL, PREFERENCES_PATH);
    return recipients.map((recipient) => {
      const vars = eventVariables(eventType, event, recipient, this.config.PUBLIC_BASE_URL);
      const base = {
        outboxEventId: event.id,
        userId: recipient.userId,
        email: recipient.email,
        eventType,
        delivery: 'immediate' as const,
        link: typeof vars.link === 'string' ? vars.link : null,
      };
      try {
        const mail = renderUnchecked(eventType, vars, preferencesUrl);
        return {
          ...base,
          status: 'pending' as const,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          error: null,
        };
      } catch (error) {
        // A row an admin can see beats a silently dropped mail: it is failed, with the reason.
        const message = error instanceof Error ? error.message : String(error);
        return {
          ...base,
          status: 'failed' as const,
          subject: `(${eventType} could not be rendered)`,
          text: '',
          html: '',
          error: message,
        };
      }
    });
  }

  /** Account mail is always immediate; otherwise the user's choice (no row ⇒ immediately). */
  private async applyPreferences(manager: EntityManager, drafts: NewNotification[]): Promise<void> {
    const userIds = [
      ...new Set(
        drafts.filter((d) => d.userId && !isAccountEventType(d.eventType)).map((d) => d.userId as string),
      ),
    ];
    if (!userIds.length) return;
    const prefs = (await manager.query(
      `SELECT user_id, event_type, mode FROM notification_preferences WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    )) as Array<{ user_id: string; event_type: string; mode: 'immediate' | 'digest' | 'off' }>;
    const modes = new Map(prefs.map((p) => [`${p.user_id}|${p.event_type}`, p.mode]));
    for (const draft of drafts) {
      if (!draft.userId || isAccountEventType(draft.eventType) || draft.status !== 'pending') continue;
      const mode = modes.get(`${draft.userId}|${draft.eventType}`);
      if (mode === 'off') draft.status = 'skipped';
      else if (mode === 'digest') draft.delivery = 'digest';
    }
  }

  private async insert(
    manager: EntityManager,
    drafts: NewNotification[],
  ): Promise<Array<{ id: string; status: string; delivery: string }>> {
    const column = <K extends keyof NewNotification>(key: K) => drafts.map((d) => d[key]);
    return manager.query(
      `INSERT INTO notifications
         (outbox_event_id, user_id, recipient_email, event_type, delivery, status, subject, body_text, body_html, link, last_error)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::text[], $11::text[])
       ON CONFLICT (outbox_event_id, recipient_email) DO NOTHING
       RETURNING id, status, delivery`,
      [
        column('outboxEventId'),
        column('userId'),
        column('email'),
        column('eventType'),
        column('delivery'),
        column('status'),
        column('subject'),
        column('text'),
        column('html'),
        column('link'),
        column('error'),
      ],
    );
  }

  /** Enqueues pending rows whose job may not exist: never queued (Redis was down) or queued long ago. */
  async sweep(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM notifications
        WHERE status IN ('pending', 'sending') AND delivery = 'immediate'
          AND ((queued_at IS NULL AND created_at < now() - make_interval(secs => $1))
               OR queued_at < now() - make_interval(secs => $2))
        ORDER BY created_at LIMIT 2000`,
      [SWEEP_AFTER_SECONDS, REQUEUE_STALE_SECONDS],
    )) as Array<{ id: string }>;
    if (!rows.length) return 0;
    const ids = rows.map((r) => r.id);
    const count = await this.queue.enqueue(ids);
    if (count) {
      // Stale rows get a fresh queued_at so they are not re-added every few seconds.
      await this.dataSource.query(`UPDATE notifications SET queued_at = now() WHERE id = ANY($1::uuid[])`, [
        ids,
      ]);
      this.logger.log({ count }, 're-enqueued pending notifications');
    }
    return count;
  }

  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL });
    const retry = () => {
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (this.listener === client) this.listener = null;
      if (this.running && !this.reconnectTimer) {
        this.reconnectTimer = setTimeout(() => {
          this.reconnectTimer = null;
          void this.listen();
        }, 1000);
      }
    };
    client.on('error', (error) => {
      this.warn('LISTEN connection lost; reconnecting (polling continues)', error);
      retry();
    });
    client.on('end', () => {
      if (this.running && this.listener === client) retry();
    });
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query('LISTEN outbox_events');
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
      this.wake();
    } catch (error) {
      this.warn('LISTEN failed; retrying (polling continues)', error);
      retry();
    }
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
