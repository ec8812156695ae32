import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** One definition of the connection, used by the API, the worker, the CLI and the tests. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      application_name: 'flagship-registry',
      // Only named prepared statements are affected (preparedQuery, the auth lookup): key lookups whose one
      // generic plan is as good as a custom one, so they are planned once per connection, not on every run.
      options: '-c plan_cache_mode=force_generic_plan',
      // A generic plan is made on a connection's first run of a statement and kept until an ANALYZE of its
      // tables; a connection opened while a table was nearly empty would keep scanning it as it grows if
      // autovacuum is off. Renewing connections renews their plans.
      maxLifetimeSeconds: 900,
    },
  };
}
