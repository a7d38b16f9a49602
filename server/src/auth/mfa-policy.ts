import { AppError } from '../errors.ts';
import type { Role } from '../identity/user-creator.ts';
import type { Actor } from './actor.ts';

/** Who in an org must use MFA: nobody, owners and admins, or everyone. */
export const MFA_REQUIREMENTS = ['none', 'admins', 'all'] as const;

/** An org's MFA requirement (`settings.requireMfa`; absent means 'none'). */
export type MfaRequirement = (typeof MFA_REQUIREMENTS)[number];

const ADMIN_ROLES: ReadonlySet<Role> = new Set<Role>(['owner', 'admin']);

/** Whether an org with `requirement` demands MFA of a member with `role`; unknown values demand none. */
export function mfaRequiredFor(role: Role, requirement: string | null | undefined): boolean {
  if (requirement === 'all') return true;
  if (requirement === 'admins') return ADMIN_ROLES.has(role);
  return false;
}

/** True while the org requires MFA of this signed-in person and they have not enrolled yet. */
export function mfaPending(actor: Actor): boolean {
  return actor.kind === 'user' && actor.mfa !== undefined && actor.mfa.required && !actor.mfa.enabled;
}

/** Whether a route (its pattern under /api) stays open to a person who still has to enrol. */
function openWhileEnrolling(routeUrl: string): boolean {
  return routeUrl === '/api/me' || routeUrl.startsWith('/api/mfa/') || routeUrl.startsWith('/api/auth/');
}

/**
 * The enrolment gate of the auth hook: a person whose org requires MFA and who has not enrolled
 * may only see who they are, enrol and sign out; everything else is 403 until they enrol.
 */
export function assertMfaSettled(actor: Actor, routeUrl: string): void {
  if (mfaPending(actor) && !openWhileEnrolling(routeUrl))
    throw new AppError(
      'mfa_enrollment_required',
      'Your organization requires two-factor authentication: set it up with POST /api/mfa/totp/setup first.',
    );
}
