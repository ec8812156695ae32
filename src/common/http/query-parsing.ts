/** Query strings carry text: 'true'/'false' become booleans, anything else is left for the validator to reject. */
export function parseBooleanQuery(value: unknown): unknown {
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return value;
}
