import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import { ProcedureCloser } from '../src/modules/steering-group/procedure-closer.service.js';
import {
  deadlineJobId,
  ProcedureDeadlineQueue,
} from '../src/modules/steering-group/procedure-deadline.queue.js';
import type { TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import {
  createProposal,
  createWorkflowCast,
  submittedProposal,
  type WorkflowCast,
} from './support/factories.js';
import { proposalInSteeringGroup, startWorker } from './support/workflow.js';

describe('Proposals under concurrency, and the written procedure deadline in the worker', () => {
  let t: TestApp;
  let db: pg.Client;
  let cast: WorkflowCast;

  beforeAll(async () => {
    t = await bootTestApp();
    db = await connectTestDatabase();
    cast = await createWorkflowCast(t, { reviewers: 1, members: 20 });
  });

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

  it('50 simultaneous conflicting transitions: exactly one succeeds, 49 get 409, one audit event, one outbox event', async () => {
    const proposal = await submittedProposal(t, cast.lead);
    const requests = Array.from({ length: 50 }, (_, index) =>
      t.http
        .post(`/api/proposals/${proposal.id}/transitions/${index % 2 === 0 ? 'request_changes' : 'reject'}`)
        .set(cast.coordinator.auth)
        .send({ version: proposal.version, note: `Decision ${index}` }),
    );
    const responses = await Promise.all(requests);
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.body).toMatchObject({
        code: 'PROPOSAL_VERSION_CONFLICT',
        currentVersion: proposal.version + 1,
      });
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE entity_id = $1 AND action IN ('proposal.request_changes', 'proposal.reject')`,
        [proposal.id],
      ),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox_events
          WHERE aggregate_id = $1 AND event_type IN ('proposal.changes_requested', 'proposal.rejected')`,
        [proposal.id],
      ),
    ).toBe(1);
    const row = await db.query(`SELECT version FROM proposals WHERE id = $1`, [proposal.id]);
    expect(row.rows[0]).toEqual({ version: proposal.version + 1 });
  });

  it('a submit that waited for a concurrent edit freezes the edited content, not what it saw before waiting', async () => {
    const draft = await createProposal(t, cast.lead);
    // Another transaction holds the row and changes the proposal and a child row, without a new version (as a
    // system change would); the submit queues behind it and must freeze what it committed.
    const editor = await connectTestDatabase();
    try {
      await editor.query('BEGIN');
      await editor.query(`UPDATE proposals SET title = 'Edited while the submit waited' WHERE id = $1`, [
        draft.id,
      ]);
      await editor.query(
        `UPDATE deliverables SET title = 'Renamed while the submit waited'
          WHERE proposal_id = $1 AND title = 'Joint cross-border exercise'`,
        [draft.id],
      );
      const submitting = t.http
        .post(`/api/proposals/${draft.id}/transitions/submit`)
        .set(cast.lead.auth)
        .send({ version: 1 })
        .then((response) => response);
      await eventually(async () => {
        const waiting = await count(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          [],
        );
        expect(waiting).toBe(1);
      });
      await editor.query('COMMIT');
      const response = await submitting;
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        title: 'Edited while the submit waited',
        version: 2,
        revision: 1,
      });
      const revision = await db.query<{
        snapshot: { title: string; deliverables: Array<{ title: string }> };
      }>(`SELECT snapshot FROM proposal_revisions WHERE proposal_id = $1`, [draft.id]);
      expect(revision.rows[0]!.snapshot.title).toBe('Edited while the submit waited');
      expect(revision.rows[0]!.snapshot.deliverables.map((d) => d.title)).toContain(
        'Renamed while the submit waited',
      );
    } finally {
      await editor.query('ROLLBACK').catch(() => undefined);
      await editor.end();
    }
  });

  it('20 simultaneous votes from 20 members are all counted (and the last one closes the procedure)', async () => {
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
    expect(procedure).toMatchObject({ memberCount: 20 });
    const responses = await Promise.all(
      cast.members.map((member, index) =>
        t.http
          .post(`/api/procedures/${procedure.id}/votes`)
          .set(member.auth)
          .send({
            choice: index < 15 ? 'approve' : index < 18 ? 'abstain' : 'object',
            comment: `Vote ${index}`,
          }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(
      await count(`SELECT count(*)::int AS n FROM procedure_votes WHERE procedure_id = $1`, [procedure.id]),
    ).toBe(20);
    const closed = await db.query(`SELECT closed_by, outcome, tally FROM written_procedures WHERE id = $1`, [
      procedure.id,
    ]);
    expect(closed.rows[0]).toMatchObject({
      closed_by: 'all_voted',
      outcome: 'rejected',
      tally: { approve: 15, abstain: 3, object: 2, voted: 20, members: 20 },
    });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'procedure.closed'`,
        [proposal.id],
      ),
    ).toBe(1);
  });

  it('the deadline closes a procedure exactly once with two workers running', async () => {
    const deadline = new Date(Date.now() + 2000).toISOString();
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast, { deadline });
    const workers: INestApplicationContext[] = [await startWorker(), await startWorker()];
    try {
      // Besides the delayed job, both workers' closers race for the procedure right at the deadline.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(deadline) - Date.now())));
      const direct = await Promise.all(
        workers.map((worker) => worker.get(ProcedureCloser).closeAtDeadline(procedure.id)),
      );
      expect(direct.filter((result) => result.closed).length).toBeLessThanOrEqual(1);
      await eventually(async () => {
        const row = await db.query(`SELECT closed_by FROM written_procedures WHERE id = $1`, [procedure.id]);
        expect(row.rows[0]).toEqual({ closed_by: 'deadline' });
      }, 15000);
      // Give the delayed job time to run too; it must find the procedure closed.
      await eventually(async () => {
        const job = await t.app.get(ProcedureDeadlineQueue).queue.getJob(deadlineJobId(procedure.id));
        expect(job === undefined || (await job.isCompleted())).toBe(true);
      }, 15000);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }
    expect(
      await count(
        `SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND event_type = 'procedure.closed'`,
        [proposal.id],
      ),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'proposal.close_procedure'`,
        [proposal.id],
      ),
    ).toBe(1);
    const state = await db.query(`SELECT state FROM proposals WHERE id = $1`, [proposal.id]);
    expect(state.rows[0]).toEqual({ state: 'approved' });
  });

  it('a procedure whose deadline passed while no worker ran is closed when a worker starts', async () => {
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
    // The worker was down at the deadline, and the delayed job is gone too (e.g. Redis lost it).
    await t.app.get(ProcedureDeadlineQueue).queue.remove(deadlineJobId(procedure.id));
    await db.query(`UPDATE written_procedures SET deadline = now() - interval '1 hour' WHERE id = $1`, [
      procedure.id,
    ]);
    const worker = await startWorker();
    try {
      await eventually(async () => {
        const row = await db.query(`SELECT closed_by, outcome FROM written_procedures WHERE id = $1`, [
          procedure.id,
        ]);
        expect(row.rows[0]).toEqual({ closed_by: 'deadline', outcome: 'approved' });
      }, 15000);
    } finally {
      await worker.close();
    }
    const state = await db.query(`SELECT state FROM proposals WHERE id = $1`, [proposal.id]);
    expect(state.rows[0]).toEqual({ state: 'approved' });
  });

  it('the database refuses to change or remove audit events', async () => {
    const proposal = await submittedProposal(t, cast.lead as TestUser);
    const before = await count(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [
      proposal.id,
    ]);
    expect(before).toBeGreaterThan(0);
    await expect(
      db.query(`UPDATE audit_events SET note = 'rewritten' WHERE entity_id = $1`, [proposal.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_events WHERE entity_id = $1`, [proposal.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(
      await count(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [proposal.id]),
    ).toBe(before);
  });
});
