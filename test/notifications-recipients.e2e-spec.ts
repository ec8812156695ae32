import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '../src/modules/outbox/outbox.service.js';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { bootTestWorker, waitForQueuesToDrain } from './support/notifications.js';
import { createProposal, type CreatedProposal } from './support/proposal-factory.js';
import { TEST_REDIS_URL } from './support/test-env.js';

/**
 * The recipients table of DESIGN.md "Notifications", event type by event type, with events emitted the way the
 * workflow emits them. No SMTP server is configured here: mail is captured (status 'captured', subject and body
 * kept in the row), which is also what a developer machine without SMTP does.
 */
describe('notifications: who receives what (captured, no SMTP)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let area: string;
  let lead: TestUser;
  let coEditor: TestUser;
  let coordinators: TestUser[];
  let reviewer: TestUser;
  let members: TestUser[];
  let proposal: CreatedProposal;

  beforeAll(async () => {
    t = await bootTestApp({
      SMTP_URL: '',
      REDIS_URL: TEST_REDIS_URL,
      PUBLIC_BASE_URL: 'https://registry.test',
    });
    worker = await bootTestWorker();
    db = t.app.get(DataSource);
    const [row] = (await db.query(`SELECT id FROM policy_areas WHERE code = 'SECURE'`)) as Array<{
      id: string;
    }>;
    area = row?.id as string;
    lead = await createTestUser(t, { name: 'Lead' });
    coEditor = await createTestUser(t, { name: 'Co-editor' });
    coordinators = [
      await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] }),
      await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] }),
    ];
    // Neither a deactivated coordinator nor one whose grant was revoked hears anything.
    const deactivated = await createTestUser(t, {
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
    await db.query(`UPDATE users SET deactivated_at = now() WHERE id = $1`, [deactivated.id]);
    const revoked = await createTestUser(t, { grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] });
    await db.query(`UPDATE role_grants SET revoked_at = now() WHERE user_id = $1`, [revoked.id]);
    reviewer = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    members = [
      await createTestUser(t, {
        country: 'FI',
        grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
      }),
      await createTestUser(t, {
        country: 'LV',
        grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE' }],
      }),
    ];
    proposal = await createProposal(db, {
      ownerId: lead.id,
      state: 'in_review',
      title: 'Recipients Project',
      coEditorIds: [coEditor.id],
    });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function recipientsOf(eventType: string, extra: Record<string, unknown> = {}): Promise<string[]> {
    const id = await db.transaction((manager) =>
      t.app.get(OutboxService).emit(manager, {
        eventType,
        aggregateType: eventType.startsWith('report.') ? 'progress_report' : 'proposal',
        aggregateId: proposal.id,
        policyAreaId: area,
        actorId: lead.id,
        payload: {
          proposalId: proposal.id,
          reference: proposal.reference,
          title: 'Recipients Project',
          policyAreaId: area,
          note: 'A note',
          ...extra,
        },
      }),
    );
    await waitForQueuesToDrain();
    const rows = (await db.query(
      `SELECT recipient_email, status, subject, body_text FROM notifications WHERE outbox_event_id = $1`,
      [id],
    )) as Array<{ recipient_email: string; status: string; subject: string; body_text: string }>;
    for (const row of rows) {
      expect(row.status).toBe('captured');
      expect(row.subject).toContain(proposal.reference);
      expect(row.body_text).toContain(`https://registry.test/`);
    }
    return rows.map((row) => row.recipient_email).sort();
  }

  const emails = (...users: TestUser[]) => users.map((user) => user.email).sort();

  it.each([
    ['proposal.submitted', () => emails(...coordinators, lead), {}],
    ['proposal.resubmitted', () => emails(...coordinators, lead), {}],
    ['proposal.approved', () => emails(lead, coEditor, ...coordinators), {}],
    ['proposal.withdrawn', () => emails(...coordinators), {}],
    [
      'review.assigned',
      () => emails(reviewer),
      () => ({ reviewerId: reviewer.id, dueAt: '2030-01-01T12:00:00Z' }),
    ],
    ['review.assessment_completed', () => emails(...coordinators), () => ({ reviewerId: reviewer.id })],
    ['procedure.opened', () => emails(...members), { deadline: '2030-01-01T12:00:00Z' }],
    ['procedure.closed', () => emails(...members, lead), { outcome: 'approved' }],
    ['comment.shared', () => emails(...coordinators), () => ({ side: 'lead', authorId: lead.id })],
    [
      'comment.shared',
      () => emails(lead, coEditor),
      () => ({ side: 'secretariat', authorId: coordinators[0]?.id }),
    ],
    [
      'report.submitted',
      () => emails(...coordinators),
      { reportId: '00000000-0000-4000-8000-000000000001', period: '2026' },
    ],
    [
      'report.returned',
      () => emails(lead, coEditor),
      { reportId: '00000000-0000-4000-8000-000000000001', period: '2026' },
    ],
  ] as Array<[string, () => string[], Record<string, unknown> | (() => Record<string, unknown>)]>)(
    '%s reaches exactly the recipients of the table',
    async (eventType, expected, extra) => {
      const payload = typeof extra === 'function' ? extra() : extra;
      expect(await recipientsOf(eventType, payload)).toEqual(expected());
    },
  );

  it('one bad event does not hold up the others; an event type nobody is told about is just relayed', async () => {
    const ids = await db.transaction(async (manager) => {
      const outbox = t.app.get(OutboxService);
      return [
        await outbox.emit(manager, {
          eventType: 'proposal.approved',
          aggregateType: 'proposal',
          aggregateId: 'x',
          policyAreaId: area,
          payload: { proposalId: 'not-a-uuid', reference: 'X', title: 'X' },
        }),
        await outbox.emit(manager, {
          eventType: 'catalog.changed',
          aggregateType: 'catalog',
          aggregateId: 'SECURE',
        }),
        await outbox.emit(manager, {
          eventType: 'account.email_verification',
          aggregateType: 'user',
          aggregateId: lead.id,
          payload: {
            userId: lead.id,
            email: lead.email,
            name: 'Lead',
            link: 'https://registry.test/verify?token=v',
          },
        }),
      ];
    });
    const deadline = Date.now() + 15_000;
    let rows: Array<{ id: string; relayed_at: Date | null; last_error: string | null }> = [];
    while (Date.now() < deadline) {
      rows = (await db.query(
        `SELECT id::text, relayed_at, last_error FROM outbox_events WHERE id = ANY($1) ORDER BY id`,
        [ids],
      )) as typeof rows;
      if (rows[0]?.last_error && rows[1]?.relayed_at && rows[2]?.relayed_at) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows[0]?.relayed_at).toBeNull();
    expect(rows[0]?.last_error).toMatch(/uuid/);
    expect(rows[1]?.relayed_at).toBeTruthy();
    expect(rows[2]?.relayed_at).toBeTruthy();
    const [verification] = (await db.query(
      `SELECT status, subject, body_text FROM notifications WHERE outbox_event_id = $1`,
      [ids[2]],
    )) as Array<{ status: string; subject: string; body_text: string }>;
    await waitForQueuesToDrain();
    const [after] = (await db.query(`SELECT status FROM notifications WHERE outbox_event_id = $1`, [
      ids[2],
    ])) as Array<{
      status: string;
    }>;
    expect(after?.status).toBe('captured');
    expect(verification?.subject).toBe('Confirm your e-mail address for the Flagship Registry');
    expect(verification?.body_text).toContain('https://registry.test/verify?token=v');
    // The failed event is retried later with backoff; it is visible in /health/ready meanwhile.
    const health = await t.http.get('/health/ready');
    expect(health.body.details.notifications.pendingOutboxEvents).toBeGreaterThanOrEqual(1);
    await db.query(`UPDATE outbox_events SET relayed_at = now() WHERE id = $1`, [ids[0]]);
  });
});
