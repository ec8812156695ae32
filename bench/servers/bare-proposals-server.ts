import Fastify from 'fastify';
import pg from 'pg';
import type { AuthUser } from '../../src/modules/auth/auth-user.js';
import { AUTH_USER_SQL } from '../../src/modules/auth/auth-user.loader.js';
import { viewerOf } from '../../src/modules/proposals/proposal-visibility.js';
import {
  buildProposalListQuery,
  toProposalListPage,
  type ListRow,
} from '../../src/modules/proposals/queries/proposal-list.service.js';
import {
  buildPublicPageQuery,
  toPublicPage,
  type FlagshipRow,
} from '../../src/modules/public-registry/public-registry.service.js';

/**
 * The near-limit baseline for the proposals benchmark: bare Fastify running the application's own SQL with pg
 * (the same statements, built by the same functions), without NestJS, validation, TypeORM or the auth guard's
 * token check. The list handler runs both statements the application runs: load the caller, then the page.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify();

app.get('/api/public/flagships', async (request) => {
  const { actionCode } = request.query as { actionCode?: string };
  const { sql, values } = buildPublicPageQuery({ actionCode }, 21, null);
  const rows = await pool.query<FlagshipRow>(sql, values);
  return toPublicPage(rows.rows, 20);
});

app.get('/api/proposals', async (request) => {
  const { cursor } = request.query as { cursor?: string };
  const users = await pool.query<AuthUser>(AUTH_USER_SQL, [process.env.BENCH_USER_ID]);
  const viewer = viewerOf(users.rows[0] as AuthUser);
  const query = cursor === undefined ? {} : { cursor };
  const { sql, values } = buildProposalListQuery(viewer, query);
  const rows = await pool.query<ListRow>(sql, values);
  return toProposalListPage(rows.rows, viewer, query);
});

await app.listen({ port: Number(process.env.HTTP_PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
