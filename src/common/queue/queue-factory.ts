import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * Creates BullMQ queues and workers with the project's connection rules, and closes them all on shutdown.
 * Producers fail fast when Redis is down (the outbox keeps the work); workers wait for Redis forever.
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueFactory.name);
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get prefix(): string {
    return this.config.QUEUE_PREFIX;
  }

  /** One producer per queue name per process. */
  queue(name: string, options: Partial<QueueOptions> = {}): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        ...options,
        prefix: this.config.QUEUE_PREFIX,
        connection: this.connection({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
      });
      queue.on('error', (error) =>
        this.logger.warn({ queue: name, err: error.message }, 'queue connection error'),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  worker<T, R>(name: string, processor: Processor<T, R>, options: Partial<WorkerOptions> = {}): Worker<T, R> {
    const worker = new Worker<T, R>(name, processor, {
      ...options,
      prefix: this.config.QUEUE_PREFIX,
      connection: this.connection({ maxRetriesPerRequest: null }),
    });
    worker.on('error', (error) =>
      this.logger.warn({ queue: name, err: error.message }, 'worker connection error'),
    );
    this.workers.push(worker as Worker);
    return worker;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    // BullMQ leaves connections it was given open; they are ours to close.
    for (const connection of this.connections) connection.disconnect();
  }

  private connection(options: RedisOptions): Redis {
    const redis = new Redis(this.config.REDIS_URL, {
      ...options,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    redis.on('error', () => undefined);
    this.connections.push(redis);
    return redis;
  }
}
