import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { QueueFactory } from '../../common/queue/queue-factory.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export const DELIVERY_QUEUE = 'notifications';
export const SCHEDULE_QUEUE = 'notification-schedules';
export const SMTP_BACKOFF = 'smtp-backoff';

export interface DeliveryJob {
  notificationId: string;
}

/**
 * The producer side of delivery. The queue only carries notification ids; the job id IS the notification id,
 * so enqueueing the same row twice (relay, sweep, retry) is a no-op while the job exists.
 */
@Injectable()
export class NotificationQueue {
  private readonly logger = new Logger(NotificationQueue.name);

  constructor(
    private readonly queues: QueueFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get delivery(): Queue<DeliveryJob> {
    return this.queues.queue(DELIVERY_QUEUE, {
      defaultJobOptions: {
        attempts: this.config.MAIL_MAX_ATTEMPTS,
        backoff: { type: SMTP_BACKOFF },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 10000 },
      },
    }) as unknown as Queue<DeliveryJob>;
  }

  get schedules(): Queue {
    return this.queues.queue(SCHEDULE_QUEUE, {
      defaultJobOptions: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
    });
  }

  /**
   * Enqueues delivery jobs and records queued_at. When Redis is down this fails and the rows stay pending with
   * queued_at null: the sweep picks them up later. Returns how many were enqueued.
   */
  async enqueue(ids: readonly string[]): Promise<number> {
    if (!ids.length) return 0;
    try {
      await this.delivery.addBulk(
        ids.map((id) => ({ name: 'deliver', data: { notificationId: id }, opts: { jobId: id } })),
      );
    } catch (error) {
      this.logger.warn(
        { count: ids.length, err: error instanceof Error ? error.message : String(error) },
        'enqueue failed; the re-enqueue sweep will retry',
      );
      return 0;
    }
    await this.dataSource.query(
      `UPDATE notifications SET queued_at = now() WHERE id = ANY($1::uuid[]) AND queued_at IS NULL`,
      [ids],
    );
    this.logger.log({ count: ids.length }, 'notifications enqueued');
    return ids.length;
  }
}
