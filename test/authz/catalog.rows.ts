import { statuses, type Row } from './matrix-types.js';

/** The catalog is public: everyone, with or without an account, reads the same. */
const code = (): Record<string, string> => ({ code: 'SECURE', actionCode: 'A.1', indicatorCode: 'A.O1.I1' });

export const catalogRows: Row[] = [
  { method: 'GET', path: '/api/catalog/policy-areas', expect: statuses(200) },
  { method: 'GET', path: '/api/catalog/policy-areas/:code', params: code, expect: statuses(200) },
  { method: 'GET', path: '/api/catalog/policy-areas/:code/actions', params: code, expect: statuses(200) },
  {
    method: 'GET',
    path: '/api/catalog/policy-areas/:code/actions/:actionCode',
    params: code,
    expect: statuses(200),
  },
  { method: 'GET', path: '/api/catalog/policy-areas/:code/indicators', params: code, expect: statuses(200) },
  {
    method: 'GET',
    path: '/api/catalog/policy-areas/:code/indicators/:indicatorCode',
    params: code,
    expect: statuses(200),
  },
];
