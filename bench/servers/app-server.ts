import { loadConfig } from '../../src/config/app-config.js';
import { createRootLogger } from '../../src/common/logging/logger.js';
import { createHttpApp } from '../../src/http-app.js';

/** The real application, as production builds it, for benchmarks. */
const config = loadConfig();
const app = await createHttpApp(config, createRootLogger(config.LOG_LEVEL, 'bench-app'));
await app.listen({ port: config.HTTP_PORT, host: '127.0.0.1' });
process.stdout.write('listening\n');
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
