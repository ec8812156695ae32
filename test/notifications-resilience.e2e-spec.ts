import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '../src/modules/outbox/outbox.service.js';
import { createTestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { bootTestWorker, waitForQueuesToDrain } from './support/notifications.js';
import { createProposal } from './support/proposal-factory.js';
import { PrivateRedisServer } from './support/redis-server.js';
import { SmtpTestServer } from './support/smtp-test-server.js';
import { TEST_REDIS_URL } from './support/test-env.js';

/** Prints a figure the report needs (duplicates are recorded, not hidden). */
function report(message: string): void {
  process.stdout.write(`[notifications-resilience] ${message}\n`);
}

describe('notifications survive outages', () => {
  let smtp: SmtpTestServer | undefined;
  let t: TestApp | undefined;
  let worker: INestApplicationContext | undefined;
  let redis: PrivateRedisServer | undefined;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    children.length = 0;
    await worker?.close();
    await t?.close();
    await smtp?.stop();
    await redis?.stop();
    worker = undefined;
    t = undefined;
    smtp = undefined;
    redis = undefined;
  });

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('Redis really stopped while 200 transitions commit: all succeed, every mail arrives exactly once after Redis is back', async () => {
    redis = await PrivateRedisServer.start();
    smtp = await SmtpTestServer.start();
    t = await bootTestApp({
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_CONCURRENCY: '10',
      MAIL_RETRY_BASE_MS: '100',
    });
    worker = await bootTestWorker();
    const db = t.app.get(DataSource);
    const coordinator = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    const lead = await createTestUser(t);
    const proposals = [];
    for (let i = 0; i < 200; i += 1) {
      proposals.push(
        await createProposal(db, { ownerId: lead.id, state: 'submitted', title: `Outage ${i}` }),
      );
    }

    await redis.stop();
    const statuses: number[] = [];
    for (const proposal of proposals) {
      const response = await t.http
        .post(`/api/proposals/${proposal.id}/transitions/request_changes`)
        .set(coordinator.auth)
        .send({ version: 1, note: 'during the outage' });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const [events] = (await db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'proposal.changes_requested'`,
    )) as Array<{ n: number }>;
    expect(events?.n).toBe(200);
    expect(smtp.received).toHaveLength(0);

    await redis.start();
    await smtp.waitFor(400, 60_000);
    await waitForQueuesToDrain({ redisUrl: redis.url, timeoutMs: 60_000 });
    // A little longer: nothing more may arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received).toHaveLength(400);
    expect(smtp.duplicates()).toEqual([]);
    expect(smtp.to(lead.email)).toHaveLength(200);
    expect(smtp.to(coordinator.email)).toHaveLength(200);
    report(
      `redis outage: 200 transitions committed with Redis down, 400 mails expected, ${smtp.received.length} received, duplicates ${smtp.duplicates().length}`,
    );
  }, 180_000);

  it('a worker process killed with SIGKILL in the middle of 500: a new worker delivers all 500', async () => {
    smtp = await SmtpTestServer.start();
    smtp.replyDelayMs = 15;
    // The previous test pointed REDIS_URL at its private server; this one uses the shared test Redis again.
    t = await bootTestApp({ SMTP_URL: smtp.url, REDIS_URL: TEST_REDIS_URL });
    const db = t.app.get(DataSource);
    const outbox = t.app.get(OutboxService);
    await db.transaction(async (manager) => {
      for (let i = 0; i < 500; i += 1) {
        const email = `batch-${String(i).padStart(3, '0')}@example.test`;
        await outbox.emit(manager, {
          eventType: 'account.invitation',
          aggregateType: 'user',
          aggregateId: email,
          payload: { email, name: `Invitee ${i}`, link: `https://registry.test/invitation?token=t${i}` },
        });
      }
    });

    const concurrency = 5;
    const startWorker = (): ChildProcess => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SMTP_URL: smtp?.url,
        MAIL_CONCURRENCY: String(concurrency),
        MAIL_JOB_LOCK_MS: '2000',
        MAIL_RETRY_BASE_MS: '100',
        LOG_LEVEL: 'warn',
      };
      delete env.NODE_OPTIONS;
      const child = spawn(process.execPath, ['dist/src/worker.js'], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr?.on('data', (chunk: Buffer) =>
        process.stderr.write(`[worker ${child.pid}] ${chunk.toString()}`),
      );
      children.push(child);
      return child;
    };

    const first = startWorker();
    report('first worker started');
    await smtp.waitFor(100, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = smtp.received.length;
    const [inFlight] = (await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE status = 'sending'`,
    )) as Array<{
      n: number;
    }>;
    expect(atKill).toBeLessThan(500);

    report(`killed after ${smtp.received.length}`);
    startWorker();
    await smtp.waitFor(500, 90_000);
    report('all 500 received');
    await waitForQueuesToDrain({ timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const unique = new Set(smtp.received.map((mail) => mail.to.join(',')));
    const duplicates = smtp.duplicates();
    report(
      `SIGKILL: killed after ${atKill} of 500 with ${inFlight?.n ?? 0} rows 'sending'; after restart ${smtp.received.length} messages, ${unique.size} distinct recipients, ${duplicates.length} duplicates`,
    );
    expect(unique.size).toBe(500);
    const [sent] = (await db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE last_error LIKE 'resent after an interrupted attempt%')::int AS resent
         FROM notifications`,
    )) as Array<{ sent: number; resent: number }>;
    expect(sent?.sent).toBe(500);
    // The one window that cannot be closed: SMTP accepted, the worker died before marking the row sent.
    // Every duplicate must be one of the rows that were mid-send when the worker died, and recorded as such.
    expect(duplicates.length).toBeLessThanOrEqual(inFlight?.n ?? 0);
    expect(duplicates.length).toBeLessThanOrEqual(sent?.resent ?? 0);
  }, 180_000);

  it('SIGTERM drains: the worker stops claiming, finishes the mails in flight, exits; the next worker sends the rest once', async () => {
    smtp = await SmtpTestServer.start();
    smtp.replyDelayMs = 20;
    t = await bootTestApp({ SMTP_URL: smtp.url, REDIS_URL: TEST_REDIS_URL });
    const db = t.app.get(DataSource);
    const outbox = t.app.get(OutboxService);
    await db.transaction(async (manager) => {
      for (let i = 0; i < 300; i += 1) {
        const email = `drain-${String(i).padStart(3, '0')}@example.test`;
        await outbox.emit(manager, {
          eventType: 'account.password_reset',
          aggregateType: 'user',
          aggregateId: email,
          payload: { email, name: `User ${i}`, link: `https://registry.test/reset?token=r${i}` },
        });
      }
    });
    const spawnWorker = (): ChildProcess => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SMTP_URL: smtp?.url,
        MAIL_CONCURRENCY: '5',
        SHUTDOWN_TIMEOUT_MS: '10000',
        LOG_LEVEL: 'warn',
      };
      delete env.NODE_OPTIONS;
      const child = spawn(process.execPath, ['dist/src/worker.js'], { env, stdio: 'ignore' });
      children.push(child);
      return child;
    };
    const first = spawnWorker();
    await smtp.waitFor(30, 60_000);
    const stopped = Date.now();
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      first.once('exit', (code, signal) => resolve({ code, signal })),
    );
    first.kill('SIGTERM');
    const outcome = await exit;
    const tookMs = Date.now() - stopped;
    const atExit = smtp.received.length;
    const [sending] = (await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE status = 'sending'`,
    )) as Array<{
      n: number;
    }>;
    report(
      `SIGTERM: exited (${outcome.signal ?? outcome.code}) after ${tookMs} ms with ${atExit} of 300 sent, ${sending?.n} rows left 'sending'`,
    );
    expect(tookMs).toBeLessThan(10_000);
    expect(sending?.n).toBe(0);
    expect(atExit).toBeLessThan(300);

    spawnWorker();
    await smtp.waitFor(300, 60_000);
    await waitForQueuesToDrain({ timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received).toHaveLength(300);
    expect(smtp.duplicates()).toEqual([]);
  }, 120_000);
});
