import { statuses, type MatrixContext, type PrincipalName, type Row } from './matrix-types.js';
import { createMatrixFlagship } from './monitoring.fixture.js';

/**
 * Flagship deliverables and reports: leads (leadOwner) see and change their own flagship; coordinators,
 * steering group members of SECURE and admins see it; anyone else gets 404 (they may not know it exists).
 * Monitoring of a policy area: its coordinators, steering group and admins; leads and others 403.
 */
const viewers = (
  others: number,
  overrides: Partial<Record<PrincipalName, number>> = {},
): Record<PrincipalName, number> =>
  statuses(404, {
    anonymous: 401,
    leadOwner: others,
    steeringMember: others,
    coordinator: others,
    admin: others,
    ...overrides,
  });

const shared = (ctx: MatrixContext): Record<string, string> => ({
  proposalId: ctx.params.flagshipId!,
  deliverableId: ctx.params.flagshipDeliverableId!,
  reportId: ctx.params.flagshipReportId!,
});

/** A fresh flagship (and report) for each caller, so one caller's change does not decide the next one's status. */
const fresh =
  (reportState: 'draft' | 'submitted' | 'returned' | null) =>
  async (ctx: MatrixContext): Promise<Record<string, string>> => {
    const flagship = await createMatrixFlagship(ctx, reportState);
    return {
      proposalId: flagship.proposalId,
      deliverableId: flagship.deliverableId,
      reportId: flagship.reportId,
    };
  };

const leadOnly = (success: number): Record<PrincipalName, number> => viewers(403, { leadOwner: success });
const coordinatorOnly = (success: number): Record<PrincipalName, number> =>
  viewers(403, { coordinator: success, admin: success });
const monitoringReaders = statuses(403, {
  anonymous: 401,
  coordinator: 200,
  steeringMember: 200,
  admin: 200,
});
const area = (): Record<string, string> => ({ code: 'SECURE' });

export const monitoringRows: Row[] = [
  { method: 'GET', path: '/api/flagships/:proposalId/deliverables', params: shared, expect: viewers(200) },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/deliverables',
    params: shared,
    body: { title: 'Matrix deliverable', dueDate: '2027-12-31' },
    expect: leadOnly(201),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/deliverables/:deliverableId/reschedule',
    params: fresh(null),
    body: { dueDate: '2028-01-31', reason: 'Postponed', version: 1 },
    expect: leadOnly(200),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/deliverables/:deliverableId/cancel',
    params: fresh(null),
    body: { reason: 'Dropped', version: 1 },
    expect: leadOnly(200),
  },
  { method: 'GET', path: '/api/flagships/:proposalId/reports', params: shared, expect: viewers(200) },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/reports',
    params: fresh(null),
    body: { periodLabel: '2025' },
    expect: leadOnly(201),
  },
  {
    method: 'GET',
    path: '/api/flagships/:proposalId/reports/:reportId',
    params: shared,
    expect: viewers(200),
  },
  {
    method: 'PATCH',
    path: '/api/flagships/:proposalId/reports/:reportId/items',
    params: fresh('draft'),
    body: { version: 1, items: [] },
    expect: leadOnly(200),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/reports/:reportId/submit',
    params: fresh('draft'),
    body: { version: 1 },
    expect: leadOnly(200),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/reports/:reportId/resubmit',
    params: fresh('returned'),
    body: { version: 1 },
    expect: leadOnly(200),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/reports/:reportId/accept',
    params: fresh('submitted'),
    body: { version: 1 },
    expect: coordinatorOnly(200),
  },
  {
    method: 'POST',
    path: '/api/flagships/:proposalId/reports/:reportId/return',
    params: fresh('submitted'),
    body: { version: 1, note: 'Add evidence' },
    expect: coordinatorOnly(200),
  },
  {
    method: 'GET',
    path: '/api/monitoring/policy-areas/:code/indicators',
    params: area,
    expect: monitoringReaders,
  },
  {
    method: 'GET',
    path: '/api/monitoring/policy-areas/:code/attention',
    params: area,
    expect: monitoringReaders,
  },
  {
    method: 'GET',
    path: '/api/monitoring/policy-areas/:code/export.csv',
    params: area,
    expect: monitoringReaders,
  },
  {
    method: 'GET',
    path: '/api/monitoring/policy-areas/:code/export.xlsx',
    params: area,
    expect: monitoringReaders,
  },
  {
    method: 'POST',
    path: '/api/monitoring/indicators/:code/targets',
    params: () => ({ code: 'D.O1.I1' }),
    body: { description: 'Matrix revision', value: 3, deadline: '2030-12-31' },
    expect: statuses(403, { anonymous: 401, coordinator: 201, admin: 201 }),
  },
];
