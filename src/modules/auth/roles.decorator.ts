import { SetMetadata } from '@nestjs/common';
import type { RoleName } from './auth-user.js';

export const REQUIRED_ROLES_KEY = 'requiredRoles';

/**
 * Function-level check: the caller must hold at least one of these roles in some policy area (admin anywhere).
 * Object-level checks (which policy area, which proposal) stay in the services' policies.
 */
export const Roles = (...roles: RoleName[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES_KEY, roles);
