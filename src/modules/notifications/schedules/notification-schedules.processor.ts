import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { QueueFactory } from '../../../common/queue/queue-factory.js';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { NotificationQueue, SCHEDULE_QUEUE } from '../notification-queue.js';
import { DigestService } from './digest.service.js';
import { ReminderScanService } from './reminder-scan.service.js';

export const DIGEST_JOB = 'digest';
export const REMINDER_SCAN_JOB = 'reminder-scan';

/**
 * The repeatable jobs: the daily digest (cron) and the reminder scan (every few minutes). Job schedulers live
 * in Redis under fixed ids, so every worker upserting them still yields one job per tick; the services are
 * safe to run concurrently anyway (advisory locks, unique keys).
 */
@Injectable()
export class NotificationSchedulesProcessor {
  private readonly logger = new Logger(NotificationSchedulesProcessor.name);
  private worker: Worker | null = null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueFactory,
    private readonly queue: NotificationQueue,
    private readonly digests: DigestService,
    private readonly reminders: ReminderScanService,
  ) {}

  start(): void {
    if (this.worker) return;
    this.worker = this.queues.worker(SCHEDULE_QUEUE, (job: Job) => this.process(job), { concurrency: 1 });
    void this.installSchedules();
  }

  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.worker?.close();
  }

  async process(job: Job): Promise<number> {
    if (job.name === DIGEST_JOB) return this.digests.sendDigests();
    if (job.name === REMINDER_SCAN_JOB) return this.reminders.scan();
    throw new Error(`unknown schedule job ${job.name}`);
  }

  private async installSchedules(): Promise<void> {
    try {
      await this.queue.schedules.upsertJobScheduler(
        'daily-digest',
        { pattern: this.config.DIGEST_CRON, tz: 'UTC' },
        { name: DIGEST_JOB },
      );
      await this.queue.schedules.upsertJobScheduler(
        'reminder-scan',
        { every: this.config.REMINDER_SCAN_EVERY_MS },
        { name: REMINDER_SCAN_JOB },
      );
      this.logger.log(
        { digest: this.config.DIGEST_CRON, reminderEveryMs: this.config.REMINDER_SCAN_EVERY_MS },
        'schedules installed',
      );
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'schedules not installed yet; retrying',
      );
      this.retryTimer = setTimeout(() => void this.installSchedules(), 5000);
    }
  }
}
