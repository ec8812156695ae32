import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { AccessTokenService } from './access-token.service.js';
import { isAdmin, type AuthUser, type RoleName } from './auth-user.js';
import { AuthUserLoader } from './auth-user.loader.js';
import { AUTH_USER_KEY } from './current-user.decorator.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { REQUIRED_ROLES_KEY } from './roles.decorator.js';

/**
 * The global guard: every route needs a valid access token unless it is @Public(). The user and their grants
 * come from AuthUserLoader, whose cache is emptied by every change to accounts or grants, so a deactivation or
 * a revoked grant takes effect with the next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly users: AuthUserLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true;
    const request = context.switchToHttp().getRequest<FastifyRequest & Record<string, unknown>>();

    const token = bearerToken(request.headers.authorization);
    const user = token ? await this.authenticate(token) : null;
    if (user) request[AUTH_USER_KEY] = user;
    if (isPublic) return true;
    if (!token) throw AppError.unauthorized();
    if (!user) throw AppError.unauthorized('The access token is invalid or has expired; log in again');

    const roles = this.reflector.getAllAndOverride<RoleName[] | undefined>(REQUIRED_ROLES_KEY, targets);
    if (roles?.length && !holdsOneOf(user, roles)) {
      throw AppError.forbidden('Your role does not allow this');
    }
    return true;
  }

  private async authenticate(token: string): Promise<AuthUser | null> {
    const claims = await this.tokens.verify(token);
    return claims ? this.users.load(claims.sub) : null;
  }
}

/** Admin passes every role check; others need one of the roles in some policy area. */
export function holdsOneOf(user: AuthUser, roles: readonly RoleName[]): boolean {
  return isAdmin(user) || user.grants.some((grant) => roles.includes(grant.role));
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
