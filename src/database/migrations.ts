import { Foundation1764000000000 } from '../../migrations/1764000000000-foundation.js';
import { CatalogChangeNotify1764000000001 } from '../../migrations/1764000000001-catalog-change-notify.js';
import { Accounts1764100000000 } from '../../migrations/1764100000000-accounts.js';
import { Proposals1764200000000 } from '../../migrations/1764200000000-proposals.js';
import { CoEditorLinking1764200000001 } from '../../migrations/1764200000001-co-editor-linking.js';
import { ProposalReadIndexes1764250000000 } from '../../migrations/1764250000000-proposal-read-indexes.js';
import { Notifications1764300000000 } from '../../migrations/1764300000000-notifications.js';
import { Reporting1764400000000 } from '../../migrations/1764400000000-reporting.js';
import { MonitoringRevisions1764400000001 } from '../../migrations/1764400000001-monitoring-revisions.js';
import { MonitoringAreaFunction1764400000002 } from '../../migrations/1764400000002-monitoring-area-function.js';
import { AuthChangedNotify1764500000000 } from '../../migrations/1764500000000-auth-changed-notify.js';

/** Every migration in order; listed explicitly so that compiled code and tests load the same set. */
export const MIGRATIONS = [
  Foundation1764000000000,
  CatalogChangeNotify1764000000001,
  Accounts1764100000000,
  Proposals1764200000000,
  CoEditorLinking1764200000001,
  ProposalReadIndexes1764250000000,
  Notifications1764300000000,
  Reporting1764400000000,
  MonitoringRevisions1764400000001,
  MonitoringAreaFunction1764400000002,
  AuthChangedNotify1764500000000,
];
