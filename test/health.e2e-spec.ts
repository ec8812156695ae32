import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from './support/app.js';
import { PrivateRedisServer } from './support/redis-server.js';

describe('health', () => {
  let redis: PrivateRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    t = await bootTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('is live', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const response = await t.http.get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('stops being ready when Redis is unreachable, and recovers when it is back', async () => {
    await redis.stop();
    const down = await t.http.get('/health/ready').expect(503);
    expect(down.body).toMatchObject({
      status: 'unavailable',
      checks: { postgres: { status: 'up' }, redis: { status: 'down', error: expect.any(String) } },
    });
    await redis.start();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await t.http.get('/health/ready')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});
