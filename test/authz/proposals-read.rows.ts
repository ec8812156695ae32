import { statuses, type MatrixContext, type Row } from './matrix-types.js';

/** A proposal in review: the lead, the assigned (cleared) reviewer, the coordinator and admins may read it. */
const inReview = (ctx: MatrixContext): Record<string, string> => ({ id: ctx.params.readProposalId! });
/** Before the steering group: its members may read it too, the reviewer (not assigned to it) may not. */
const atSteering = (ctx: MatrixContext): Record<string, string> => ({
  id: ctx.params.readSteeringProposalId!,
});

const readInReview = statuses(404, {
  anonymous: 401,
  leadOwner: 200,
  reviewerAssigned: 200,
  coordinator: 200,
  admin: 200,
});
const readAtSteering = statuses(404, {
  anonymous: 401,
  leadOwner: 200,
  steeringMember: 200,
  coordinator: 200,
  admin: 200,
});

const perProposal = (method: 'GET', path: string, query?: Record<string, string>): Row[] => [
  { method, path, variant: 'in review', params: inReview, query, expect: readInReview },
  { method, path, variant: 'steering group', params: atSteering, query, expect: readAtSteering },
];

export const proposalsReadRows: Row[] = [
  // Everybody signed in gets their own list (possibly empty).
  { method: 'GET', path: '/api/proposals', expect: statuses(200, { anonymous: 401 }) },
  { method: 'GET', path: '/api/proposals/counts', expect: statuses(200, { anonymous: 401 }) },
  ...perProposal('GET', '/api/proposals/:id/revisions'),
  ...perProposal('GET', '/api/proposals/:id/revisions/compare', { from: '1', to: '1' }),
  ...perProposal('GET', '/api/proposals/:id/comments'),
  ...perProposal('GET', '/api/proposals/:id/history'),
  {
    method: 'POST',
    path: '/api/proposals/:id/comments',
    variant: 'shared',
    params: inReview,
    body: { body: 'A shared comment', visibility: 'shared' },
    // An admin may read everything but is not a party to the proposal.
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 201,
      reviewerAssigned: 201,
      coordinator: 201,
      admin: 403,
    }),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/comments',
    variant: 'internal',
    params: inReview,
    body: { body: 'An internal comment', visibility: 'internal' },
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 403,
      reviewerAssigned: 201,
      coordinator: 201,
      admin: 403,
    }),
  },
  {
    method: 'POST',
    path: '/api/proposals/:id/comments',
    variant: 'internal, steering group',
    params: atSteering,
    body: { body: 'An internal comment', visibility: 'internal' },
    expect: statuses(404, {
      anonymous: 401,
      leadOwner: 403,
      steeringMember: 201,
      coordinator: 201,
      admin: 403,
    }),
  },
];
