/**
 * TypeORM's `manager.query()` answers an UPDATE or DELETE with `[rows, affectedCount]` (PostgreSQL driver);
 * this names the two parts so a conditional UPDATE can check that exactly one row changed.
 */
export function updateResult<T>(raw: unknown): { rows: T[]; affected: number } {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return { rows: raw[0] as T[], affected: raw[1] };
  }
  throw new Error('Expected the result of an UPDATE or DELETE statement');
}
