import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** A statement's name is derived from its text, so one text is parsed once per connection, whoever sends it. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement as a named prepared statement: PostgreSQL parses it once per connection and, with
 * plan_cache_mode = force_generic_plan on the app's connections (data-source-options.ts), plans it once too.
 * For the hot key lookups whose planning costs more than their execution (the proposal view joins a dozen
 * tables: about 1 ms to plan under load, 0.2 ms to run). Inside a transaction it runs on
 * the transaction's connection. The text must be one of a bounded set (built from constants), never
 * assembled from user input, since every distinct text stays prepared on every connection. Migrations run
 * before the app starts (npm start, docker-compose), so no prepared statement outlives a change of its tables.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  text: string,
  values: unknown[],
): Promise<{ rows: T[]; rowCount: number }> {
  const config = { name: statementName(text), text, values };
  const runner = manager.queryRunner;
  const client: Pick<pg.ClientBase, 'query'> =
    runner && !runner.isReleased
      ? ((await (runner as unknown as { connect(): Promise<pg.PoolClient> }).connect()) as pg.PoolClient)
      : (manager.connection.driver as unknown as { master: pg.Pool }).master;
  const result = await client.query(config);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
}
