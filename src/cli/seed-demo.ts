import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/app-config.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { PasswordHasher } from '../modules/auth/password-hasher.js';
import { provisionUser, type ProvisionedGrant } from '../modules/users/user-provisioning.js';
import { fail, openDataSource } from './cli-support.js';

interface DemoUser {
  email: string;
  name: string;
  organisation: string;
  country: string;
  role: string;
  grants: ProvisionedGrant[];
}

const AREA = 'SECURE';
const DOMAIN = 'demo.flagship-registry.local';

/** One user of each role in policy area SECURE, so a newcomer can try every role at once. */
const DEMO_USERS: DemoUser[] = [
  {
    email: `admin@${DOMAIN}`,
    name: 'Ada Admin',
    organisation: 'Registry operations',
    country: 'SE',
    role: 'admin',
    grants: [{ role: 'admin' }],
  },
  {
    email: `coordinator@${DOMAIN}`,
    name: 'Cecilia Coordinator',
    organisation: 'Swedish Civil Contingencies Agency (MSB)',
    country: 'SE',
    role: 'coordinator (SECURE)',
    grants: [{ role: 'coordinator', policyAreaCode: AREA }],
  },
  {
    email: `reviewer@${DOMAIN}`,
    name: 'Rasmus Reviewer',
    organisation: 'CBSS Civil Protection Expert Network',
    country: 'DK',
    role: 'reviewer (SECURE)',
    grants: [{ role: 'reviewer', policyAreaCode: AREA }],
  },
  {
    email: `chair@${DOMAIN}`,
    name: 'Kaisa Chair',
    organisation: 'Ministry of the Interior of Finland',
    country: 'FI',
    role: 'steering group chair (SECURE, FI)',
    grants: [{ role: 'steering_group_member', policyAreaCode: AREA, country: 'FI', isChair: true }],
  },
  {
    email: `member-ee@${DOMAIN}`,
    name: 'Mart Member',
    organisation: 'Estonian Rescue Board',
    country: 'EE',
    role: 'steering group member (SECURE, EE)',
    grants: [{ role: 'steering_group_member', policyAreaCode: AREA, country: 'EE' }],
  },
  {
    email: `member-pl@${DOMAIN}`,
    name: 'Piotr Member',
    organisation: 'Polish State Fire Service',
    country: 'PL',
    role: 'steering group member (SECURE, PL)',
    grants: [{ role: 'steering_group_member', policyAreaCode: AREA, country: 'PL' }],
  },
  {
    email: `lead@${DOMAIN}`,
    name: 'Liis Lead',
    organisation: 'Latvian State Fire and Rescue Service',
    country: 'LV',
    role: 'project lead (no grant)',
    grants: [],
  },
];

/**
 * `npm run demo:seed`: creates the demo users (or completes them) and prints their e-mail addresses and fresh
 * passwords. Running it again sets new passwords and prints them; nothing else changes.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const hasher = new PasswordHasher();
  const dataSource = await openDataSource(config);
  try {
    const areas = (await dataSource.query(`SELECT 1 FROM policy_areas WHERE code = $1`, [AREA])) as unknown[];
    if (!areas.length) throw new Error(`Policy area ${AREA} is missing: run npm run catalog:import first`);
    const lines: string[] = [];
    for (const user of DEMO_USERS) {
      const password = randomBytes(12).toString('base64url');
      const passwordHash = await hasher.hash(password);
      const result = await dataSource.transaction((manager) =>
        provisionUser(manager, new AuditService(), { ...user, passwordHash, resetPassword: true }),
      );
      const note = result.skipped.length ? '  (chair not granted: SECURE already has a chair)' : '';
      lines.push(`${user.role.padEnd(36)} ${user.email.padEnd(42)} ${password}${note}`);
    }
    process.stdout.write(
      `Demo users of policy area ${AREA} (log in with POST /api/auth/login):\n\n` +
        `${'role'.padEnd(36)} ${'e-mail'.padEnd(42)} password\n${lines.join('\n')}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch(fail);
