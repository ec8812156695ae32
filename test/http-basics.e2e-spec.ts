import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HttpExceptionFilter } from '../src/common/errors/http-exception.filter.js';
import { bootTestApp, type TestApp } from './support/app.js';
import { connectTestDatabase } from './support/database.js';

describe('HTTP basics: one error shape, request ids, security headers, API docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await t.http.get('/no/such/route').expect(404);
    expect(response.body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'No such resource',
      requestId: expect.any(String),
    });
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
  });

  it('echoes a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await t.http.get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http.get('/health').set('x-request-id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('carries the request id into what the request writes (the audit event of a registration)', async () => {
    await t.http
      .post('/api/auth/register')
      .set('x-request-id', 'trace-registration-1')
      .send({
        email: 'traced@http-basics.test',
        password: 'a-long-enough-password',
        name: 'Traced Lead',
        organisation: 'Trace Org',
        country: 'EE',
      })
      .expect(202);
    const db = await connectTestDatabase();
    try {
      const audit = await db.query(
        `SELECT action FROM audit_events WHERE request_id = 'trace-registration-1'`,
      );
      expect(audit.rows.length).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });

  it('rejects a NUL byte in the path with 400, not a database error', async () => {
    const response = await t.http.get('/api/catalog/policy-areas/SE%00CURE').expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('sets security headers', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
  });

  it('serves the OpenAPI UI and the JSON generated from the code', async () => {
    await t.http.get('/api/docs').expect(200);
    const spec = await t.http.get('/api/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/ready', '/api/catalog/policy-areas/{code}']),
    );
  });

  it('reveals nothing of an unexpected error but its request id', () => {
    const body = new HttpExceptionFilter().toBody(new Error('password=hunter2 at db.internal'), 'req-1');
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: expect.not.stringContaining('hunter2'),
      requestId: 'req-1',
    });
  });
});
