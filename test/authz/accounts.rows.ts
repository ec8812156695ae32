import { statuses, type Row } from './matrix-types.js';

const invalidToken = { token: 'not-a-valid-token', password: 'a-long-enough-password' };
const signedIn = statuses(200, { anonymous: 401 });
const adminOnly = (status: number): Row['expect'] => statuses(403, { anonymous: 401, admin: status });
const target = (ctx: { params: Record<string, string> }): Record<string, string> => ({
  id: ctx.params.targetUserId!,
  grantId: ctx.params.targetGrantId!,
});

/** Sessions and registration are public; the account is the caller's own; user management is the admin's. */
export const accountsRows: Row[] = [
  {
    method: 'POST',
    path: '/api/auth/login',
    body: { email: 'nobody@matrix.test', password: 'not the password' },
    expect: statuses(401),
  },
  {
    method: 'POST',
    path: '/api/auth/refresh',
    body: { refreshToken: 'not-a-refresh-token' },
    expect: statuses(401),
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    body: { refreshToken: 'not-a-refresh-token' },
    expect: statuses(204),
  },
  {
    method: 'POST',
    path: '/api/auth/register',
    body: (_ctx, principal) => ({
      email: `registered-by-${principal.toLowerCase()}@matrix.test`,
      password: 'a-long-enough-password',
      name: 'New Lead',
      organisation: 'New organisation',
      country: 'LV',
    }),
    expect: statuses(202),
  },
  {
    method: 'POST',
    path: '/api/auth/verify-email',
    body: { token: 'not-a-valid-token' },
    expect: statuses(400),
  },
  {
    method: 'POST',
    path: '/api/auth/password-reset',
    body: { email: 'nobody@matrix.test' },
    expect: statuses(202),
  },
  { method: 'POST', path: '/api/auth/password-reset/confirm', body: invalidToken, expect: statuses(400) },
  { method: 'POST', path: '/api/auth/accept-invitation', body: invalidToken, expect: statuses(400) },

  { method: 'GET', path: '/api/me', expect: signedIn },
  { method: 'PATCH', path: '/api/me', body: { language: 'en' }, expect: signedIn },
  {
    method: 'POST',
    path: '/api/me/password',
    body: { currentPassword: 'not the password', newPassword: 'another-long-password' },
    expect: statuses(422, { anonymous: 401 }),
  },

  { method: 'GET', path: '/api/admin/users', expect: adminOnly(200) },
  { method: 'GET', path: '/api/admin/users/:id', params: target, expect: adminOnly(200) },
  {
    method: 'POST',
    path: '/api/admin/users/:id/grants',
    params: target,
    body: { role: 'coordinator', policyAreaCode: 'OTHER' },
    expect: adminOnly(201),
  },
  { method: 'DELETE', path: '/api/admin/users/:id/grants/:grantId', params: target, expect: adminOnly(204) },
  { method: 'POST', path: '/api/admin/users/:id/deactivate', params: target, expect: adminOnly(200) },
  { method: 'POST', path: '/api/admin/users/:id/reactivate', params: target, expect: adminOnly(200) },

  {
    method: 'POST',
    path: '/api/invitations',
    variant: 'reviewer in SECURE',
    body: (_ctx, principal) => ({
      email: `invited-by-${principal.toLowerCase()}@matrix.test`,
      name: 'Invited Expert',
      country: 'PL',
      role: 'reviewer',
      policyAreaCode: 'SECURE',
    }),
    expect: statuses(403, { anonymous: 401, coordinator: 201, admin: 201 }),
  },
  {
    method: 'POST',
    path: '/api/invitations',
    variant: 'coordinator role (admin only)',
    body: (_ctx, principal) => ({
      email: `coordinator-by-${principal.toLowerCase()}@matrix.test`,
      name: 'Invited Coordinator',
      country: 'PL',
      role: 'coordinator',
      policyAreaCode: 'SECURE',
    }),
    expect: statuses(403, { anonymous: 401, admin: 201 }),
  },
];
