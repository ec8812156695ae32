import { expect } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { WorkerModule } from '../../src/worker.module.js';
import type { TestUser } from './accounts.js';
import type { TestApp } from './app.js';
import { getProposal, submittedProposal, type ProposalBody, type WorkflowCast } from './factories.js';

/** A worker (queues, schedules, relay) in this process, on the test file's database and queue prefix. */
export async function startWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  worker.enableShutdownHooks();
  await worker.init();
  return worker;
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** Assigns reviewers to a submitted (or in-review) proposal and returns the assignment ids by reviewer id. */
export async function assignReviewers(
  t: TestApp,
  coordinator: TestUser,
  proposalId: string,
  reviewers: TestUser[],
): Promise<Record<string, string>> {
  const current = await getProposal(t, coordinator, proposalId);
  const response = await t.http
    .post(`/api/proposals/${proposalId}/reviews`)
    .set(coordinator.auth)
    .send({
      version: current.version,
      reviewers: reviewers.map((r) => ({ userId: r.id, dueAt: inDays(14) })),
    });
  expect(response.status).toBe(201);
  const assignments = (response.body as { assignments: Array<{ id: string; reviewer: { id: string } }> })
    .assignments;
  return Object.fromEntries(assignments.map((a) => [a.reviewer.id, a.id]));
}

export const GOOD_SCORES = {
  macroRegionalImpact: 5,
  contribution: 4,
  partnership: 4,
  feasibility: 3,
  sustainability: 4,
};

/** Declares no conflict and assesses. */
export async function clearAndAssess(t: TestApp, reviewer: TestUser, assignmentId: string): Promise<void> {
  const declared = await t.http
    .post(`/api/reviews/${assignmentId}/declaration`)
    .set(reviewer.auth)
    .send({ conflict: false });
  expect(declared.status).toBe(201);
  const assessed = await t.http.post(`/api/reviews/${assignmentId}/assessment`).set(reviewer.auth).send({
    scores: GOOD_SCORES,
    recommendation: 'recommend',
    comment: 'A strong macro-regional partnership.',
  });
  expect(assessed.status).toBe(201);
}

export interface ProcedureBody {
  id: string;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
  tally: Record<string, unknown> | null;
  votes: Array<{ memberId: string; choice: string }>;
  allowedActions: string[];
  [key: string]: unknown;
}

/** A proposal taken through submit, review (one assessment) and recommend; returns it and its procedure. */
export async function proposalInSteeringGroup(
  t: TestApp,
  cast: WorkflowCast,
  options: { deadline?: string; overrides?: Record<string, unknown> } = {},
): Promise<{ proposal: ProposalBody; procedure: ProcedureBody }> {
  const submitted = await submittedProposal(t, cast.lead, options.overrides);
  const reviewer = cast.reviewers[0] as TestUser;
  const assignments = await assignReviewers(t, cast.coordinator, submitted.id, [reviewer]);
  await clearAndAssess(t, reviewer, assignments[reviewer.id] as string);
  const current = await getProposal(t, cast.coordinator, submitted.id);
  const response = await t.http
    .post(`/api/proposals/${submitted.id}/recommend`)
    .set(cast.coordinator.auth)
    .send({ version: current.version, deadline: options.deadline ?? inDays(14), note: 'Recommended' });
  expect(response.status).toBe(201);
  return {
    proposal: await getProposal(t, cast.coordinator, submitted.id),
    procedure: response.body as ProcedureBody,
  };
}
