import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HealthService } from '../health/health.service.js';
import { NotificationQueue } from './notification-queue.js';

/** Adds the notification figures to /health/ready's details: queue depth, failures, oldest pending outbox event. */
@Injectable()
export class NotificationsHealth implements OnModuleInit {
  constructor(
    private readonly health: HealthService,
    private readonly queue: NotificationQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.health.addDetails(() => this.details());
  }

  async details(): Promise<Record<string, unknown>> {
    const [outbox] = (await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age, count(*)::int AS pending
         FROM outbox_events WHERE relayed_at IS NULL`,
    )) as Array<{ age: number; pending: number }>;
    const [rows] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status IN ('pending', 'sending') AND delivery = 'immediate')::int AS pending
         FROM notifications WHERE status IN ('failed', 'pending', 'sending')`,
    )) as Array<{ failed: number; pending: number }>;
    const notifications: Record<string, unknown> = {
      oldestPendingOutboxAgeSeconds: Math.round(outbox?.age ?? 0),
      pendingOutboxEvents: outbox?.pending ?? 0,
      failedNotifications: rows?.failed ?? 0,
      pendingNotifications: rows?.pending ?? 0,
    };
    try {
      const counts = await this.queue.delivery.getJobCounts(
        'waiting',
        'delayed',
        'active',
        'prioritized',
        'failed',
      );
      notifications.queueDepth =
        (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0);
      notifications.queueFailed = counts.failed ?? 0;
    } catch (error) {
      notifications.queueError = error instanceof Error ? error.message : String(error);
    }
    return { notifications };
  }
}
