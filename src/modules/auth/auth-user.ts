/** Roles are grants scoped to a policy area; admin is global (policyAreaId null). */
export const ROLE_NAMES = ['coordinator', 'reviewer', 'steering_group_member', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export interface RoleGrant {
  id: string;
  role: RoleName;
  policyAreaId: string | null;
  policyAreaCode: string | null;
  /** The country a steering group member represents. */
  country: string | null;
  /** Chair of the steering group of that policy area. */
  isChair: boolean;
}

/** The authenticated caller, loaded fresh on every request (a deactivated user stops at once). */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  organisation: string;
  country: string;
  grants: RoleGrant[];
}

export function isAdmin(user: AuthUser | null | undefined): boolean {
  return !!user?.grants.some((grant) => grant.role === 'admin');
}

/** True when the user holds `role` in the policy area (admins do not implicitly hold other roles). */
export function hasRoleIn(user: AuthUser | null | undefined, role: RoleName, policyAreaId: string): boolean {
  return !!user?.grants.some((grant) => grant.role === role && grant.policyAreaId === policyAreaId);
}

export function isCoordinatorOf(user: AuthUser | null | undefined, policyAreaId: string): boolean {
  return hasRoleIn(user, 'coordinator', policyAreaId);
}

export function isChairOf(user: AuthUser | null | undefined, policyAreaId: string): boolean {
  return !!user?.grants.some(
    (grant) => grant.role === 'steering_group_member' && grant.policyAreaId === policyAreaId && grant.isChair,
  );
}

/** Policy areas in which the user holds `role`. */
export function policyAreasWithRole(user: AuthUser | null | undefined, role: RoleName): string[] {
  return (user?.grants ?? [])
    .filter((grant) => grant.role === role && grant.policyAreaId !== null)
    .map((grant) => grant.policyAreaId as string);
}
