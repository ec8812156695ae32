import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { QueueFactory } from '../../../common/queue/queue-factory.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { DELIVERY_QUEUE, SMTP_BACKOFF, type DeliveryJob } from '../notification-queue.js';
import { GroupCommit } from '../../../common/database/group-commit.js';
import { rowsOf } from '../sql-result.js';
import { MailTransport } from './mail-transport.js';
import { classifySmtpError, smtpBackoff } from './smtp-error.js';

interface ClaimedRow {
  id: string;
  recipient_email: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
  previous_status: string;
}

export type DeliveryOutcome = 'sent' | 'captured' | 'already-done';

/**
 * Delivers one notification per job. The row is the truth: the job carries only its id, the worker reloads it,
 * does nothing if it is already done, and records every outcome.
 *
 * Exactly-once, honestly: SMTP has no idempotency key, so one window remains — the server accepted the
 * message and the process died before the row was marked 'sent'. It is narrowed to the time between the
 * server's 250 and one UPDATE: the row is marked 'sending' (with the attempt count) before the SMTP
 * conversation. A job found on a 'sending' row was interrupted mid-send (its worker died; BullMQ moved the
 * stalled job back). Policy: send again and note it in last_error — a possible duplicate is better than a
 * lost mail for this registry (deadlines, votes). The Message-ID is stable per notification
 * (<id@host>), so a receiving system can recognise the resend.
 */
@Injectable()
export class NotificationDeliveryProcessor {
  private readonly logger = new Logger(NotificationDeliveryProcessor.name);
  private worker: Worker<DeliveryJob, DeliveryOutcome> | null = null;
  /**
   * Jobs running side by side claim and mark their rows in one statement per 2 ms: half the statements of one
   * per turn of the event loop (measured: 3,600–4,000 instead of 7,700 for 30,000 mails), for 2 ms more per mail.
   */
  private readonly claims = new GroupCommit((ids: string[]) => this.claimRows(ids), 100, 2);
  private readonly sentMarks = new GroupCommit((marks: SentMark[]) => this.markSent(marks), 100, 2);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueFactory,
    private readonly transport: MailTransport,
  ) {}

  start(): Worker<DeliveryJob, DeliveryOutcome> {
    if (this.worker) return this.worker;
    this.worker = this.queues.worker<DeliveryJob, DeliveryOutcome>(
      DELIVERY_QUEUE,
      (job) => this.process(job),
      {
        // MAIL_CONCURRENCY is the SMTP pool size. Twice as many jobs run, so that while one job claims or marks
        // its row (PostgreSQL, Redis) another already holds the connection: measured 1139 vs 724 msg/s.
        concurrency: this.config.MAIL_CONCURRENCY * 2,
        lockDuration: this.config.MAIL_JOB_LOCK_MS,
        stalledInterval: Math.max(1000, Math.floor(this.config.MAIL_JOB_LOCK_MS / 2)),
        // A worker killed mid-job leaves a stalled job; it is moved back and retried, not failed.
        maxStalledCount: 5,
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string) =>
            type === SMTP_BACKOFF ? smtpBackoff(attemptsMade, this.config.MAIL_RETRY_BASE_MS) : 0,
        },
      },
    );
    return this.worker;
  }

  /** Stops taking jobs and lets the ones in flight finish (BullMQ's close waits for them). */
  async stop(): Promise<void> {
    await this.worker?.close();
  }

  async process(job: Job<DeliveryJob>): Promise<DeliveryOutcome> {
    const id = job.data.notificationId;
    const row = await this.claims.submit(id);
    if (!row) return 'already-done';
    if (row.previous_status === 'sending') {
      this.logger.warn({ notificationId: id }, 'previous attempt was interrupted mid-send; sending again');
    }

    if (this.transport.capture) {
      await this.dataSource.query(
        `UPDATE notifications SET status = 'captured', sent_at = now(), last_error = NULL, updated_at = now()
          WHERE id = $1`,
        [id],
      );
      this.logger.log(
        { notificationId: id, to: row.recipient_email, subject: row.subject },
        'mail captured (no SMTP)',
      );
      return 'captured';
    }

    try {
      const messageId = await this.transport.send({
        to: row.recipient_email,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        messageId: `<${id}@${hostOf(this.config.PUBLIC_BASE_URL)}>`,
      });
      await this.sentMarks.submit({ id, messageId, resent: row.previous_status === 'sending' });
      this.logger.log(
        { notificationId: id, to: row.recipient_email, messageId, attempt: row.attempts },
        'mail sent',
      );
      return 'sent';
    } catch (error) {
      const message = describe(error);
      const kind = classifySmtpError(error);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const failed = kind === 'permanent' || lastAttempt;
      await this.dataSource.query(
        `UPDATE notifications SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`,
        [id, failed ? 'failed' : 'pending', message.slice(0, 2000)],
      );
      this.logger.warn(
        { notificationId: id, to: row.recipient_email, kind, attempt: row.attempts, err: message },
        failed ? 'mail failed' : 'mail deferred; will retry',
      );
      if (kind === 'permanent') throw new UnrecoverableError(message);
      throw error instanceof Error ? error : new Error(message);
    }
  }

  /** Moves pending (or interrupted 'sending') rows to 'sending'; null for a row that is already done. */
  private async claimRows(ids: string[]): Promise<Array<ClaimedRow | null>> {
    const rows = rowsOf<ClaimedRow>(
      (await this.dataSource.query(
        `UPDATE notifications n
            SET status = 'sending', attempts = n.attempts + 1, updated_at = now()
           FROM (SELECT id, status FROM notifications WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE) before
          WHERE n.id = before.id AND before.status IN ('pending', 'sending') AND n.delivery = 'immediate'
          RETURNING n.id, n.recipient_email, n.subject, n.body_text, n.body_html, n.attempts,
                    before.status AS previous_status`,
        [ids],
      )) as unknown,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async markSent(marks: SentMark[]): Promise<void[]> {
    await this.dataSource.query(
      `UPDATE notifications n
          SET status = 'sent', sent_at = now(), message_id = m.message_id, updated_at = now(),
              last_error = CASE WHEN m.resent THEN 'resent after an interrupted attempt (possible duplicate)' END
         FROM unnest($1::uuid[], $2::text[], $3::bool[]) AS m(id, message_id, resent)
        WHERE n.id = m.id`,
      [marks.map((m) => m.id), marks.map((m) => m.messageId), marks.map((m) => m.resent)],
    );
    return marks.map(() => undefined);
  }
}

interface SentMark {
  id: string;
  messageId: string;
  resent: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'flagship-registry.local';
  } catch {
    return 'flagship-registry.local';
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code =
      (error as { responseCode?: unknown; code?: unknown }).responseCode ??
      (error as { code?: unknown }).code;
    return code ? `${String(code)}: ${error.message}` : error.message;
  }
  return String(error);
}
