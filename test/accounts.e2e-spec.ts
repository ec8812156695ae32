import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { SignJWT } from 'jose';
import type pg from 'pg';
import { AccessTokenService } from '../src/modules/auth/access-token.service.js';
import { latestAccountLink, tokenOf } from './support/account-mail.js';
import { createTestUser, TEST_PASSWORD, type TestUser } from './support/accounts.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';

const SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');

function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('Accounts: sessions, tokens, registration, reset, invitations and the guard', () => {
  let t: TestApp;
  let db: pg.Client;
  let lead: TestUser;
  let admin: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await bootTestApp();
    db = await connectTestDatabase();
    lead = await createTestUser(t, { email: 'lead@accounts.test' });
    admin = await createTestUser(t, { email: 'admin@accounts.test', grants: [{ role: 'admin' }] });
    coordinator = await createTestUser(t, {
      email: 'coordinator@accounts.test',
      grants: [{ role: 'coordinator', policyAreaCode: 'SECURE' }],
    });
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const login = (email: string, password = TEST_PASSWORD) =>
    t.http.post('/api/auth/login').send({ email, password });

  describe('access tokens', () => {
    it('logs in and reads /api/me with the access token: the user and active grants, never the hash', async () => {
      const session = await login('Coordinator@Accounts.TEST').expect(200);
      expect(session.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { id: coordinator.id, email: 'coordinator@accounts.test' },
      });
      const me = await t.http
        .get('/api/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({
        id: coordinator.id,
        email: 'coordinator@accounts.test',
        grants: [{ role: 'coordinator', policyAreaCode: 'SECURE', isChair: false }],
      });
      expect(JSON.stringify(me.body)).not.toMatch(/argon2|password/i);
    });

    it('rejects a missing token with 401 UNAUTHENTICATED in the error shape', async () => {
      const response = await t.http.get('/api/me').expect(401);
      expect(response.body).toEqual({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: expect.any(String),
        requestId: expect.any(String),
      });
    });

    it('rejects an expired token', async () => {
      const expired = await t.app.get(AccessTokenService).sign(lead.id, -60);
      await t.http.get('/api/me').set('Authorization', `Bearer ${expired}`).expect(401);
    });

    it('rejects a token whose signature was tampered with', async () => {
      const [header, payload, signature] = lead.token.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      await t.http.get('/api/me').set('Authorization', `Bearer ${header}.${payload}.${flipped}`).expect(401);
      // Same signature, another user's id in the payload.
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: admin.id })).toString('base64url');
      await t.http
        .get('/api/admin/users')
        .set('Authorization', `Bearer ${header}.${forged}.${signature}`)
        .expect(401);
    });

    it('rejects an alg "none" token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = unsignedToken({
        sub: admin.id,
        iss: 'flagship-registry',
        aud: 'flagship-registry-api',
        iat: now,
        exp: now + 600,
      });
      await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    });

    it('rejects a token for another audience or from another issuer, and one signed with another key', async () => {
      const sign = (issuer: string, audience: string, key = SECRET) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(lead.id)
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(key);
      const good = await sign('flagship-registry', 'flagship-registry-api');
      await t.http.get('/api/me').set('Authorization', `Bearer ${good}`).expect(200);
      for (const token of [
        await sign('flagship-registry', 'another-api'),
        await sign('someone-else', 'flagship-registry-api'),
        await sign('flagship-registry', 'flagship-registry-api', new TextEncoder().encode('x'.repeat(40))),
      ]) {
        await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
      }
    });

    it('treats an invalid token on a public route as anonymous', async () => {
      await t.http.get('/api/catalog/policy-areas').set('Authorization', 'Bearer not.a.token').expect(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every use; reusing an old one revokes the whole family', async () => {
      const first = (await login(lead.email).expect(200)).body as { refreshToken: string };
      const second = (
        await t.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
      ).body as { refreshToken: string; accessToken: string };
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await t.http.get('/api/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);

      const reuse = await t.http
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(401);
      expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
      // The legitimate successor was revoked with the family.
      const after = await t.http
        .post('/api/auth/refresh')
        .send({ refreshToken: second.refreshToken })
        .expect(401);
      expect(after.body.code).toBe('REFRESH_TOKEN_INVALID');

      const stored = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
        [lead.id],
      );
      expect(stored.rows[0]!.n).toBe(0);
      const hashes = await db.query<{ token_hash: string }>(
        `SELECT token_hash FROM refresh_tokens WHERE user_id = $1`,
        [lead.id],
      );
      expect(hashes.rows.map((row) => row.token_hash)).not.toContain(first.refreshToken);
    });

    it('logout revokes the family: the refresh token no longer works', async () => {
      const session = (await login(lead.email).expect(200)).body as { refreshToken: string };
      await t.http.post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
      await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    });
  });

  describe('deactivation', () => {
    it('a grant revoked or an account deactivated by another instance (straight in the database) takes effect without a restart', async () => {
      const other = await createTestUser(t, {
        email: 'other-instance@accounts.test',
        grants: [{ role: 'admin' }],
      });
      // The guard has now read (and may keep) this user and the admin grant.
      await t.http.get('/api/admin/users').set(other.auth).expect(200);
      await db.query(`UPDATE role_grants SET revoked_at = now() WHERE user_id = $1`, [other.id]);
      await eventually(async () => {
        await t.http.get('/api/admin/users').set(other.auth).expect(403);
      }, 2000);
      await t.http.get('/api/me').set(other.auth).expect(200);
      await db.query(`UPDATE users SET deactivated_at = now() WHERE id = $1`, [other.id]);
      await eventually(async () => {
        await t.http.get('/api/me').set(other.auth).expect(401);
      }, 2000);
    });

    it('cuts access at once: the same access token answers 401, login and refresh fail; reactivation restores', async () => {
      const user = await createTestUser(t, { email: 'soon-gone@accounts.test' });
      const session = (await login(user.email).expect(200)).body as {
        accessToken: string;
        refreshToken: string;
      };
      await t.http.get('/api/me').set('Authorization', `Bearer ${session.accessToken}`).expect(200);

      await t.http.post(`/api/admin/users/${user.id}/deactivate`).set(admin.auth).expect(200);
      await t.http.get('/api/me').set('Authorization', `Bearer ${session.accessToken}`).expect(401);
      await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await login(user.email).expect(401);

      const reactivated = await t.http
        .post(`/api/admin/users/${user.id}/reactivate`)
        .set(admin.auth)
        .expect(200);
      expect(reactivated.body).toMatchObject({
        deactivatedAt: null,
        allowedActions: expect.arrayContaining(['deactivate']),
      });
      await t.http.get('/api/me').set('Authorization', `Bearer ${session.accessToken}`).expect(200);

      const audit = await db.query<{ action: string }>(
        `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`,
        [user.id],
      );
      expect(audit.rows.map((row) => row.action)).toEqual(
        expect.arrayContaining(['auth.login', 'user.deactivated', 'auth.login_failed', 'user.reactivated']),
      );
    });

    it('an admin cannot deactivate themselves', async () => {
      const response = await t.http
        .post(`/api/admin/users/${admin.id}/deactivate`)
        .set(admin.auth)
        .expect(422);
      expect(response.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    });
  });

  describe('passwords', () => {
    it('stores argon2id with m=19456, t=2, p=1', async () => {
      await t.http
        .post('/api/auth/register')
        .send({
          email: 'Hash.Check@Accounts.test',
          password: 'a-long-enough-password',
          name: 'Hash Check',
          organisation: 'Org',
          country: 'EE',
        })
        .expect(202);
      const row = await db.query<{ email: string; password_hash: string }>(
        `SELECT email, password_hash FROM users WHERE email = 'hash.check@accounts.test'`,
      );
      expect(row.rows[0]!.email).toBe('hash.check@accounts.test');
      const hash = row.rows[0]!.password_hash;
      expect(hash).toMatch(/^\$argon2id\$v=19\$/);
      const params = Object.fromEntries(
        hash
          .split('$')[3]!
          .split(',')
          .map((pair) => pair.split('=') as [string, string]),
      );
      expect(params).toEqual({ m: '19456', t: '2', p: '1' });
    });

    it('rehashes on login when the stored hash uses other parameters', async () => {
      const user = await createTestUser(t, { email: 'old-hash@accounts.test' });
      const weak = await argon2.hash(TEST_PASSWORD, {
        type: argon2.argon2id,
        memoryCost: 8192,
        timeCost: 1,
        parallelism: 1,
      });
      await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [user.id, weak]);
      await login(user.email).expect(200);
      const row = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(row.rows[0]!.password_hash).not.toBe(weak);
      expect(row.rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,/);
      await login(user.email).expect(200);
    });

    it('changes the password with the current one and ends every session', async () => {
      const user = await createTestUser(t, { email: 'changer@accounts.test' });
      const session = (await login(user.email).expect(200)).body as { refreshToken: string };
      await t.http
        .post('/api/me/password')
        .set(user.auth)
        .send({ currentPassword: 'wrong password', newPassword: 'a-brand-new-password' })
        .expect(422);
      await t.http
        .post('/api/me/password')
        .set(user.auth)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' })
        .expect(204);
      await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await login(user.email).expect(401);
      await login(user.email, 'a-brand-new-password').expect(200);
    });

    it('answers 401 with the same body for an unknown address and a wrong password; audits both', async () => {
      const unknown = await login('nobody@accounts.test', 'whatever-password').expect(401);
      const wrong = await login(lead.email, 'whatever-password').expect(401);
      expect({ ...unknown.body, requestId: 'x' }).toEqual({ ...wrong.body, requestId: 'x' });
      const audit = await db.query<{ entity_type: string; data: { reason: string } }>(
        `SELECT entity_type, data FROM audit_events WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 2`,
      );
      expect(audit.rows.map((row) => row.data.reason).sort()).toEqual(['unknown_email', 'wrong_password']);
    });
  });

  describe('registration and e-mail verification', () => {
    const registration = (email: string) => ({
      email,
      password: 'a-long-enough-password',
      name: 'New Lead',
      organisation: 'New Org',
      country: 'LT',
    });

    it('does not reveal whether an address exists: same status and body', async () => {
      const fresh = await t.http
        .post('/api/auth/register')
        .send(registration('fresh@accounts.test'))
        .expect(202);
      const taken = await t.http
        .post('/api/auth/register')
        .send(registration('LEAD@accounts.test'))
        .expect(202);
      expect(taken.body).toEqual(fresh.body);
      const users = await db.query(`SELECT 1 FROM users WHERE lower(email) = 'lead@accounts.test'`);
      expect(users.rowCount).toBe(1);
    });

    it('needs a verified address to log in; the verification link works once', async () => {
      await t.http.post('/api/auth/register').send(registration('verify-me@accounts.test')).expect(202);
      const blocked = await login('verify-me@accounts.test', 'a-long-enough-password').expect(403);
      expect(blocked.body.code).toBe('EMAIL_NOT_VERIFIED');
      const link = await latestAccountLink('verify-me@accounts.test', 'account.email_verification');
      expect(link).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
      await t.http
        .post('/api/auth/verify-email')
        .send({ token: tokenOf(link) })
        .expect(204);
      const again = await t.http
        .post('/api/auth/verify-email')
        .send({ token: tokenOf(link) })
        .expect(400);
      expect(again.body).toMatchObject({ code: 'TOKEN_INVALID', errors: [{ field: 'token' }] });
      const session = await login('verify-me@accounts.test', 'a-long-enough-password').expect(200);
      expect(session.body.user.grants).toEqual([]);
    });

    it('names every invalid field', async () => {
      const response = await t.http
        .post('/api/auth/register')
        .send({ email: 'not-an-address', password: 'short', name: '', country: 'sweden', role: 'admin' })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const fields = new Set(response.body.errors.map((error: { field: string }) => error.field));
      expect([...fields].sort()).toEqual(
        ['country', 'email', 'name', 'organisation', 'password', 'role'].sort(),
      );
    });
  });

  describe('password reset', () => {
    it('does not reveal whether an address exists', async () => {
      const known = await t.http.post('/api/auth/password-reset').send({ email: lead.email }).expect(202);
      const unknown = await t.http
        .post('/api/auth/password-reset')
        .send({ email: 'nobody@accounts.test' })
        .expect(202);
      expect(unknown.body).toEqual(known.body);
    });

    it('sets a new password by a single-use link and ends existing sessions', async () => {
      const user = await createTestUser(t, { email: 'forgetful@accounts.test' });
      const session = (await login(user.email).expect(200)).body as { refreshToken: string };
      await t.http.post('/api/auth/password-reset').send({ email: 'Forgetful@accounts.test' }).expect(202);
      const token = tokenOf(await latestAccountLink(user.email, 'account.password_reset'));
      await t.http
        .post('/api/auth/password-reset/confirm')
        .send({ token, password: 'remembered-at-last' })
        .expect(204);
      await t.http
        .post('/api/auth/password-reset/confirm')
        .send({ token, password: 'second-try-password' })
        .expect(400);
      await t.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await login(user.email, 'remembered-at-last').expect(200);
    });
  });

  describe('invitations and grants', () => {
    it('an invitation link sets the password once; an expired one is refused', async () => {
      const invited = await t.http
        .post('/api/invitations')
        .set(coordinator.auth)
        .send({
          email: 'expert@accounts.test',
          name: 'Expert',
          country: 'PL',
          role: 'reviewer',
          policyAreaCode: 'SECURE',
        })
        .expect(201);
      expect(invited.body).toMatchObject({
        invitationPending: true,
        grants: [{ role: 'reviewer', policyAreaCode: 'SECURE' }],
      });
      await login('expert@accounts.test', 'anything-at-all').expect(401);
      const token = tokenOf(await latestAccountLink('expert@accounts.test', 'account.invitation'));
      await t.http
        .post('/api/auth/accept-invitation')
        .send({ token, password: 'expert-password-1' })
        .expect(204);
      await t.http
        .post('/api/auth/accept-invitation')
        .send({ token, password: 'expert-password-2' })
        .expect(400);
      const session = await login('expert@accounts.test', 'expert-password-1').expect(200);
      expect(session.body.user.grants).toMatchObject([{ role: 'reviewer', policyAreaCode: 'SECURE' }]);

      await t.http
        .post('/api/invitations')
        .set(admin.auth)
        .send({ email: 'late@accounts.test', name: 'Late', country: 'DK' })
        .expect(201);
      const late = tokenOf(await latestAccountLink('late@accounts.test', 'account.invitation'));
      await db.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM users WHERE email = 'late@accounts.test')`,
      );
      await t.http
        .post('/api/auth/accept-invitation')
        .send({ token: late, password: 'late-password-1' })
        .expect(400);
    });

    it('a coordinator invites only into their own policy area and cannot grant roles', async () => {
      const other = await t.http
        .post('/api/invitations')
        .set(coordinator.auth)
        .send({
          email: 'x@accounts.test',
          name: 'X',
          country: 'PL',
          role: 'reviewer',
          policyAreaCode: 'NOPE',
        })
        .expect(403);
      expect(other.body.code).toBe('FORBIDDEN');
      await t.http
        .post(`/api/admin/users/${lead.id}/grants`)
        .set(coordinator.auth)
        .send({ role: 'reviewer', policyAreaCode: 'SECURE' })
        .expect(403);
      const taken = await t.http
        .post('/api/invitations')
        .set(coordinator.auth)
        .send({ email: lead.email, name: 'Lead', country: 'SE' })
        .expect(409);
      expect(taken.body.code).toBe('EMAIL_TAKEN');
    });

    it('a lead cannot reach admin routes', async () => {
      await t.http.get('/api/admin/users').set(lead.auth).expect(403);
      await t.http
        .post(`/api/admin/users/${lead.id}/grants`)
        .set(lead.auth)
        .send({ role: 'admin' })
        .expect(403);
    });

    it('admin grants and revokes; one chair per policy area; grants take effect on the next request', async () => {
      const member = await createTestUser(t, { email: 'member@accounts.test', country: 'FI' });
      const second = await createTestUser(t, { email: 'member2@accounts.test', country: 'EE' });
      const grant = await t.http
        .post(`/api/admin/users/${member.id}/grants`)
        .set(admin.auth)
        .send({ role: 'steering_group_member', policyAreaCode: 'SECURE', isChair: true })
        .expect(201);
      expect(grant.body).toMatchObject({
        role: 'steering_group_member',
        country: 'FI',
        isChair: true,
        policyAreaCode: 'SECURE',
      });
      const chair = await t.http
        .post(`/api/admin/users/${second.id}/grants`)
        .set(admin.auth)
        .send({ role: 'steering_group_member', policyAreaCode: 'SECURE', isChair: true })
        .expect(409);
      expect(chair.body.code).toBe('CHAIR_TAKEN');
      await t.http
        .post(`/api/admin/users/${member.id}/grants`)
        .set(admin.auth)
        .send({ role: 'steering_group_member', policyAreaCode: 'SECURE' })
        .expect(409);
      const missingArea = await t.http
        .post(`/api/admin/users/${member.id}/grants`)
        .set(admin.auth)
        .send({ role: 'reviewer' })
        .expect(400);
      expect(missingArea.body.errors).toEqual([{ field: 'policyAreaCode', message: expect.any(String) }]);

      const me = await t.http.get('/api/me').set(member.auth).expect(200);
      expect(me.body.grants).toHaveLength(1);
      await t.http
        .delete(`/api/admin/users/${member.id}/grants/${grant.body.id}`)
        .set(admin.auth)
        .expect(204);
      await t.http
        .delete(`/api/admin/users/${member.id}/grants/${grant.body.id}`)
        .set(admin.auth)
        .expect(404);
      expect((await t.http.get('/api/me').set(member.auth).expect(200)).body.grants).toEqual([]);

      const audit = await db.query<{ action: string }>(
        `SELECT action FROM audit_events WHERE entity_id = $1`,
        [member.id],
      );
      expect(audit.rows.map((row) => row.action)).toEqual(['user.role_granted', 'user.role_revoked']);
    });

    it('the last admin grant cannot be revoked', async () => {
      const grants = await db.query<{ id: string }>(
        `SELECT id FROM role_grants WHERE user_id = $1 AND role = 'admin'`,
        [admin.id],
      );
      const response = await t.http
        .delete(`/api/admin/users/${admin.id}/grants/${grants.rows[0]!.id}`)
        .set(admin.auth)
        .expect(409);
      expect(response.body.code).toBe('LAST_ADMIN');
    });
  });

  describe('admin user list', () => {
    it('pages by keyset and filters by text and role, with a total', async () => {
      const first = await t.http.get('/api/admin/users').query({ limit: '2' }).set(admin.auth).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.total).toBeGreaterThan(4);
      const seen = new Set<string>(first.body.items.map((item: { id: string }) => item.id));
      let cursor: string | null = first.body.nextCursor;
      while (cursor) {
        const page = await t.http
          .get('/api/admin/users')
          .query({ limit: '2', cursor })
          .set(admin.auth)
          .expect(200);
        for (const item of page.body.items as Array<{ id: string }>) {
          expect(seen.has(item.id)).toBe(false);
          seen.add(item.id);
        }
        cursor = page.body.nextCursor;
      }
      expect(seen.size).toBe(first.body.total);

      const coordinators = await t.http
        .get('/api/admin/users')
        .query({ role: 'coordinator' })
        .set(admin.auth)
        .expect(200);
      expect(coordinators.body.items.map((item: { email: string }) => item.email)).toEqual([
        'coordinator@accounts.test',
      ]);
      const text = await t.http.get('/api/admin/users').query({ q: 'FORGETFUL' }).set(admin.auth).expect(200);
      expect(text.body.total).toBe(1);
      await t.http.get('/api/admin/users').query({ cursor: 'garbage' }).set(admin.auth).expect(400);
      await t.http.get('/api/admin/users').query({ limit: '1000' }).set(admin.auth).expect(400);
    });

    it('PATCH /api/me changes only name, organisation, country and language', async () => {
      const user = await createTestUser(t, { email: 'patcher@accounts.test' });
      const changed = await t.http
        .patch('/api/me')
        .set(user.auth)
        .send({ name: 'Renamed', country: 'NO' })
        .expect(200);
      expect(changed.body).toMatchObject({ name: 'Renamed', country: 'NO', email: 'patcher@accounts.test' });
      const refused = await t.http
        .patch('/api/me')
        .set(user.auth)
        .send({ email: 'evil@accounts.test', deactivatedAt: null, grants: [{ role: 'admin' }] })
        .expect(400);
      expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'deactivatedAt',
        'email',
        'grants',
      ]);
    });
  });

  it('answers a body over the size limit with 413 in the error shape', async () => {
    const huge = 'x'.repeat(t.config.BODY_LIMIT_BYTES + 10);
    const response = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(`{"email":"a@b.test","password":"${huge}"}`)
      .expect(413);
    expect(response.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      requestId: expect.any(String),
    });
  });
});
