import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, loadConfig } from './config/app-config.js';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { createRootLogger, PinoNestLogger } from './common/logging/logger.js';
import { RedisClient } from './common/redis/redis.module.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config.LOG_LEVEL, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new PinoNestLogger(logger),
  });
  installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  await app.get(RedisClient).waitUntilReady();
  logger.info('worker started');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
