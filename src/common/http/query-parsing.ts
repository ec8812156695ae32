/** Query strings carry text: 'true'/'false' become booleans, anything else is left for the validator to reject. */
export function parseBooleanQuery(value: unknown): unknown {
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return value;
}

/** A whole number from the query string; anything else is left for the validator to reject. */
export function toInteger(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value;
}
