import { expect } from '@jest/globals';
import { createTestUser, type TestGrant, type TestUser, type TestUserSpec } from './accounts.js';
import type { TestApp } from './app.js';

/** A complete, eligible proposal body (SECURE); override any field. */
export function proposalInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policyAreaCode: 'SECURE',
    title: 'Baltic Rescue Network',
    acronym: 'BALTRES',
    summary: 'Joint cross-border exercises of the rescue services around the Baltic Sea.',
    actionCodes: ['A.1', 'A.2'],
    leadOrganisation: 'Swedish Civil Contingencies Agency',
    leadCountry: 'SE',
    partners: [
      { organisation: 'Finnish Rescue Academy', country: 'FI', role: 'Training partner' },
      { organisation: 'Estonian Rescue Board', country: 'EE', role: 'Exercise host' },
    ],
    periodStart: '2027-01-01',
    periodEnd: '2029-12-31',
    budgetEur: 150000,
    fundingSources: [
      { source: 'Interreg Baltic Sea Region', amount: 100000 },
      { source: 'National co-financing', amount: 50000 },
    ],
    indicatorContributions: [{ indicatorCode: 'A.O1.I1', plannedValue: 3, note: 'Three more countries' }],
    deliverables: [
      {
        title: 'Joint cross-border exercise',
        dueDate: '2028-06-30',
        indicatorCode: 'A.O1.I1',
        plannedValue: 1,
        isMilestone: false,
      },
      { title: 'Exercise guidelines', dueDate: '2029-06-30', isMilestone: true },
    ],
    ...overrides,
  };
}

/** The body the API returns for a proposal (only the fields the tests read are typed). */
export interface ProposalBody {
  id: string;
  reference: string;
  state: string;
  version: number;
  revision: number;
  allowedActions: string[];
  access: string;
  [key: string]: unknown;
}

export async function createProposal(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<ProposalBody> {
  const response = await t.http.post('/api/proposals').set(owner.auth).send(proposalInput(overrides));
  expect(response.status).toBe(201);
  return response.body as ProposalBody;
}

export async function getProposal(t: TestApp, user: TestUser, id: string): Promise<ProposalBody> {
  const response = await t.http.get(`/api/proposals/${id}`).set(user.auth);
  expect(response.status).toBe(200);
  return response.body as ProposalBody;
}

/** Applies a simple transition at the proposal's current version and expects success. */
export async function transition(
  t: TestApp,
  user: TestUser,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
): Promise<ProposalBody> {
  const current = await t.http.get(`/api/proposals/${id}`).set(user.auth);
  const response = await t.http
    .post(`/api/proposals/${id}/transitions/${action}`)
    .set(user.auth)
    .send({ version: (current.body as ProposalBody).version, ...body });
  if (response.status !== 200)
    throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as ProposalBody;
}

/** Creates a submitted proposal owned by `owner`. */
export async function submittedProposal(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<ProposalBody> {
  const draft = await createProposal(t, owner, overrides);
  return transition(t, owner, draft.id, 'submit');
}

export interface WorkflowCast {
  lead: TestUser;
  coordinator: TestUser;
  reviewers: TestUser[];
  members: TestUser[];
  chair: TestUser;
}

/** The people of one policy area's flagship process; members[0] is the chair. */
export async function createWorkflowCast(
  t: TestApp,
  options: { reviewers?: number; members?: number; policyAreaCode?: string } = {},
): Promise<WorkflowCast> {
  const area = options.policyAreaCode ?? 'SECURE';
  const countries = ['SE', 'FI', 'EE', 'LV', 'LT', 'PL', 'DE', 'DK', 'NO', 'IS'];
  const user = (spec: TestUserSpec): Promise<TestUser> => createTestUser(t, spec);
  const grant = (role: TestGrant['role'], extra: Partial<TestGrant> = {}): TestGrant => ({
    role,
    policyAreaCode: area,
    ...extra,
  });
  const lead = await user({ name: 'Lena Lead', organisation: 'Swedish Civil Contingencies Agency' });
  const coordinator = await user({
    name: 'Cora Coordinator',
    organisation: 'CBSS Secretariat',
    grants: [grant('coordinator')],
  });
  const reviewers = await Promise.all(
    Array.from({ length: options.reviewers ?? 2 }, (_, index) =>
      user({
        name: `Reviewer ${index + 1}`,
        organisation: `Expert Network ${index + 1}`,
        grants: [grant('reviewer')],
      }),
    ),
  );
  const members = await Promise.all(
    Array.from({ length: options.members ?? 3 }, (_, index) => {
      const country = countries[index % countries.length] as string;
      return user({
        name: `Member ${index + 1}`,
        organisation: `Ministry ${index + 1}`,
        country,
        grants: [grant('steering_group_member', { country, isChair: index === 0 })],
      });
    }),
  );
  return { lead, coordinator, reviewers, members, chair: members[0] as TestUser };
}
