import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../../config/app-config.js';
import { AccessTokenService } from './access-token.service.js';

const USER = '3f0c2a52-8d7e-4a55-9a4e-2b8f1d0c6e11';
const service = (env: Record<string, string> = {}) =>
  new AccessTokenService(loadConfig({ JWT_SECRET: 'unit-test-secret-unit-test-secret-0123', ...env }));

describe('AccessTokenService', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('signs HS256 tokens with subject, issuer, audience and expiry, and verifies them', async () => {
    const tokens = service();
    const token = await tokens.sign(USER);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({ sub: USER, iss: 'flagship-registry', aud: 'flagship-registry-api' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    await expect(tokens.verify(token)).resolves.toEqual({ sub: USER });
  });

  it('refuses a token signed with another secret or for another audience', async () => {
    const other = await service({ JWT_SECRET: 'another-secret-another-secret-012345' }).sign(USER);
    const otherAudience = await service({ JWT_AUDIENCE: 'other-api' }).sign(USER);
    await expect(service().verify(other)).resolves.toBeNull();
    await expect(service().verify(otherAudience)).resolves.toBeNull();
    await expect(service().verify('garbage')).resolves.toBeNull();
  });

  it('stops accepting a once-verified token when it expires (the verification cache keeps the expiry)', async () => {
    const tokens = service();
    const token = await tokens.sign(USER, 60);
    await expect(tokens.verify(token)).resolves.toEqual({ sub: USER });
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expect(tokens.verify(token)).resolves.toBeNull();
  });
});
