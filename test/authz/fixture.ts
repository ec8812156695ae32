import path from 'node:path';
import { DataSource } from 'typeorm';
import { importCatalog, readCatalogFile } from '../../src/modules/catalog/import/catalog-importer.js';
import { createTestUser, type TestGrant } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { connectTestDatabase } from '../support/database.js';
import { CONTRIBUTORS } from './contributors.js';
import type { MatrixContext, PrincipalName } from './matrix-types.js';

const PRINCIPAL_GRANTS: Record<
  Exclude<PrincipalName, 'anonymous'>,
  { country: string; grants: TestGrant[] }
> = {
  leadOwner: { country: 'SE', grants: [] },
  otherLead: { country: 'FI', grants: [] },
  reviewerAssigned: { country: 'DE', grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] },
  reviewerUnassigned: { country: 'DK', grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }] },
  steeringMember: {
    country: 'FI',
    grants: [{ role: 'steering_group_member', policyAreaCode: 'SECURE', country: 'FI' }],
  },
  coordinator: { country: 'SE', grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }] },
  coordinatorOtherArea: { country: 'EE', grants: [{ role: 'coordinator', policyAreaCode: 'OTHER' }] },
  admin: { country: 'SE', grants: [{ role: 'admin' }] },
};

/** Loads the second policy area, creates the principals and runs every capability's fixture contributor. */
export async function buildMatrixContext(t: TestApp): Promise<MatrixContext> {
  const dataSource = t.app.get(DataSource);
  await importCatalog(
    dataSource,
    await readCatalogFile(path.resolve(process.cwd(), 'test/fixtures/catalog-other-area.json')),
  );
  const areas = (await dataSource.query(
    `SELECT code, id FROM policy_areas WHERE code IN ('SECURE', 'OTHER')`,
  )) as Array<{ code: 'SECURE' | 'OTHER'; id: string }>;
  const policyAreas = Object.fromEntries(
    areas.map((area) => [area.code, area.id]),
  ) as MatrixContext['policyAreas'];

  const entries = await Promise.all(
    Object.entries(PRINCIPAL_GRANTS).map(async ([name, spec]) => {
      const user = await createTestUser(t, {
        email: `${name.toLowerCase()}@matrix.test`,
        name,
        organisation: `${name} organisation`,
        country: spec.country,
        grants: spec.grants,
      });
      return [name, user] as const;
    }),
  );
  const users = Object.fromEntries(entries) as MatrixContext['users'];
  const ctx: MatrixContext = {
    t,
    db: await connectTestDatabase(),
    users,
    policyAreas,
    params: { policyAreaCode: 'SECURE' },
  };
  for (const contribute of CONTRIBUTORS) await contribute(ctx);
  return ctx;
}
