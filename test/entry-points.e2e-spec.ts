import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { resetTestDatabase } from './support/database.js';
import { sparePort } from './support/redis-server.js';

/** The compiled entry points, as `npm start` runs them (`npm test` builds before Jest runs). */
const dist = path.resolve('dist/src');

interface Finished {
  code: number | null;
  output: string;
}

/** Starts an entry point, waits for `readyText` in its output, optionally sends SIGTERM, and collects the exit. */
function runEntryPoint(
  file: string,
  env: Record<string, string | undefined>,
  readyText: string | null,
  timeoutMs = 30_000,
): Promise<Finished & { readyAt: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dist, file)], {
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let readyAt: number | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not finish in time; output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (readyText && readyAt === null && output.includes(readyText)) {
        readyAt = Date.now();
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, readyAt });
    });
  });
}

describe('entry points', () => {
  beforeAll(resetTestDatabase);

  it('the API refuses to start with a wrong setting and names the variable', async () => {
    const result = await runEntryPoint('main.js', { HTTP_PORT: 'eighty', REDIS_URL: 'nope' }, null);
    expect(result.code).toBe(1);
    expect(result.output).toContain('HTTP_PORT');
    expect(result.output).toContain('REDIS_URL');
  });

  it('the API starts listening and stops cleanly on SIGTERM', async () => {
    const port = await sparePort();
    const result = await runEntryPoint(
      'main.js',
      { HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
      'API listening',
    );
    expect(result.readyAt).not.toBeNull();
    expect(result.code).toBe(0);
  });

  it('the worker starts, connects to Redis, and stops cleanly on SIGTERM', async () => {
    const result = await runEntryPoint('worker.js', {}, 'worker started');
    expect(result.readyAt).not.toBeNull();
    expect(result.output).toContain('worker started');
    expect(result.code).toBe(0);
  });
});
