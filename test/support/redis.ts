import { Redis } from 'ioredis';
import { TEST_REDIS_URL, workerQueuePrefix } from './test-env.js';

/** Removes every key of this worker's queue prefix, so queues start empty for each test file. */
export async function resetTestRedis(prefix = workerQueuePrefix()): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
