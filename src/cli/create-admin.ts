import { loadConfig } from '../config/app-config.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { PasswordHasher } from '../modules/auth/password-hasher.js';
import { provisionUser } from '../modules/users/user-provisioning.js';
import { ask, fail, openDataSource } from './cli-support.js';

/**
 * `npm run admin:create`: the first admin, from ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME (ADMIN_COUNTRY,
 * ADMIN_ORGANISATION optional) or, on a terminal, by asking. Running it again for the same address only makes
 * sure the account holds the admin role; the password is kept.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const interactive = process.stdin.isTTY === true;
  const value = async (
    name: string,
    question: string,
    options: { secret?: boolean; fallback?: string } = {},
  ) => {
    const fromEnv = process.env[name]?.trim();
    if (fromEnv) return fromEnv;
    if (interactive) return ask(question, options);
    if (options.fallback !== undefined) return options.fallback;
    throw new Error(`${name} is not set (and there is no terminal to ask on)`);
  };
  const email = (await value('ADMIN_EMAIL', 'Admin e-mail: ')).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Error(`ADMIN_EMAIL: "${email}" is not an e-mail address`);
  const name = await value('ADMIN_NAME', 'Admin name [Administrator]: ', { fallback: 'Administrator' });
  const organisation = await value('ADMIN_ORGANISATION', 'Organisation []: ', { fallback: '' });
  const country = (await value('ADMIN_COUNTRY', 'Country code [SE]: ', { fallback: 'SE' })).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    throw new Error('ADMIN_COUNTRY must be a two-letter country code such as SE');
  const password = await value('ADMIN_PASSWORD', 'Password (10 to 128 characters): ', { secret: true });
  if (password.length < 10 || password.length > 128)
    throw new Error('The password must be 10 to 128 characters long');

  const passwordHash = await new PasswordHasher().hash(password);
  const dataSource = await openDataSource(config);
  try {
    const result = await dataSource.transaction((manager) =>
      provisionUser(manager, new AuditService(), {
        email,
        name,
        organisation,
        country,
        passwordHash,
        grants: [{ role: 'admin' }],
      }),
    );
    process.stdout.write(
      result.created
        ? `Admin ${email} created (id ${result.id}).\n`
        : `${email} exists already; it holds the admin role (password unchanged).\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch(fail);
