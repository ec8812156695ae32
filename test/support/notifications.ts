import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { DELIVERY_QUEUE, SCHEDULE_QUEUE } from '../../src/modules/notifications/notification-queue.js';
import { WorkerModule } from '../../src/worker.module.js';

/** The worker (relay, delivery, schedules) in the test process, configured from process.env plus `env`. */
export async function bootTestWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  Object.assign(process.env, env);
  loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await app.init();
  return app;
}

export interface DrainOptions {
  redisUrl?: string;
  prefix?: string;
  timeoutMs?: number;
  queues?: string[];
}

/**
 * Waits until the outbox is relayed (events that failed and wait for their retry are not counted), no notification is pending or sending, and the queues hold no waiting,
 * delayed or active job. Reads PostgreSQL and Redis directly, as a test should.
 */
export async function waitForQueuesToDrain(options: DrainOptions = {}): Promise<void> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? process.env.QUEUE_PREFIX ?? 'flagship';
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  connection.on('error', () => undefined);
  const queues = (options.queues ?? [DELIVERY_QUEUE]).map((name) => new Queue(name, { prefix, connection }));
  try {
    for (;;) {
      const { rows } = await db.query<{ outbox: string; pending: string }>(
        `SELECT (SELECT count(*) FROM outbox_events WHERE relayed_at IS NULL AND last_error IS NULL) AS outbox,
                (SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending') AND delivery = 'immediate') AS pending`,
      );
      let jobs = 0;
      for (const queue of queues)
        jobs += await queue.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized');
      if (Number(rows[0]?.outbox) === 0 && Number(rows[0]?.pending) === 0 && jobs === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `queues did not drain: outbox ${rows[0]?.outbox}, pending notifications ${rows[0]?.pending}, jobs ${jobs}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await Promise.allSettled(queues.map((queue) => queue.close()));
    connection.disconnect();
    await db.end();
  }
}

export { SCHEDULE_QUEUE };
