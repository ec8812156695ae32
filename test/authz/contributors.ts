import { accountsContributor } from './accounts.fixture.js';
import type { FixtureContributor } from './matrix-types.js';
import { monitoringContributor } from './monitoring.fixture.js';
import { proposalsReadContributor } from './proposals-read.fixture.js';
import { proposalsContributor } from './proposals.fixture.js';

/** Each capability adds the data its rows need; they run in this order after the principals exist. */
export const CONTRIBUTORS: FixtureContributor[] = [
  accountsContributor,
  proposalsReadContributor,
  proposalsContributor,
  monitoringContributor,
];
