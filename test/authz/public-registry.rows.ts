import { statuses, type MatrixContext, type Row } from './matrix-types.js';

/** The public registry: the same answer for everyone, with or without an account. */
export const publicRegistryRows: Row[] = [
  { method: 'GET', path: '/api/public/flagships', expect: statuses(200) },
  { method: 'GET', path: '/api/public/flagships.csv', expect: statuses(200) },
  {
    method: 'GET',
    path: '/api/public/flagships/:reference',
    params: (ctx: MatrixContext) => ({ reference: ctx.params.flagshipReference! }),
    expect: statuses(200),
  },
  {
    method: 'GET',
    path: '/api/public/flagships/:reference',
    variant: 'not a flagship',
    params: () => ({ reference: 'SECURE-2026-8801' }),
    expect: statuses(404),
  },
];
