import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import { createTestUser, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import {
  createProposal,
  createWorkflowCast,
  getProposal,
  transition,
  type ProposalBody,
  type WorkflowCast,
} from './support/factories.js';
import {
  assignReviewers,
  clearAndAssess,
  GOOD_SCORES,
  inDays,
  proposalInSteeringGroup,
  startWorker,
  type ProcedureBody,
} from './support/workflow.js';

describe('The flagship workflow, end to end', () => {
  let t: TestApp;
  let db: pg.Client;
  let cast: WorkflowCast;
  let worker: INestApplicationContext | null = null;

  beforeAll(async () => {
    t = await bootTestApp();
    db = await connectTestDatabase();
    cast = await createWorkflowCast(t, { reviewers: 3, members: 3 });
  });

  afterEach(async () => {
    await worker?.close();
    worker = null;
  });

  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const events = async (proposalId: string): Promise<string[]> =>
    (
      await db.query<{ event_type: string }>(
        // Reminders come from the notification scan, not from the workflow.
        `SELECT event_type FROM outbox_events
          WHERE aggregate_id = $1 AND event_type NOT IN ('review.due_soon', 'review.overdue', 'procedure.closing_soon')
          ORDER BY id`,
        [proposalId],
      )
    ).rows.map((row) => row.event_type);

  it('draft → changes requested → resubmitted → reviewed (one conflict) → recommended → approved at the deadline by the worker → public', async () => {
    const { lead, coordinator, reviewers } = cast;
    const [conflicted, expert, partnerStaff] = reviewers as [TestUser, TestUser, TestUser];
    await db.query(`UPDATE users SET organisation = '  estonian rescue BOARD ' WHERE id = $1`, [
      partnerStaff.id,
    ]);

    // Draft and submit.
    const draft = await createProposal(t, lead);
    await transition(t, lead, draft.id, 'submit');

    // The coordinator asks for changes; the lead edits and resubmits (revision 2).
    const sentBack = await transition(t, coordinator, draft.id, 'request_changes', {
      note: 'Add a Polish partner',
    });
    expect(sentBack.state).toBe('changes_requested');
    const asLead = await getProposal(t, lead, draft.id);
    expect(asLead).toMatchObject({ allowedActions: ['resubmit', 'withdraw'], permissions: { edit: true } });
    const edited = await t.http
      .patch(`/api/proposals/${draft.id}`)
      .set(lead.auth)
      .send({
        version: asLead.version,
        partners: [
          ...(asLead.partners as unknown[]),
          { organisation: 'Polish State Fire Service', country: 'PL', role: 'Partner' },
        ],
      });
    expect(edited.status).toBe(200);
    const resubmitted = await transition(t, lead, draft.id, 'resubmit', { note: 'Partner added' });
    expect(resubmitted).toMatchObject({ state: 'submitted', revision: 2 });
    // The answer is built from what the transaction read and wrote; it is what a read afterwards shows.
    expect(resubmitted).toEqual(await getProposal(t, lead, draft.id));

    // Review: three reviewers; one turns out to work for a partner (detected conflict).
    const assignments = await assignReviewers(t, coordinator, draft.id, [conflicted, expert, partnerStaff]);
    const inReview = await getProposal(t, coordinator, draft.id);
    expect(inReview).toMatchObject({
      state: 'in_review',
      allowedActions: ['request_changes', 'reject'],
    });
    const summaryOnly = await getProposal(t, conflicted, draft.id);
    expect(summaryOnly).toEqual({
      id: draft.id,
      reference: draft.reference,
      policyArea: expect.any(Object),
      state: 'in_review',
      title: 'Baltic Rescue Network',
      summary: expect.any(String),
      access: 'summary',
      allowedActions: [],
      myReview: expect.objectContaining({ state: 'assigned', allowedActions: ['declare'] }),
    });
    const detected = await getProposal(t, partnerStaff, draft.id);
    expect(detected).toMatchObject({
      access: 'summary',
      myReview: { state: 'conflict', conflictSource: 'detected' },
    });

    const declaration = await t.http
      .post(`/api/reviews/${assignments[conflicted.id]}/declaration`)
      .set(conflicted.auth)
      .send({ conflict: true, note: 'I advised the lead last year' });
    expect(declaration.status).toBe(201);
    expect(declaration.body).toMatchObject({ state: 'conflict', conflictSource: 'declared' });
    const blocked = await t.http
      .post(`/api/reviews/${assignments[conflicted.id]}/assessment`)
      .set(conflicted.auth)
      .send({ scores: GOOD_SCORES, recommendation: 'recommend', comment: 'x' });
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ code: 'REVIEW_CONFLICT_OF_INTEREST' });
    expect((await getProposal(t, conflicted, draft.id)).access).toBe('summary');

    await clearAndAssess(t, expert, assignments[expert.id] as string);
    expect((await getProposal(t, expert, draft.id)).access).toBe('secretariat');

    const reviews = await t.http.get(`/api/proposals/${draft.id}/reviews`).set(coordinator.auth);
    expect(reviews.status).toBe(200);
    expect(reviews.body).toMatchObject({
      scope: 'all',
      averages: { ...GOOD_SCORES, overall: 4, assessments: 1 },
    });
    expect((reviews.body as { assignments: unknown[] }).assignments).toHaveLength(3);
    const own = await t.http.get(`/api/proposals/${draft.id}/reviews`).set(expert.auth);
    expect(own.body).toMatchObject({
      scope: 'own',
      averages: null,
      assignments: [{ reviewer: { id: expert.id } }],
    });
    expect((await t.http.get(`/api/proposals/${draft.id}/reviews`).set(lead.auth)).status).toBe(403);

    // Recommend: a silence procedure with a short deadline; nobody votes; the worker's deadline job closes it.
    const beforeRecommend = await getProposal(t, coordinator, draft.id);
    expect(beforeRecommend.allowedActions).toContain('recommend');
    const recommended = await t.http
      .post(`/api/proposals/${draft.id}/recommend`)
      .set(coordinator.auth)
      .send({
        version: beforeRecommend.version,
        deadline: new Date(Date.now() + 2500).toISOString(),
        note: 'Strong',
      });
    expect(recommended.status).toBe(201);
    const procedure = recommended.body as ProcedureBody;
    expect(procedure).toMatchObject({ decisionRule: 'silence', memberCount: 3, closedAt: null, votes: [] });
    expect((await getProposal(t, lead, draft.id)).state).toBe('steering_group');

    worker = await startWorker();
    const closed = await eventually(
      async () => {
        const row = await db.query(`SELECT closed_by, outcome, tally FROM written_procedures WHERE id = $1`, [
          procedure.id,
        ]);
        expect(row.rows[0]).toMatchObject({ closed_by: 'deadline' });
        return row.rows[0] as { outcome: string; tally: Record<string, unknown> };
      },
      15000,
      100,
    );
    expect(closed).toMatchObject({
      outcome: 'approved',
      tally: { approve: 0, object: 0, voted: 0, members: 3 },
    });

    const approved = await getProposal(t, lead, draft.id);
    expect(approved).toMatchObject({
      state: 'approved',
      allowedActions: ['withdraw'],
      procedure: { id: procedure.id, outcome: 'approved', closedBy: 'deadline' },
    });
    // The lead never sees internal data: no reviewer counts, no tallies, no decision rule.
    expect(approved.counts).toEqual({ revisions: 2, comments: 0, deliverables: 2 });
    expect(Object.keys(approved.procedure as object).sort()).toEqual(
      ['closedAt', 'closedBy', 'deadline', 'id', 'openedAt', 'outcome'].sort(),
    );
    const asLeadProcedure = await t.http.get(`/api/procedures/${procedure.id}`).set(lead.auth);
    expect(asLeadProcedure.body).toMatchObject({ access: 'outcome', outcome: 'approved' });
    expect(asLeadProcedure.body).not.toHaveProperty('votes');

    const registry = await t.http.get('/api/public/flagships');
    expect(registry.status).toBe(200);
    expect(JSON.stringify(registry.body)).toContain(draft.reference);

    expect(await events(draft.id)).toEqual([
      'proposal.submitted',
      'proposal.changes_requested',
      'proposal.resubmitted',
      'review.assigned',
      'review.assigned',
      'review.assessment_completed',
      'procedure.opened',
      'proposal.approved',
      'procedure.closed',
    ]);
    const revisions = await db.query(
      `SELECT number FROM proposal_revisions WHERE proposal_id = $1 ORDER BY number`,
      [draft.id],
    );
    expect(revisions.rows).toEqual([{ number: 1 }, { number: 2 }]);
    const closeAudit = await db.query(
      `SELECT actor_id, from_state, to_state FROM audit_events WHERE entity_id = $1 AND action = 'proposal.close_procedure'`,
      [draft.id],
    );
    expect(closeAudit.rows).toEqual([{ actor_id: null, from_state: 'steering_group', to_state: 'approved' }]);
    // As a flagship, its planned deliverables are tracked from the approving transaction on.
    const tracked = await db.query(
      `SELECT count(*)::int AS all, count(tracked_at)::int AS tracked FROM deliverables WHERE proposal_id = $1`,
      [draft.id],
    );
    expect(tracked.rows).toEqual([{ all: 2, tracked: 2 }]);

    const completed = await transition(t, coordinator, draft.id, 'complete');
    expect(completed.state).toBe('completed');
  });

  it('a silence procedure ends in rejection when a member objects (closed early once every member has voted)', async () => {
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
    const [chair, second, third] = cast.members as [TestUser, TestUser, TestUser];
    const votes = async (member: TestUser, choice: string, comment?: string) =>
      t.http.post(`/api/procedures/${procedure.id}/votes`).set(member.auth).send({ choice, comment });

    const first = await votes(second, 'approve');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      allowedActions: ['vote'],
      myVote: { choice: 'approve' },
      closedAt: null,
    });
    expect((await votes(second, 'object', 'Overlaps with an existing flagship')).status).toBe(200);
    expect((await votes(third, 'abstain')).status).toBe(200);
    const last = await votes(chair, 'approve');
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({
      closedBy: 'all_voted',
      outcome: 'rejected',
      tally: { approve: 1, object: 1, abstain: 1, voted: 3, members: 3 },
      allowedActions: [],
    });
    expect((await votes(third, 'approve')).body).toMatchObject({ code: 'PROCEDURE_CLOSED' });
    expect((await getProposal(t, cast.lead, proposal.id)).state).toBe('rejected');
    const voteAudit = await db.query(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'procedure.vote%' ORDER BY id`,
      [proposal.id],
    );
    expect(voteAudit.rows.map((row) => row.action)).toEqual([
      'procedure.voted',
      'procedure.vote_changed',
      'procedure.voted',
      'procedure.voted',
    ]);
  });

  it('under the majority rule a procedure without quorum sends the proposal back for changes', async () => {
    await db.query(`UPDATE policy_areas SET decision_rule = 'majority', quorum = 3 WHERE code = 'SECURE'`);
    try {
      const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
      expect(procedure).toMatchObject({ decisionRule: 'majority', quorum: 3, requiredQuorum: 3 });
      const [chair, second] = cast.members as [TestUser, TestUser];
      expect(
        (
          await t.http
            .post(`/api/procedures/${procedure.id}/votes`)
            .set(second.auth)
            .send({ choice: 'approve' })
        ).status,
      ).toBe(200);
      expect(
        (
          await t.http
            .post(`/api/procedures/${procedure.id}/votes`)
            .set(chair.auth)
            .send({ choice: 'approve' })
        ).status,
      ).toBe(200);

      const byMember = await t.http.post(`/api/procedures/${procedure.id}/close`).set(second.auth).send({});
      expect(byMember.status).toBe(403);
      const closed = await t.http
        .post(`/api/procedures/${procedure.id}/close`)
        .set(chair.auth)
        .send({ note: 'Closing before the summer break' });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        closedBy: 'chair',
        outcome: 'changes_requested',
        outcomeReason: 'Quorum not reached: 2 of 3 members voted, 3 needed.',
        tally: { approve: 2, voted: 2, members: 3, quorumReached: false },
      });
      const again = await t.http.post(`/api/procedures/${procedure.id}/close`).set(chair.auth).send({});
      expect(again.status).toBe(409);
      const back = await getProposal(t, cast.lead, proposal.id);
      expect(back).toMatchObject({ state: 'changes_requested', allowedActions: ['resubmit', 'withdraw'] });
      expect(await events(proposal.id)).toEqual(
        expect.arrayContaining(['proposal.changes_requested', 'procedure.closed']),
      );
    } finally {
      await db.query(
        `UPDATE policy_areas SET decision_rule = 'silence', quorum = NULL WHERE code = 'SECURE'`,
      );
    }
  });

  it('refuses to recommend without a completed assessment and rejects bad deadlines by field', async () => {
    const submitted = await transition(t, cast.lead, (await createProposal(t, cast.lead)).id, 'submit');
    await assignReviewers(t, cast.coordinator, submitted.id, [cast.reviewers[1] as TestUser]);
    const current = await getProposal(t, cast.coordinator, submitted.id);
    expect(current.allowedActions).not.toContain('recommend');
    const noAssessment = await t.http
      .post(`/api/proposals/${submitted.id}/recommend`)
      .set(cast.coordinator.auth)
      .send({ version: current.version, deadline: inDays(7) });
    expect(noAssessment.status).toBe(422);
    expect(noAssessment.body).toMatchObject({
      code: 'PROPOSAL_GUARD_FAILED',
      errors: [{ field: 'assessments' }],
    });
    const past = await t.http
      .post(`/api/proposals/${submitted.id}/recommend`)
      .set(cast.coordinator.auth)
      .send({ version: current.version, deadline: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ errors: [{ field: 'deadline' }] });
    const malformed = await t.http
      .post(`/api/proposals/${submitted.id}/recommend`)
      .set(cast.coordinator.auth)
      .send({ version: current.version, deadline: 'next week' });
    expect(malformed.status).toBe(400);
  });

  it('checks reviewers: role in the area, not twice, due in the future — all problems at once', async () => {
    const submitted = await transition(t, cast.lead, (await createProposal(t, cast.lead)).id, 'submit');
    const outsider = await createTestUser(t);
    const reviewer = cast.reviewers[1] as TestUser;
    const response = await t.http
      .post(`/api/proposals/${submitted.id}/reviews`)
      .set(cast.coordinator.auth)
      .send({
        version: submitted.version,
        reviewers: [
          { userId: outsider.id, dueAt: inDays(7) },
          { userId: reviewer.id, dueAt: '2020-01-01T00:00:00Z' },
          { userId: reviewer.id, dueAt: inDays(7) },
        ],
      });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'REVIEWERS_NOT_ASSIGNABLE' });
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      'reviewers[0].userId',
      'reviewers[1].dueAt',
      'reviewers[2].userId',
    ]);
    const byLead = await t.http
      .post(`/api/proposals/${submitted.id}/reviews`)
      .set(cast.lead.auth)
      .send({ version: submitted.version, reviewers: [{ userId: reviewer.id, dueAt: inDays(7) }] });
    expect(byLead.status).toBe(403);
    const mine = await t.http.get('/api/reviews/mine').set(reviewer.auth);
    expect(mine.status).toBe(200);
  });

  it('adds reviewers to a proposal already in review without another transition', async () => {
    const submitted = await transition(t, cast.lead, (await createProposal(t, cast.lead)).id, 'submit');
    const first = cast.reviewers[1] as TestUser;
    const second = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    await assignReviewers(t, cast.coordinator, submitted.id, [first]);
    const inReview = await getProposal(t, cast.coordinator, submitted.id);
    await assignReviewers(t, cast.coordinator, submitted.id, [second]);
    const after = await getProposal(t, cast.coordinator, submitted.id);
    expect(after).toMatchObject({ state: 'in_review', version: inReview.version, counts: { reviewers: 2 } });
    const mine = await t.http.get('/api/reviews/mine').set(second.auth);
    expect(mine.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          state: 'assigned',
          allowedActions: ['declare'],
          proposal: expect.objectContaining({ id: submitted.id, reference: submitted.reference }),
        }),
      ]),
    );
    const startAudit = await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'proposal.start_review'`,
      [submitted.id],
    );
    expect(startAudit.rows[0]).toEqual({ n: 1 });
  });

  it('the chair may close early (silence, no objection: approved) and later revoke the flagship with a reason', async () => {
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
    const closed = await t.http.post(`/api/procedures/${procedure.id}/close`).set(cast.chair.auth).send({});
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ closedBy: 'chair', outcome: 'approved' });
    const approved = await getProposal(t, cast.chair, proposal.id);
    expect(approved).toMatchObject({ state: 'approved', allowedActions: ['revoke'] });
    const noReason = await t.http
      .post(`/api/proposals/${proposal.id}/transitions/revoke`)
      .set(cast.chair.auth)
      .send({ version: approved.version });
    expect(noReason.status).toBe(422);
    const revoked = await transition(t, cast.chair, proposal.id, 'revoke', {
      note: 'The partnership dissolved',
    });
    expect(revoked).toMatchObject({ state: 'revoked', allowedActions: [] });
    expect(await events(proposal.id)).toEqual(
      expect.arrayContaining(['proposal.approved', 'procedure.closed', 'proposal.revoked']),
    );
  });

  it('after changes and resubmission, the same reviewers can be asked again: they re-declare and re-assess', async () => {
    const reviewer = await createTestUser(t, { grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] });
    const submitted = await transition(t, cast.lead, (await createProposal(t, cast.lead)).id, 'submit');
    const first = await assignReviewers(t, cast.coordinator, submitted.id, [reviewer]);
    await clearAndAssess(t, reviewer, first[reviewer.id] as string);
    await transition(t, cast.coordinator, submitted.id, 'request_changes', { note: 'Clarify the budget' });
    await transition(t, cast.lead, submitted.id, 'resubmit');

    const again = await assignReviewers(t, cast.coordinator, submitted.id, [reviewer]);
    expect(again[reviewer.id]).toBe(first[reviewer.id]);
    const round2 = await getProposal(t, cast.coordinator, submitted.id);
    expect(round2).toMatchObject({ state: 'in_review', counts: { reviewers: 1, completedAssessments: 0 } });
    expect(round2.allowedActions).not.toContain('recommend');
    expect((await getProposal(t, reviewer, submitted.id)).access).toBe('summary');
    const early = await t.http
      .post(`/api/proposals/${submitted.id}/recommend`)
      .set(cast.coordinator.auth)
      .send({ version: round2.version, deadline: inDays(7) });
    expect(early.status).toBe(422);

    await clearAndAssess(t, reviewer, again[reviewer.id] as string);
    const ready = await getProposal(t, cast.coordinator, submitted.id);
    expect(ready.allowedActions).toContain('recommend');
    const reviews = await t.http.get(`/api/proposals/${submitted.id}/reviews`).set(cast.coordinator.auth);
    expect(reviews.body).toMatchObject({
      averages: { assessments: 1 },
      assignments: [{ state: 'completed' }],
    });
    const assessedTwice = await db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'review.assessment_completed'`,
      [submitted.id],
    );
    expect(assessedTwice.rows[0]).toEqual({ n: 2 });
  });

  it('withdrawing from the steering group ends the open procedure without an outcome', async () => {
    const { proposal, procedure } = await proposalInSteeringGroup(t, cast);
    const withdrawn = await transition(t, cast.lead, proposal.id, 'withdraw', {
      note: 'Merged into another project',
    });
    expect(withdrawn.state).toBe('withdrawn');
    const row = await db.query(`SELECT closed_by, outcome FROM written_procedures WHERE id = $1`, [
      procedure.id,
    ]);
    expect(row.rows[0]).toEqual({ closed_by: 'withdrawn', outcome: null });
    const vote = await t.http
      .post(`/api/procedures/${procedure.id}/votes`)
      .set((cast.members[1] as TestUser).auth)
      .send({ choice: 'approve' });
    expect(vote.status).toBe(409);
  });

  it('shows procedures to members and coordinators, and not to unrelated people', async () => {
    const { procedure } = await proposalInSteeringGroup(t, cast);
    const asChair = await t.http.get(`/api/procedures/${procedure.id}`).set(cast.chair.auth);
    expect(asChair.body).toMatchObject({ access: 'full', allowedActions: ['vote', 'close'] });
    const asCoordinator = await t.http.get(`/api/procedures/${procedure.id}`).set(cast.coordinator.auth);
    expect(asCoordinator.body).toMatchObject({ access: 'full', allowedActions: [] });
    const asLead = await t.http.get(`/api/procedures/${procedure.id}`).set(cast.lead.auth);
    expect(asLead.body).toMatchObject({ access: 'outcome', outcome: null, closedAt: null });
    const stranger = await createTestUser(t);
    expect((await t.http.get(`/api/procedures/${procedure.id}`).set(stranger.auth)).status).toBe(404);
    const vote = await t.http
      .post(`/api/procedures/${procedure.id}/votes`)
      .set(cast.coordinator.auth)
      .send({ choice: 'approve' });
    expect(vote.status).toBe(403);
    expect(vote.body).toMatchObject({ code: 'PROCEDURE_VOTE_FORBIDDEN' });
    const proposal = (await getProposal(
      t,
      cast.chair,
      (asChair.body as { proposal: ProposalBody }).proposal.id,
    )) as ProposalBody;
    expect(proposal.allowedActions).toEqual(['close_procedure']);
  });
});
