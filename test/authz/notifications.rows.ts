import { statuses, type HttpMethod, type MatrixContext, type Row } from './matrix-types.js';

const signedIn = statuses(200, { anonymous: 401 });
const adminOnly = (status: number): Row['expect'] => statuses(403, { anonymous: 401, admin: status });

/** A failed notification of its own for each caller, so an admin's retry does not change what the next one sees. */
async function failedNotification(ctx: MatrixContext): Promise<Record<string, string>> {
  const result = await ctx.db.query<{ id: string }>(
    `INSERT INTO notifications (recipient_email, event_type, status, subject, body_text, body_html, attempts, last_error)
     VALUES ('matrix@example.test', 'proposal.approved', 'failed', 'Matrix', 'Matrix', '<p>Matrix</p>', 1, '550: rejected')
     RETURNING id`,
  );
  return { id: result.rows[0]?.id as string };
}

/**
 * Bull Board's own routes, mounted as a raw Fastify plugin behind the notifications module's admin hook.
 * Routes of one queue are called with a queue that does not exist (nothing is changed): 404 for the admin.
 */
const DASHBOARD_PARAMS = {
  queueName: 'no-such-queue',
  jobId: 'no-such-job',
  queueStatus: 'failed',
  schedulerId: 'no-such-scheduler',
};
const DASHBOARD: Array<[HttpMethod, string, number]> = [
  ['GET', '/admin/queues', 200],
  ['GET', '/admin/queues/metrics-history', 200],
  ['GET', '/admin/queues/job-schedulers', 200],
  ['GET', '/admin/queues/queue/:queueName', 200],
  ['GET', '/admin/queues/queue/:queueName/:jobId', 200],
  ['GET', '/admin/queues/api/redis/stats', 200],
  ['GET', '/admin/queues/api/queues', 200],
  ['GET', '/admin/queues/api/job-schedulers', 200],
  ['GET', '/admin/queues/api/queues/:queueName/metrics', 404],
  ['GET', '/admin/queues/api/queues/:queueName/default-job-options', 404],
  ['GET', '/admin/queues/api/queues/:queueName/workers', 404],
  ['GET', '/admin/queues/api/queues/:queueName/rate-limit', 404],
  ['GET', '/admin/queues/api/queues/:queueName/job-data-schema', 404],
  ['PUT', '/admin/queues/api/queues/pause', 200],
  ['PUT', '/admin/queues/api/queues/resume', 200],
  ['GET', '/admin/queues/api/queues/:queueName/:jobId/logs', 404],
  ['GET', '/admin/queues/api/queues/:queueName/:jobId/flow', 404],
  ['GET', '/admin/queues/api/queues/:queueName/:jobId', 404],
  ['POST', '/admin/queues/api/queues/:queueName/add', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/retry/:queueStatus', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/promote', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/clean/:queueStatus', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/pause', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/resume', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/concurrency', 400],
  ['PUT', '/admin/queues/api/queues/:queueName/rate-limit', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/rate-limit/release', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/empty', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/obliterate', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/job-schedulers/:schedulerId/remove', 404],
  ['PATCH', '/admin/queues/api/queues/:queueName/job-schedulers/:schedulerId', 400],
  ['PUT', '/admin/queues/api/queues/:queueName/job-schedulers/:schedulerId/run', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/:jobId/retry', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/:jobId/clean', 404],
  ['PUT', '/admin/queues/api/queues/:queueName/:jobId/promote', 404],
  ['PATCH', '/admin/queues/api/queues/:queueName/:jobId/update-data', 400],
  ['PATCH', '/admin/queues/api/queues/:queueName/:jobId/delay', 400],
  ['PATCH', '/admin/queues/api/queues/:queueName/:jobId/priority', 400],
  ['PUT', '/admin/queues/api/queues/:queueName/:jobId/remove-unprocessed-children', 404],
  ['GET', '/admin/queues/static/*', 404],
];

/** Preferences are the caller's own; the notification admin and the queue dashboard are the admin's. */
export const notificationsRows: Row[] = [
  { method: 'GET', path: '/api/me/notification-preferences', expect: signedIn },
  {
    method: 'PUT',
    path: '/api/me/notification-preferences',
    body: { preferences: [{ eventType: 'proposal.approved', mode: 'digest' }] },
    expect: signedIn,
  },
  { method: 'GET', path: '/api/admin/notifications', query: { status: 'failed' }, expect: adminOnly(200) },
  { method: 'POST', path: '/api/admin/notifications/retry-failed', expect: adminOnly(200) },
  {
    method: 'POST',
    path: '/api/admin/notifications/:id/retry',
    params: (ctx) => failedNotification(ctx),
    expect: adminOnly(200),
  },
  ...DASHBOARD.map(([method, path, adminStatus]): Row => ({
    method,
    path,
    params: () => DASHBOARD_PARAMS,
    ...(method === 'GET' ? {} : { body: {} }),
    expect: adminOnly(adminStatus),
  })),
];
