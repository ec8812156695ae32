import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './app-error.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  requestId: string;
  [extra: string]: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns every failure into one body shape; a 500 says nothing but its request id. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, String(request.id));
    if (body.statusCode >= 500) {
      this.logger.error(
        {
          err:
            exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception,
        },
        `unhandled error on ${request.method} ${request.url}`,
      );
    }
    // A rate-limited answer says when to come back (AppError details carry retryAfterSeconds).
    if (body.statusCode === 429 && typeof body.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(body.retryAfterSeconds));
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof AppError) {
      return {
        statusCode: exception.statusCode,
        code: exception.code,
        message: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
        ...(exception.details ?? {}),
        requestId,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        statusCode === HttpStatus.NOT_FOUND
          ? 'No such resource'
          : typeof response === 'string'
            ? response
            : (messageOf(response) ?? exception.message);
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'ERROR', message, requestId };
    }
    // Errors raised by Fastify itself (malformed JSON, body too large, bad content type) carry a 4xx status.
    const fastifyStatus = statusOf(exception);
    if (fastifyStatus !== undefined && fastifyStatus >= 400 && fastifyStatus < 500) {
      return {
        statusCode: fastifyStatus,
        code: CODE_BY_STATUS[fastifyStatus] ?? 'BAD_REQUEST',
        message: exception instanceof Error ? exception.message : 'Bad request',
        requestId,
      };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side; quote the request id when reporting it',
      requestId,
    };
  }
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

function statusOf(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}
