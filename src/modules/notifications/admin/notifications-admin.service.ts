import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../../common/errors/app-error.js';
import type { NotificationStatus } from '../notification.entity.js';
import { NotificationQueue } from '../notification-queue.js';
import { rowsOf } from '../sql-result.js';

export interface NotificationAdminView {
  id: string;
  eventType: string;
  recipientEmail: string;
  subject: string;
  status: NotificationStatus;
  delivery: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  outboxEventId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

const VIEW = `id, event_type AS "eventType", recipient_email AS "recipientEmail", subject, status, delivery, attempts,
  last_error AS "lastError", message_id AS "messageId", outbox_event_id::text AS "outboxEventId",
  created_at AS "createdAt", updated_at AS "updatedAt", sent_at AS "sentAt"`;

/** What admins see of notifications, and the retry of failed ones. */
@Injectable()
export class NotificationsAdminService {
  private readonly logger = new Logger(NotificationsAdminService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: NotificationQueue,
  ) {}

  async list(
    status: NotificationStatus | undefined,
    limit: number,
    after: string | undefined,
  ): Promise<{ items: NotificationAdminView[]; counts: Record<string, number>; nextAfter: string | null }> {
    const items = (await this.dataSource.query(
      `SELECT ${VIEW} FROM notifications
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::uuid IS NULL OR (updated_at, id) < (SELECT updated_at, id FROM notifications WHERE id = $2))
        ORDER BY updated_at DESC, id DESC LIMIT $3`,
      [status ?? null, after ?? null, limit],
    )) as NotificationAdminView[];
    const counts = (await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM notifications GROUP BY status`,
    )) as Array<{ status: string; n: number }>;
    return {
      items,
      counts: Object.fromEntries(counts.map((row) => [row.status, row.n])),
      nextAfter: items.length === limit ? (items[items.length - 1]?.id ?? null) : null,
    };
  }

  async retry(id: string): Promise<NotificationAdminView> {
    const rows = rowsOf<NotificationAdminView>(
      await this.dataSource.query(
        `UPDATE notifications SET status = 'pending', queued_at = NULL, updated_at = now()
          WHERE id = $1 AND status = 'failed' RETURNING ${VIEW}`,
        [id],
      ),
    );
    const row = rows[0];
    if (!row) {
      const [existing] = (await this.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [
        id,
      ])) as Array<{
        status: string;
      }>;
      if (!existing) throw AppError.notFound('The notification', 'NOTIFICATION_NOT_FOUND');
      throw new AppError(
        HttpStatus.CONFLICT,
        'NOTIFICATION_NOT_FAILED',
        `Only failed notifications can be retried; this one is ${existing.status}`,
        undefined,
        { status: existing.status },
      );
    }
    await this.requeue([id]);
    return row;
  }

  async retryFailed(): Promise<{ retried: number }> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications SET status = 'pending', queued_at = NULL, updated_at = now()
          WHERE status = 'failed' RETURNING id`,
      ),
    );
    await this.requeue(rows.map((row) => row.id));
    return { retried: rows.length };
  }

  /** The failed job still holds the notification's job id; it is removed so the new job is not deduplicated away. */
  private async requeue(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await Promise.all(ids.map((id) => this.queue.delivery.remove(id)));
    } catch (error) {
      // Redis down: the rows are pending with queued_at null; the worker's sweep enqueues them later.
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not remove old jobs',
      );
      return;
    }
    await this.queue.enqueue(ids);
    this.logger.log({ count: ids.length }, 'failed notifications retried');
  }
}
