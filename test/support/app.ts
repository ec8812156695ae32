import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createRootLogger } from '../../src/common/logging/logger.js';
import { createHttpApp } from '../../src/http-app.js';
import { resetTestDatabase } from './database.js';
import { resetTestRedis } from './redis.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: ReturnType<typeof supertest>;
  close: () => Promise<void>;
}

/**
 * Boots the real HTTP application in-process on a fresh copy of the test database.
 * `env` overrides configuration for this file (e.g. a Redis URL that points nowhere).
 */
export async function bootTestApp(
  env: Record<string, string> = {},
  options: { resetDatabase?: boolean } = {},
): Promise<TestApp> {
  if (options.resetDatabase !== false) {
    await resetTestDatabase();
    await resetTestRedis();
  }
  Object.assign(process.env, env);
  const config = loadConfig();
  const app = await createHttpApp(config, createRootLogger(config.LOG_LEVEL, 'test-api'));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: supertest(app.getHttpServer()),
    close: () => app.close(),
  };
}
