import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives local defaults on a bare machine: PostgreSQL and Redis on their default ports, HTTP on 3000', () => {
    const config = loadConfig({});
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/flagship');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('captures mail when no SMTP server is configured, and sends when one is', () => {
    expect(loadConfig({}).MAIL_CAPTURE).toBe(true);
    expect(loadConfig({ SMTP_URL: '' }).MAIL_CAPTURE).toBe(true);
    const withSmtp = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1025' });
    expect(withSmtp.MAIL_CAPTURE).toBe(false);
    expect(withSmtp.SMTP_URL).toBe('smtp://127.0.0.1:1025');
  });

  it('coerces numbers from the environment', () => {
    expect(loadConfig({ HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
  });

  it.each([
    [{ HTTP_PORT: 'eighty' }, 'HTTP_PORT'],
    [{ HTTP_PORT: '70000' }, 'HTTP_PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ QUEUE_PREFIX: 'has:colon' }, 'QUEUE_PREFIX'],
  ])('refuses %j and names %s', (env, variable) => {
    let thrown: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigValidationError);
    const problems = (thrown as ConfigValidationError).problems;
    expect(problems.some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
    expect((thrown as Error).message).toContain(variable);
  });

  it('lists every wrong variable at once', () => {
    expect(() => loadConfig({ HTTP_PORT: 'x', REDIS_URL: 'y' })).toThrow(/HTTP_PORT[\s\S]*REDIS_URL/);
  });
});
