import { HttpStatus } from '@nestjs/common';

/** One problem with one input field, in words a person understands. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the caller can act on: a stable machine code plus a human message.
 * The global filter turns it into `{ statusCode, code, message, errors?, requestId }`.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string, code = 'NOT_FOUND'): AppError {
    return new AppError(HttpStatus.NOT_FOUND, code, `${what} was not found`);
  }

  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static unauthorized(message = 'Authentication is required'): AppError {
    return new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(HttpStatus.CONFLICT, code, message, undefined, details);
  }

  static unprocessable(code: string, message: string, errors: FieldError[]): AppError {
    return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, errors);
  }

  static badRequest(code: string, message: string, errors?: FieldError[]): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, code, message, errors);
  }
}
