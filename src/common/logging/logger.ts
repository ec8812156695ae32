import { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { currentRequestId } from './request-context.js';

/** The one pino instance of a process; JSON lines on stdout. */
export function createRootLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.refreshToken'],
      censor: '[redacted]',
    },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Adapts pino to NestJS's LoggerService so framework and application logs share one stream.
 * Nest calls `log(message, ...params, context)`: the logger's context comes last; an object first and a string
 * after it (`logger.log({ id }, 'mail sent')`) become pino's fields and message.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    // Hot paths log per message (e.g. every mail sent): a disabled level costs nothing to build.
    if (!this.logger.isLevelEnabled(level)) return;
    const last = params[params.length - 1];
    const context = params.length > 0 && typeof last === 'string' ? last : undefined;
    const text = (context === undefined ? params : params.slice(0, -1)).find(
      (param): param is string => typeof param === 'string',
    );
    if (message instanceof Error) {
      this.logger[level](
        { context, err: { message: message.message, stack: message.stack } },
        text ?? message.message,
      );
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message }, text);
    } else {
      // A second string after a text message is Nest's stack trace (error) or extra detail.
      this.logger[level](
        { context, ...(text ? { [level === 'error' ? 'trace' : 'detail']: text } : {}) },
        stringify(message),
      );
    }
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
