import { describe, expect, it } from '@jest/globals';
import { AppError } from '../../../common/errors/app-error.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

const ID = '3f1c2a4e-9b7d-4c1e-8f00-123456789abc';

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('keyset cursors', () => {
  it('round-trip the sort key and id, opaque and URL-safe', () => {
    const cursor = encodeCursor('title', 'Grenzüberschreitend, "quoted" / 100%', ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'title', 'text')).toEqual({
      key: 'Grenzüberschreitend, "quoted" / 100%',
      id: ID,
    });
    const time = encodeCursor('updatedAt', '2026-03-01T10:00:00.123456Z', ID);
    expect(decodeCursor(time, 'updatedAt', 'timestamp')).toEqual({
      key: '2026-03-01T10:00:00.123456Z',
      id: ID,
    });
  });

  it('refuses a cursor of another sort, naming the cursor field', () => {
    const error = failure(() => decodeCursor(encodeCursor('title', 'x', ID), 'reference', 'text'));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('INVALID_CURSOR');
    expect(error.errors).toEqual([{ field: 'cursor', message: expect.stringContaining("sort 'title'") }]);
  });

  it.each([
    ['not base64url', 'abc$%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['wrong length', Buffer.from('["title","x"]').toString('base64url')],
    ['not strings', Buffer.from('["title",1,2]').toString('base64url')],
    ['bad id', encodeCursor('title', 'x', 'not-a-uuid')],
    ['bad timestamp', encodeCursor('updatedAt', 'yesterday', ID)],
    ['impossible timestamp', encodeCursor('updatedAt', '2026-13-45T99:99:99Z', ID)],
    ['NUL in key', encodeCursor('title', 'a\u0000b', ID)],
    ['empty', ''],
  ])('refuses %s', (_label, cursor) => {
    const sort =
      cursor.length > 0 && Buffer.from(cursor, 'base64url').toString().includes('updatedAt')
        ? 'updatedAt'
        : 'title';
    const error = failure(() => decodeCursor(cursor, sort, sort === 'updatedAt' ? 'timestamp' : 'text'));
    expect(error.code).toBe('INVALID_CURSOR');
    expect(error.errors?.[0]?.field).toBe('cursor');
  });
});
