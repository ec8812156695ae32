import { ConfigValidationError, loadConfig } from './config/app-config.js';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { createRootLogger } from './common/logging/logger.js';
import { createHttpApp } from './http-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config.LOG_LEVEL, 'api');
  const app = await createHttpApp(config, logger);
  installGracefulShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  await app.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  logger.info({ port: config.HTTP_PORT, mailCapture: config.MAIL_CAPTURE }, 'API listening');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
