import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from './auth-user.js';

/** The request property where the authentication guard puts the caller. */
export const AUTH_USER_KEY = 'authUser';

/**
 * The authenticated caller. On a @Public() route it is undefined for anonymous callers
 * (the guard still reads a valid token if one is sent).
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    (context.switchToHttp().getRequest<Record<string, unknown>>()[AUTH_USER_KEY] as AuthUser | undefined) ??
    undefined,
);
