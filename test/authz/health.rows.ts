import { statuses, type Row } from './matrix-types.js';

export const healthRows: Row[] = [
  { method: 'GET', path: '/health', expect: statuses(200) },
  { method: 'GET', path: '/health/ready', expect: statuses(200) },
];
