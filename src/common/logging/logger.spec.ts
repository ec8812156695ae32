import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { PinoNestLogger } from './logger.js';

function capture(): { logger: PinoNestLogger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: new PinoNestLogger(pino({ base: null, timestamp: false }, stream)),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('PinoNestLogger', () => {
  it("puts an object's fields on the line and the string after it in msg, with Nest's context last", () => {
    const { logger, lines } = capture();
    // What Nest's Logger passes for `new Logger('Delivery').log({ notificationId: 'n1' }, 'mail sent')`.
    logger.log({ notificationId: 'n1' }, 'mail sent', 'Delivery');
    expect(lines()).toEqual([{ level: 30, context: 'Delivery', notificationId: 'n1', msg: 'mail sent' }]);
  });

  it('logs a plain message with its context', () => {
    const { logger, lines } = capture();
    logger.warn('queue connection error', 'QueueFactory');
    expect(lines()).toEqual([{ level: 40, context: 'QueueFactory', msg: 'queue connection error' }]);
  });

  it("keeps Nest's stack trace of an error as trace", () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines()).toEqual([
      { level: 50, context: 'ExceptionsHandler', trace: 'Error: boom\n    at x', msg: 'boom' },
    ]);
  });
});
