import { statuses, type MatrixContext, type PrincipalName, type Row } from './matrix-types.js';
import {
  insertMatrixAssessedProposal,
  insertMatrixAssignment,
  insertMatrixProcedure,
  insertMatrixProposal,
} from './proposals.fixture.js';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

/** A draft of leadOwner: its lead, the coordinator of its area and admins know it; others get 404. */
const draftKnown = { anonymous: 401, leadOwner: 200, coordinator: 200, admin: 200 } as const;

/** Writes to a fresh draft: the lead may; the coordinator and admins see it but may not; the rest get 404. */
const leadWrites = (status: number): Row['expect'] =>
  statuses(404, { anonymous: 401, leadOwner: status, coordinator: 403, admin: 403 });

/** @Roles('coordinator') routes: the guard refuses non-coordinators (admins pass it), then the object check. */
const coordinatorWrites = (status: number): Row['expect'] =>
  statuses(403, { anonymous: 401, coordinator: status, coordinatorOtherArea: 404 });

const freshDraft = async (ctx: MatrixContext): Promise<Record<string, string>> => ({
  id: await insertMatrixProposal(ctx, 'draft'),
});

const freshSubmitted = async (ctx: MatrixContext): Promise<Record<string, string>> => {
  const id = await insertMatrixProposal(ctx, 'submitted');
  return { id, assignmentId: await insertMatrixAssignment(ctx, id) };
};

export const proposalsRows: Row[] = [
  {
    method: 'POST',
    path: '/api/proposals',
    body: { policyAreaCode: 'SECURE', title: 'A matrix draft' },
    expect: statuses(201, { anonymous: 401 }),
  },
  {
    method: 'GET',
    path: '/api/proposals/:id',
    variant: 'draft',
    params: (ctx) => ({ id: ctx.params.workflowDraftId! }),
    expect: statuses(404, draftKnown),
  },
  {
    method: 'GET',
    path: '/api/proposals/:id',
    variant: 'submitted, reviewerAssigned assigned (title and summary only)',
    params: (ctx) => ({ id: ctx.params.workflowSubmittedId! }),
    expect: statuses(404, { ...draftKnown, reviewerAssigned: 200 }),
  },
  {
    method: 'GET',
    path: '/api/proposals/:id',
    variant: 'steering group',
    params: (ctx) => ({ id: ctx.params.workflowSteeringId! }),
    expect: statuses(404, { ...draftKnown, steeringMember: 200 }),
  },
  {
    method: 'PATCH',
    path: '/api/proposals/:id',
    params: freshDraft,
    body: { title: 'Edited in the matrix', version: 1 },
    expect: leadWrites(200),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/transitions/:action',
    variant: 'submit a draft',
    params: async (ctx) => ({ ...(await freshDraft(ctx)), action: 'submit' }),
    body: { version: 1 },
    expect: leadWrites(200),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/transitions/:action',
    variant: 'reject a submitted proposal',
    params: async (ctx) => ({ ...(await freshSubmitted(ctx)), action: 'reject' }),
    body: { version: 1, note: 'Out of scope' },
    // The assigned reviewer knows the proposal (title and summary) but may not decide on it.
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 403,
      reviewerAssigned: 403,
      coordinator: 200,
      admin: 403,
    }),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/co-editors',
    params: freshDraft,
    body: (_ctx: MatrixContext, principal: PrincipalName) => ({
      email: `co-editor-for-${principal.toLowerCase()}@matrix.test`,
    }),
    expect: leadWrites(201),
  },
  {
    method: 'DELETE',
    path: '/api/proposals/:id/co-editors/:coEditorId',
    params: async (ctx) => {
      const { id } = await freshDraft(ctx);
      const rows = await ctx.db.query<{ id: string }>(
        `INSERT INTO proposal_co_editors (proposal_id, email, invited_by_id) VALUES ($1, 'gone@matrix.test', $2)
         RETURNING id`,
        [id, ctx.users.leadOwner.id],
      );
      return { id: id!, coEditorId: rows.rows[0]!.id };
    },
    expect: leadWrites(200),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/reviews',
    params: freshSubmitted,
    body: (ctx: MatrixContext) => ({
      version: 1,
      reviewers: [{ userId: ctx.users.reviewerUnassigned.id, dueAt: inDays(14) }],
    }),
    expect: coordinatorWrites(201),
  },
  {
    method: 'GET',
    path: '/api/proposals/:id/reviews',
    params: (ctx) => ({ id: ctx.params.workflowSubmittedId! }),
    // The lead knows the proposal but reviews are internal; the assigned reviewer sees their own.
    expect: statuses(404, { ...draftKnown, leadOwner: 403, reviewerAssigned: 200 }),
  },
  { method: 'GET', path: '/api/reviews/mine', expect: statuses(200, { anonymous: 401 }) },
  {
    method: 'POST',
    path: '/api/reviews/:assignmentId/declaration',
    params: freshSubmitted,
    body: { conflict: false },
    // Only the reviewer of the assignment; for anyone else it does not exist.
    expect: statuses(404, { anonymous: 401, reviewerAssigned: 201 }),
  },
  {
    method: 'POST',
    path: '/api/reviews/:assignmentId/assessment',
    params: async (ctx) => {
      const id = await insertMatrixProposal(ctx, 'in_review');
      return { assignmentId: await insertMatrixAssignment(ctx, id, 'cleared') };
    },
    body: {
      scores: { macroRegionalImpact: 4, contribution: 4, partnership: 3, feasibility: 4, sustainability: 5 },
      recommendation: 'recommend',
      comment: 'Solid partnership',
    },
    expect: statuses(404, { anonymous: 401, reviewerAssigned: 201 }),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/recommend',
    params: async (ctx) => ({ id: await insertMatrixAssessedProposal(ctx) }),
    body: () => ({ version: 1, deadline: inDays(7), note: 'Recommended' }),
    expect: coordinatorWrites(201),
  },
  {
    method: 'GET',
    path: '/api/procedures/:id',
    params: (ctx) => ({ id: ctx.params.workflowProcedureId! }),
    // The lead sees the outcome view; members, the coordinator and admins the votes.
    expect: statuses(404, { ...draftKnown, steeringMember: 200 }),
  },
  {
    method: 'POST',
    path: '/api/procedures/:id/votes',
    params: async (ctx) => ({ id: (await insertMatrixProcedure(ctx)).procedureId }),
    body: { choice: 'approve', comment: 'Agreed' },
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 403,
      steeringMember: 200,
      coordinator: 403,
      admin: 403,
    }),
  },
  {
    method: 'POST',
    path: '/api/procedures/:id/close',
    params: async (ctx) => ({ id: (await insertMatrixProcedure(ctx)).procedureId }),
    body: {},
    // Only the chair may close early (the e2e walk-through covers the chair); no principal is the chair.
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 403,
      steeringMember: 403,
      coordinator: 403,
      admin: 403,
    }),
  },
];
