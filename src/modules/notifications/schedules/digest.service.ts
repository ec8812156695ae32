import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { DIGEST_EVENT_TYPE } from '../notification-event-types.js';
import { NotificationQueue } from '../notification-queue.js';
import { joinUrl } from '../relay/event-links.js';
import { PREFERENCES_PATH } from '../relay/outbox-relay.service.js';
import { renderTemplate } from '../templates/notification-templates.js';
import { rowsOf } from '../sql-result.js';

interface DigestRow {
  id: string;
  subject: string;
  link: string | null;
  created_at: Date;
  recipient_email: string;
}

/**
 * The daily digest: one mail per user listing their notifications held for the digest, which are marked
 * 'digested' in the same transaction that writes the digest mail's row. A per-user advisory lock makes two
 * workers running the job at once produce one digest per user, never two.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: NotificationQueue,
  ) {}

  /** Returns the number of digest mails written. */
  async sendDigests(day: Date = new Date()): Promise<number> {
    const users = (await this.dataSource.query(
      `SELECT DISTINCT user_id FROM notifications
        WHERE status = 'pending' AND delivery = 'digest' AND user_id IS NOT NULL`,
    )) as Array<{ user_id: string }>;
    const written: string[] = [];
    for (const { user_id: userId } of users) {
      const id = await this.digestFor(userId, day);
      if (id) written.push(id);
    }
    await this.queue.enqueue(written);
    if (written.length) this.logger.log({ digests: written.length }, 'daily digests written');
    return written.length;
  }

  private async digestFor(userId: string, day: Date): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = (await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('notification-digest'), hashtext($1)) AS locked`,
        [userId],
      )) as Array<{ locked: boolean }>;
      if (!lock?.locked) return null;
      const rows = rowsOf<DigestRow>(
        await manager.query(
          `UPDATE notifications SET status = 'digested', updated_at = now()
            WHERE user_id = $1 AND status = 'pending' AND delivery = 'digest'
            RETURNING id, subject, link, created_at, recipient_email`,
          [userId],
        ),
      ).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      if (!rows.length) return null;
      const [user] = (await manager.query(`SELECT email, name FROM users WHERE id = $1`, [userId])) as Array<{
        email: string;
        name: string;
      }>;
      const email = user?.email ?? rows[rows.length - 1]?.recipient_email ?? '';
      const mail = renderTemplate(
        DIGEST_EVENT_TYPE,
        {
          recipientName: user?.name ?? email,
          day: day.toISOString(),
          items: rows.map((row) => ({
            subject: row.subject,
            link: row.link,
            at: row.created_at.toISOString(),
          })),
        },
        joinUrl(this.config.PUBLIC_BASE_URL, PREFERENCES_PATH),
      );
      const [inserted] = (await manager.query(
        `INSERT INTO notifications (user_id, recipient_email, event_type, delivery, status, subject, body_text, body_html)
         VALUES ($1, $2, $3, 'immediate', 'pending', $4, $5, $6) RETURNING id`,
        [userId, email, DIGEST_EVENT_TYPE, mail.subject, mail.text, mail.html],
      )) as Array<{ id: string }>;
      return inserted?.id ?? null;
    });
  }
}
