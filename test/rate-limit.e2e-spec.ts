import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestUser, TEST_PASSWORD } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';

describe('Abuse limits on login and password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once an address has too many login attempts in a minute', async () => {
    const user = await createTestUser(t, { email: 'limited@rate.test' });
    for (let i = 0; i < 3; i += 1) {
      await t.http
        .post('/api/auth/login')
        .send({ email: user.email, password: 'wrong-password' })
        .expect(401);
    }
    const limited = await t.http
      .post('/api/auth/login')
      .set('x-forwarded-for', '203.0.113.9')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      requestId: expect.any(String),
    });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits per client address too, whatever e-mail addresses are tried', async () => {
    const from = (n: number) =>
      t.http
        .post('/api/auth/login')
        .set('x-forwarded-for', '198.51.100.7')
        .send({ email: `someone-${n}@rate.test`, password: 'wrong-password' });
    for (let i = 0; i < 3; i += 1) await from(i).expect(401);
    await from(99).expect(429);
  });

  it('limits password reset requests per address', async () => {
    const reset = () =>
      t.http
        .post('/api/auth/password-reset')
        .set('x-forwarded-for', '192.0.2.44')
        .send({ email: 'reset@rate.test' });
    for (let i = 0; i < 3; i += 1) await reset().expect(202);
    const limited = await reset().expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
