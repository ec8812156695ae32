import { AppError } from '../../../common/errors/app-error.js';

/**
 * Opaque keyset cursors: base64url of `[sort, sortKey, id]`. The sort name is inside so that a cursor from
 * one ordering is refused for another instead of silently skipping rows.
 */
export interface KeysetPosition {
  key: string;
  id: string;
}

export function encodeCursor(sort: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id]), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export type CursorKeyKind = 'timestamp' | 'text';

function invalid(message: string): AppError {
  return AppError.badRequest('INVALID_CURSOR', `The cursor is not valid: ${message}`, [
    { field: 'cursor', message: `cursor ${message}; use the nextCursor of the previous page` },
  ]);
}

/** Decodes a cursor made by encodeCursor for this sort, or answers 400 naming the `cursor` field. */
export function decodeCursor(cursor: string, sort: string, kind: CursorKeyKind): KeysetPosition {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) throw invalid('is not a cursor this API made');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor this API made');
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || !decoded.every((part) => typeof part === 'string')) {
    throw invalid('is not a cursor this API made');
  }
  const [cursorSort, key, id] = decoded as [string, string, string];
  if (cursorSort !== sort) throw invalid(`belongs to sort '${cursorSort}', not '${sort}'`);
  if (!UUID.test(id)) throw invalid('is not a cursor this API made');
  if (kind === 'timestamp' && (!TIMESTAMP.test(key) || Number.isNaN(Date.parse(key)))) {
    throw invalid('is not a cursor this API made');
  }
  if (key.length > 2000 || key.includes('\u0000')) throw invalid('is not a cursor this API made');
  return { key, id };
}
