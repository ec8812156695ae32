/**
 * PostgreSQL text cannot hold U+0000; a NUL in a path, query or body would otherwise surface as a 500.
 * Returns the path of the first offending field, or undefined.
 */
export function findNulField(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNulField(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNulField(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}
