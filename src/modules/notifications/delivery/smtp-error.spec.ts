import { describe, expect, it } from '@jest/globals';
import { classifySmtpError, smtpBackoff } from './smtp-error.js';

const error = (fields: Record<string, unknown>): Error => Object.assign(new Error('smtp'), fields);

describe('SMTP failure policy', () => {
  it.each([
    [{ responseCode: 451 }, 'temporary'],
    [{ responseCode: 421 }, 'temporary'],
    [{ responseCode: 452, code: 'EENVELOPE' }, 'temporary'],
    [{ code: 'ECONNECTION' }, 'temporary'],
    [{ code: 'ETIMEDOUT' }, 'temporary'],
    [{ code: 'ECONNREFUSED' }, 'temporary'],
    [{}, 'temporary'],
    [{ responseCode: 550 }, 'permanent'],
    [{ responseCode: 553, code: 'EENVELOPE' }, 'permanent'],
    [{ code: 'EENVELOPE' }, 'permanent'],
  ])('%j is %s', (fields, expected) => {
    expect(classifySmtpError(error(fields))).toBe(expected);
  });

  it('backs off exponentially with jitter between half and one and a half of the step, capped at an hour', () => {
    expect(smtpBackoff(1, 1000, () => 0)).toBe(500);
    expect(smtpBackoff(1, 1000, () => 0.999)).toBe(1499);
    expect(smtpBackoff(4, 1000, () => 0.5)).toBe(8000);
    expect(smtpBackoff(40, 1000, () => 0.5)).toBe(3_600_000);
  });
});
