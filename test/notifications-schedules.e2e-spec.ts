import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { OutboxService } from '../src/modules/outbox/outbox.service.js';
import { SCHEDULE_QUEUE } from '../src/modules/notifications/notification-queue.js';
import { DigestService } from '../src/modules/notifications/schedules/digest.service.js';
import { ReminderScanService } from '../src/modules/notifications/schedules/reminder-scan.service.js';
import { createTestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { bootTestWorker, waitForQueuesToDrain } from './support/notifications.js';
import { createProposal } from './support/proposal-factory.js';
import { SmtpTestServer } from './support/smtp-test-server.js';
import { TEST_REDIS_URL } from './support/test-env.js';

describe('reminders and the daily digest, with two workers', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let workers: INestApplicationContext[];
  let db: DataSource;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    t = await bootTestApp({
      SMTP_URL: smtp.url,
      REDIS_URL: TEST_REDIS_URL,
      PUBLIC_BASE_URL: 'https://registry.test',
    });
    workers = [await bootTestWorker(), await bootTestWorker()];
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    for (const worker of workers ?? []) await worker.close();
    await t?.close();
    await smtp?.stop();
  });

  it('installs the repeatable jobs (digest cron, reminder scan) once, however many workers', async () => {
    const queue = new Queue(SCHEDULE_QUEUE, {
      prefix: process.env.QUEUE_PREFIX,
      connection: { url: TEST_REDIS_URL },
    });
    try {
      let ids: string[] = [];
      for (let i = 0; i < 100 && ids.length < 2; i += 1) {
        ids = (await queue.getJobSchedulers()).map((scheduler) => String(scheduler.key));
        if (ids.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(ids.sort()).toEqual(['daily-digest', 'reminder-scan']);
    } finally {
      await queue.close();
    }
  });

  it('each reminder is sent once per item and threshold, however often and however many workers scan', async () => {
    const lead = await createTestUser(t);
    const reviewerSoon = await createTestUser(t, {
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    const reviewerLate = await createTestUser(t, {
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    const reviewerLater = await createTestUser(t, {
      grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
    });
    const voted = await createTestUser(t, {
      country: 'FI',
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
    });
    const notVoted = await createTestUser(t, {
      country: 'EE',
      grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
    });

    const inReview = await createProposal(db, {
      ownerId: lead.id,
      state: 'in_review',
      title: 'Reviewed Project',
      reviewers: [{ id: reviewerSoon.id }, { id: reviewerLate.id }, { id: reviewerLater.id }],
    });
    await db.query(
      `UPDATE review_assignments SET due_at = now() + interval '2 days' WHERE reviewer_id = $1`,
      [reviewerSoon.id],
    );
    await db.query(`UPDATE review_assignments SET due_at = now() - interval '1 day' WHERE reviewer_id = $1`, [
      reviewerLate.id,
    ]);
    // reviewerLater is due in 14 days: nothing yet.

    const voting = await createProposal(db, {
      ownerId: lead.id,
      state: 'steering_group',
      title: 'Voted Project',
      withProcedure: true,
    });
    const [procedure] = (await db.query(
      `UPDATE written_procedures SET deadline = now() + interval '24 hours' WHERE proposal_id = $1 RETURNING id`,
      [voting.id],
    )) as [Array<{ id: string }>, number];
    await db.query(
      `INSERT INTO procedure_votes (procedure_id, member_id, choice) VALUES ($1, $2, 'approve')`,
      [procedure[0]?.id, voted.id],
    );

    const [reports] = (await db.query(`SELECT to_regclass('progress_reports') IS NOT NULL AS ok`)) as Array<{
      ok: boolean;
    }>;
    let flagship: { id: string; reference: string } | null = null;
    if (reports?.ok) {
      flagship = await createProposal(db, {
        ownerId: lead.id,
        state: 'approved',
        title: 'Reporting Flagship',
      });
      await db.query(
        `INSERT INTO progress_reports (proposal_id, policy_area_id, period_label, period_start, period_end, due_date)
         SELECT id, policy_area_id, '2026', '2026-01-01', '2026-12-31', current_date + 10 FROM proposals WHERE id = $1`,
        [flagship.id],
      );
    }

    const scans = () =>
      Promise.all(
        workers.flatMap((worker) => [
          worker.get(ReminderScanService).scan(),
          worker.get(ReminderScanService).scan(),
        ]),
      );
    const produced = (await scans()).reduce((sum, n) => sum + n, 0);
    const expected = 3 + (flagship ? 1 : 0);
    expect(produced).toBe(expected);
    await smtp.waitFor(expected);
    await waitForQueuesToDrain();
    expect((await scans()).reduce((sum, n) => sum + n, 0)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await waitForQueuesToDrain();

    expect(smtp.to(reviewerSoon.email).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(
        new RegExp(`^Reminder: your review of ${inReview.reference} is due \\d{4}-\\d{2}-\\d{2}$`),
      ),
    ]);
    expect(smtp.to(reviewerLate.email).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Overdue: your review of ${inReview.reference}`)),
    ]);
    expect(smtp.to(reviewerLater.email)).toHaveLength(0);
    expect(smtp.to(notVoted.email).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(new RegExp(`^Reminder: vote on ${voting.reference} before`)),
    ]);
    expect(smtp.to(voted.email)).toHaveLength(0);
    if (flagship) {
      expect(smtp.to(lead.email).map((mail) => mail.subject)).toEqual([
        expect.stringMatching(new RegExp(`^Reminder: progress report 2026 for ${flagship.reference} due`)),
      ]);
    }
    expect(smtp.duplicates()).toEqual([]);
    expect(smtp.received).toHaveLength(expected);
  });

  it('the daily digest: one mail per user listing the held notifications, once even with two workers', async () => {
    smtp.clear();
    const lead = await createTestUser(t, { name: 'Digest Reader' });
    await db.query(
      `INSERT INTO notification_preferences (user_id, event_type, mode) VALUES ($1, 'proposal.approved', 'digest'), ($1, 'proposal.completed', 'digest')`,
      [lead.id],
    );
    const [area] = (await db.query(`SELECT id FROM policy_areas WHERE code = 'SECURE'`)) as Array<{
      id: string;
    }>;
    const references: string[] = [];
    for (const [index, eventType] of [
      'proposal.approved',
      'proposal.approved',
      'proposal.completed',
    ].entries()) {
      const proposal = await createProposal(db, {
        ownerId: lead.id,
        state: 'approved',
        title: `Digest ${index}`,
      });
      references.push(proposal.reference);
      await db.transaction((manager) =>
        t.app.get(OutboxService).emit(manager, {
          eventType,
          aggregateType: 'proposal',
          aggregateId: proposal.id,
          policyAreaId: area?.id,
          payload: {
            proposalId: proposal.id,
            reference: proposal.reference,
            title: `Digest ${index}`,
            note: null,
          },
        }),
      );
    }
    await waitForQueuesToDrain();
    const held = (await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND delivery = 'digest' AND status = 'pending'`,
      [lead.id],
    )) as Array<{ n: number }>;
    expect(held[0]?.n).toBe(3);
    expect(smtp.to(lead.email)).toHaveLength(0);

    const written = await Promise.all(
      workers.flatMap((worker) => [
        worker.get(DigestService).sendDigests(),
        worker.get(DigestService).sendDigests(),
      ]),
    );
    expect(written.reduce((sum, n) => sum + n, 0)).toBe(1);
    await smtp.waitFor(1);
    await waitForQueuesToDrain();
    expect(await workers[0]?.get(DigestService).sendDigests()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const mails = smtp.to(lead.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/^Your Flagship Registry digest for \d{4}-\d{2}-\d{2}: 3 updates$/);
    for (const reference of references) expect(mails[0]?.text).toContain(reference);
    expect(mails[0]?.text).toContain('Hello Digest Reader,');
    const statuses = (await db.query(
      `SELECT status, count(*)::int AS n FROM notifications WHERE user_id = $1 GROUP BY status ORDER BY status`,
      [lead.id],
    )) as Array<{ status: string; n: number }>;
    expect(statuses).toEqual([
      { status: 'digested', n: 3 },
      { status: 'sent', n: 1 },
    ]);
  });
});
