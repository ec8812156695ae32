import { accountsRows } from './accounts.rows.js';
import { catalogRows } from './catalog.rows.js';
import { healthRows } from './health.rows.js';
import type { Row } from './matrix-types.js';
import { notificationsRows } from './notifications.rows.js';
import { monitoringRows } from './monitoring.rows.js';
import { proposalsReadRows } from './proposals-read.rows.js';
import { proposalsRows } from './proposals.rows.js';
import { publicRegistryRows } from './public-registry.rows.js';

/** Every row of the authorization matrix; each capability adds its *.rows.ts here. */
export const ROWS: Row[] = [
  ...healthRows,
  ...catalogRows,
  ...accountsRows,
  ...proposalsReadRows,
  ...proposalsRows,
  ...publicRegistryRows,
  ...monitoringRows,
  ...notificationsRows,
];
