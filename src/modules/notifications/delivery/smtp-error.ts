/** What a failed send means for the next step. */
export type SmtpFailure = 'temporary' | 'permanent';

interface MailError {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

const TEMPORARY_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNREFUSED',
  'ECONNRESET',
  'EDNS',
  'EAI_AGAIN',
  'EPIPE',
  'ETLS',
  'EAUTH',
]);

/**
 * 4xx replies and connection trouble are temporary (retry later); 5xx replies and addresses that cannot be
 * used (EENVELOPE without a reply: nothing to send to) are permanent and fail at once.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as MailError;
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (reply !== null) return reply >= 500 ? 'permanent' : 'temporary';
  const code = typeof e.code === 'string' ? e.code : '';
  if (TEMPORARY_CODES.has(code)) return 'temporary';
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return 'permanent';
  return 'temporary';
}

/** Exponential backoff with full jitter in [0.5, 1.5) of the step, capped at an hour. */
export function smtpBackoff(
  attemptsMade: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(3_600_000, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(step * (0.5 + random()));
}
