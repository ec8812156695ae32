import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { MailTransport } from '../src/modules/notifications/delivery/mail-transport.js';
import { OutboxService, type DomainEvent } from '../src/modules/outbox/outbox.service.js';
import { latestAccountLink } from './support/account-mail.js';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { bootTestWorker, waitForQueuesToDrain } from './support/notifications.js';
import { createProposal } from './support/proposal-factory.js';
import { SmtpTestServer } from './support/smtp-test-server.js';

const BASE = 'https://registry.test.eu';

describe('notifications: outbox → relay → queue → SMTP', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    t = await bootTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_BASE_URL: BASE,
      MAIL_RETRY_BASE_MS: '100',
      MAIL_MAX_ATTEMPTS: '30',
      MAIL_CONCURRENCY: '5',
    });
    worker = await bootTestWorker();
    db = t.app.get(DataSource);
    admin = await createTestUser(t, { grants: [{ role: 'admin' }] });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await waitForQueuesToDrain();
    smtp.accept();
    smtp.clear();
  });

  async function emit(event: DomainEvent): Promise<string> {
    return db.transaction((manager) => t.app.get(OutboxService).emit(manager, event));
  }

  function invitation(email: string, link = `${BASE}/invitation?token=tok-${email}`): DomainEvent {
    return {
      eventType: 'account.invitation',
      aggregateType: 'user',
      aggregateId: email,
      payload: { email, name: `Name of ${email}`, link, expiresAt: '2030-01-01T00:00:00.000Z' },
    };
  }

  async function rowFor(outboxEventId: string): Promise<Record<string, unknown>> {
    const [row] = (await db.query(`SELECT * FROM notifications WHERE outbox_event_id = $1`, [
      outboxEventId,
    ])) as Array<Record<string, unknown>>;
    return row ?? {};
  }

  async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('a workflow transition (request_changes via the proposals endpoint) mails exactly the recipients table', async () => {
    const lead = await createTestUser(t, { name: 'Lead Person' });
    const coEditor = await createTestUser(t, { name: 'Co Editor' });
    const coordinator = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    const otherCoordinator = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    const reviewer = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    const member = await createTestUser(t, {
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
    });
    const proposal = await createProposal(db, {
      ownerId: lead.id,
      state: 'submitted',
      title: 'Baltic Flood Resilience',
      coEditorIds: [coEditor.id],
    });

    const response = await t.http
      .post(`/api/proposals/${proposal.id}/transitions/request_changes`)
      .set(coordinator.auth)
      .send({ version: 1, note: 'Please add a partner from LT' });
    expect(response.status).toBe(200);

    await smtp.waitFor(4);
    await waitForQueuesToDrain();
    const expected = [lead, coEditor, coordinator, otherCoordinator].map((user) => user.email).sort();
    expect(smtp.received.flatMap((mail) => mail.to).sort()).toEqual(expected);
    for (const mail of smtp.received) {
      expect(mail.subject).toBe(`Changes requested on ${proposal.reference}: Baltic Flood Resilience`);
      expect(mail.text).toContain(`${BASE}/proposals/${proposal.id}`);
      expect(mail.text).toContain('What to change: Please add a partner from LT');
    }
    expect(smtp.to(reviewer.email)).toHaveLength(0);
    expect(smtp.to(member.email)).toHaveLength(0);
    expect(smtp.duplicates()).toEqual([]);
    const rows = (await db.query(
      `SELECT recipient_email, subject, body_text, body_html, status, message_id, sent_at, attempts
         FROM notifications WHERE event_type = 'proposal.changes_requested'`,
    )) as Array<{
      recipient_email: string;
      subject: string;
      body_text: string;
      body_html: string;
      status: string;
      message_id: string;
      sent_at: Date;
      attempts: number;
    }>;
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      expect(row.message_id).toMatch(/@registry\.test\.eu>$/);
      expect(row.sent_at).toBeTruthy();
      expect(row.attempts).toBe(1);
      // What arrived, read by a real MIME parser, is the row: subject, both bodies, sender, Message-ID.
      const [mail] = smtp.to(row.recipient_email);
      const parsed = await simpleParser(mail?.raw ?? '');
      expect(parsed.subject).toBe(row.subject);
      expect(parsed.text).toBe(row.body_text);
      expect(parsed.html).toBe(row.body_html);
      expect(parsed.messageId).toBe(row.message_id);
      expect(parsed.from?.value).toEqual([
        { address: 'no-reply@flagship-registry.local', name: 'Flagship Registry' },
      ]);
    }
  });

  it('a recipient address outside the plain ASCII shape (an IDN domain) is composed and sent by nodemailer', async () => {
    const messageId = `<idn-${Date.now()}@registry.test.eu>`;
    await worker.get(MailTransport).send({
      to: 'koordinatorius@klaipėda.lt',
      subject: 'Ekspertų vertinimas',
      text: 'Sveiki!',
      html: '<p>Sveiki!</p>',
      messageId,
    });
    await smtp.waitFor(1);
    expect(smtp.received[0]?.to).toEqual(['koordinatorius@klaipėda.lt']);
    const parsed = await simpleParser(smtp.received[0]?.raw ?? '');
    expect(parsed.subject).toBe('Ekspertų vertinimas');
    expect(parsed.text?.trim()).toBe('Sveiki!');
    expect(parsed.messageId).toBe(messageId);
  });

  it('account mail goes the same way; the one-time link is scrubbed from the outbox but still found by tests', async () => {
    const link = `${BASE}/invitation?token=secret-token-123`;
    const eventId = await emit(invitation('invitee@example.test', link));
    await smtp.waitFor(1);
    await waitForQueuesToDrain();
    expect(smtp.received[0]?.to).toEqual(['invitee@example.test']);
    expect(smtp.received[0]?.subject).toBe('You are invited to the Flagship Registry');
    expect(smtp.received[0]?.text).toContain(link);
    const [event] = (await db.query(`SELECT payload, relayed_at FROM outbox_events WHERE id = $1`, [
      eventId,
    ])) as Array<{
      payload: { link: string };
      relayed_at: Date | null;
    }>;
    expect(event?.relayed_at).toBeTruthy();
    expect(event?.payload.link).toBe('[sent]');
    expect(await latestAccountLink('invitee@example.test', 'account.invitation')).toBe(link);
  });

  it('a rolled-back transaction sends nothing', async () => {
    await expect(
      db.transaction(async (manager) => {
        await t.app.get(OutboxService).emit(manager, invitation('rolled-back@example.test'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // Longer than the relay's poll interval: had anything been committed, it would have been relayed by now.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await waitForQueuesToDrain();
    expect(smtp.received).toHaveLength(0);
    const [count] = (await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_email = 'rolled-back@example.test'`,
    )) as Array<{ n: number }>;
    expect(count?.n).toBe(0);
  });

  it('SMTP answering 451 for a while: delivered once after it recovers', async () => {
    smtp.failFor(451, { ms: 1500 });
    const eventId = await emit(invitation('deferred@example.test'));
    await smtp.waitFor(1, 30_000);
    await waitForQueuesToDrain();
    const row = await rowFor(eventId);
    expect(row.status).toBe('sent');
    expect(Number(row.attempts)).toBeGreaterThan(1);
    expect(smtp.to('deferred@example.test')).toHaveLength(1);
  });

  it('SMTP answering 550: failed at once, listed for admins with the error, delivered after an admin retry', async () => {
    smtp.failFor(550);
    const first = await emit(invitation('rejected-1@example.test'));
    const second = await emit(invitation('rejected-2@example.test'));
    await until(
      async () => (await rowFor(first)).status === 'failed' && (await rowFor(second)).status === 'failed',
    );
    expect((await rowFor(first)).attempts).toBe(1);
    expect(String((await rowFor(first)).last_error)).toMatch(/550/);

    const lead = await createTestUser(t);
    expect((await t.http.get('/api/admin/notifications?status=failed').set(lead.auth)).status).toBe(403);
    expect((await t.http.get('/api/admin/notifications?status=failed')).status).toBe(401);
    expect((await t.http.get('/api/admin/notifications?status=broken').set(admin.auth)).status).toBe(400);
    const list = await t.http.get('/api/admin/notifications?status=failed').set(admin.auth);
    expect(list.status).toBe(200);
    const failed = list.body.items as Array<{
      id: string;
      recipientEmail: string;
      lastError: string;
      status: string;
    }>;
    expect(failed.map((item) => item.recipientEmail).sort()).toEqual([
      'rejected-1@example.test',
      'rejected-2@example.test',
    ]);
    expect(failed.every((item) => item.status === 'failed' && /550/.test(item.lastError))).toBe(true);
    expect(list.body.counts.failed).toBe(2);

    smtp.accept();
    const firstId = failed.find((item) => item.recipientEmail === 'rejected-1@example.test')?.id as string;
    const retried = await t.http.post(`/api/admin/notifications/${firstId}/retry`).set(admin.auth);
    expect(retried.status).toBe(200);
    await smtp.waitFor(1);
    const again = await t.http.post(`/api/admin/notifications/${firstId}/retry`).set(admin.auth);
    expect([200, 409]).toContain(again.status);
    const all = await t.http.post('/api/admin/notifications/retry-failed').set(admin.auth);
    expect(all.status).toBe(200);
    await smtp.waitFor(2);
    await waitForQueuesToDrain();
    expect(smtp.to('rejected-1@example.test')).toHaveLength(1);
    expect(smtp.to('rejected-2@example.test')).toHaveLength(1);
    expect((await rowFor(first)).status).toBe('sent');
    expect((await rowFor(second)).status).toBe('sent');
    expect((await t.http.post(`/api/admin/notifications/${firstId}/retry`).set(admin.auth)).status).toBe(409);
    expect(
      (
        await t.http
          .post('/api/admin/notifications/00000000-0000-4000-8000-000000000000/retry')
          .set(admin.auth)
      ).status,
    ).toBe(404);
  });

  it('preferences: off skips, digest holds, account mail cannot be turned off (422 naming the field)', async () => {
    const user = await createTestUser(t);
    const coordinator = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    const proposal = await createProposal(db, { ownerId: user.id, state: 'approved', title: 'Flagship X' });

    const initial = await t.http.get('/api/me/notification-preferences').set(user.auth);
    expect(initial.status).toBe(200);
    expect(initial.body.preferences).toContainEqual({
      eventType: 'account.password_reset',
      mode: 'immediate',
      locked: true,
    });
    expect(initial.body.preferences).toContainEqual({
      eventType: 'proposal.approved',
      mode: 'immediate',
      locked: false,
    });

    const locked = await t.http
      .put('/api/me/notification-preferences')
      .set(user.auth)
      .send({
        preferences: [
          { eventType: 'proposal.completed', mode: 'digest' },
          { eventType: 'account.password_reset', mode: 'off' },
        ],
      });
    expect(locked.status).toBe(422);
    expect(locked.body.code).toBe('NOTIFICATION_PREFERENCE_LOCKED');
    expect(locked.body.errors).toEqual([{ field: 'preferences[1].mode', message: expect.any(String) }]);

    const unknown = await t.http
      .put('/api/me/notification-preferences')
      .set(user.auth)
      .send({ preferences: [{ eventType: 'proposal.exploded', mode: 'off' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('preferences[0].eventType');

    const saved = await t.http
      .put('/api/me/notification-preferences')
      .set(user.auth)
      .send({
        preferences: [
          { eventType: 'proposal.completed', mode: 'digest' },
          { eventType: 'proposal.revoked', mode: 'off' },
        ],
      });
    expect(saved.status).toBe(200);
    expect(saved.body.preferences).toContainEqual({
      eventType: 'proposal.completed',
      mode: 'digest',
      locked: false,
    });

    const payload = {
      proposalId: proposal.id,
      reference: proposal.reference,
      title: 'Flagship X',
      note: null,
    };
    const completed = await emit({
      eventType: 'proposal.completed',
      aggregateType: 'proposal',
      aggregateId: proposal.id,
      payload: { ...payload, policyAreaId: await secureId() },
    });
    const revoked = await emit({
      eventType: 'proposal.revoked',
      aggregateType: 'proposal',
      aggregateId: proposal.id,
      payload: { ...payload, policyAreaId: await secureId() },
    });
    await smtp.waitFor(2);
    await waitForQueuesToDrain();
    const rows = (await db.query(
      `SELECT outbox_event_id::text AS event, recipient_email, status, delivery FROM notifications WHERE outbox_event_id IN ($1, $2)`,
      [completed, revoked],
    )) as Array<{ event: string; recipient_email: string; status: string; delivery: string }>;
    const mine = (event: string) =>
      rows.find((row) => row.event === event && row.recipient_email === user.email);
    expect(mine(completed)).toMatchObject({ status: 'pending', delivery: 'digest' });
    expect(mine(revoked)).toMatchObject({ status: 'skipped' });
    expect(smtp.to(user.email)).toHaveLength(0);
    expect(smtp.to(coordinator.email)).toHaveLength(2);
  });

  it('/health/ready carries queue depth, failed count and the oldest pending outbox age', async () => {
    const response = await t.http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.details.notifications).toMatchObject({
      queueDepth: expect.any(Number),
      queueFailed: expect.any(Number),
      failedNotifications: expect.any(Number),
      oldestPendingOutboxAgeSeconds: expect.any(Number),
    });
  });

  it('the queue dashboard at /admin/queues is for admins only', async () => {
    const lead = await createTestUser(t);
    expect((await t.http.get('/admin/queues')).status).toBe(401);
    expect(
      (await t.http.get('/admin/queues').set({ Authorization: 'Bearer forged.token.value' })).status,
    ).toBe(401);
    expect((await t.http.get('/admin/queues').set(lead.auth)).status).toBe(403);
    const page = await t.http.get('/admin/queues').set(admin.auth);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await t.http.get('/admin/queues/api/queues').set(admin.auth);
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('notifications');

    // A browser cannot add the header: the token is handed over once and kept in an HttpOnly cookie.
    const handover = await t.http.get(`/admin/queues?token=${encodeURIComponent(admin.token)}`);
    expect(handover.status).toBe(200);
    const cookie = String(handover.headers['set-cookie'] ?? '');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    const withCookie = await t.http
      .get('/admin/queues/api/queues')
      .set('Cookie', cookie.split(';')[0] as string);
    expect(withCookie.status).toBe(200);
    expect((await t.http.get(`/admin/queues?token=${encodeURIComponent(lead.token)}`)).status).toBe(403);
  });

  async function secureId(): Promise<string> {
    const [row] = (await db.query(`SELECT id FROM policy_areas WHERE code = 'SECURE'`)) as Array<{
      id: string;
    }>;
    return row?.id as string;
  }
});
