import { AppError } from '../errors/app-error.js';

/** The version in an If-Match header ("3", W/"3" or 3), or null when there is none or it is not a version. */
export function parseIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) return null;
  const version = Number(match[1]);
  return version >= 1 ? version : null;
}

/** The version the caller last read: from the body, else from If-Match; one of them is required (400). */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion;
  const parsed = parseIfMatch(ifMatch);
  if (parsed !== null) return parsed;
  throw AppError.badRequest('VALIDATION_FAILED', 'Send the version you last read, as version or If-Match', [
    { field: 'version', message: 'version is required (or send the If-Match header)' },
  ]);
}
