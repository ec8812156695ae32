import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { QueueFactory } from '../queue/queue-factory.js';

/** A Redis connection for quick commands (readiness, rate limits); fails fast instead of queueing when Redis is down. */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Errors surface through the commands that fail; an unhandled 'error' event would crash the process.
    this.redis.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

@Global()
@Module({ providers: [RedisClient, QueueFactory], exports: [RedisClient, QueueFactory] })
export class RedisModule {}
