import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { RedisClient } from '../../common/redis/redis.module.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** Counts one hit in a fixed window and answers the count and the milliseconds left in the window. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}`;

const WINDOW_MS = 60_000;

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} seconds`, undefined, {
      retryAfterSeconds,
    });
  }
}

/**
 * Per-minute limits on login and password-reset attempts, per e-mail address and per client IP, in Redis so that
 * every API instance counts together. When Redis is unreachable the limiter lets requests through (and logs):
 * locking everybody out during a Redis outage would be worse than a minute without a limit.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts the attempt under every key and throws RATE_LIMITED when any of them is over the limit. */
  async hit(scope: string, subjects: Record<string, string>): Promise<void> {
    const limit = this.config.LOGIN_RATE_LIMIT_PER_MINUTE;
    let retryAfterMs = 0;
    for (const [kind, subject] of Object.entries(subjects)) {
      const digest = createHash('sha256').update(subject).digest('hex').slice(0, 32);
      const key = `${this.config.QUEUE_PREFIX}:rate:${scope}:${kind}:${digest}`;
      try {
        const [count, ttl] = (await this.redis.redis.eval(HIT_SCRIPT, 1, key, WINDOW_MS)) as [number, number];
        if (count > limit) retryAfterMs = Math.max(retryAfterMs, ttl > 0 ? ttl : WINDOW_MS);
      } catch (error) {
        this.logger.warn({ err: String(error), scope }, 'rate limiter unavailable; attempt not counted');
      }
    }
    if (retryAfterMs > 0) throw new RateLimitedError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
}
