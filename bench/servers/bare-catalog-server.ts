import Fastify from 'fastify';
import pg from 'pg';
import { CatalogSql } from '../../src/modules/catalog/catalog.sql.js';

/** The near-limit baseline: bare Fastify running the catalog's SQL with pg, no framework around it. */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify();
app.get('/api/catalog/policy-areas/:code', async (request, reply) => {
  const { code } = request.params as { code: string };
  const rows = await pool.query<{ item: string }>(CatalogSql.policyAreaTree, [code, false]);
  return reply.type('application/json; charset=utf-8').send(rows.rows[0]?.item);
});
app.get('/api/catalog/policy-areas/:code/actions/:actionCode', async (request, reply) => {
  const { code, actionCode } = request.params as { code: string; actionCode: string };
  const rows = await pool.query<{ item: string }>(CatalogSql.actions, [code, true, actionCode]);
  return reply.type('application/json; charset=utf-8').send(rows.rows[0]?.item.slice(1, -1));
});
await app.listen({ port: Number(process.env.HTTP_PORT), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});
