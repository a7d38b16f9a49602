import type { Actor } from '../auth/actor.ts';
import type { Reach } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../identity/user-creator.ts';

/** Every role, most powerful first. */
export const ROLES = ['owner', 'admin', 'manager', 'member', 'viewer'] as const satisfies readonly Role[];

/** A person's standing in an org, as the rules see it. */
export interface Place {
  role: Role;
  departmentId: string | null;
}

/** Roles a manager may hand out: nobody is raised above member by a manager. */
const MANAGER_GRANTABLE: ReadonlySet<Role> = new Set<Role>(['member', 'viewer']);

const isOwner = (actor: Actor) => actor.kind === 'user' && actor.role === 'owner';
const who = (actor: Actor) => (actor.kind === 'key' ? 'This API key' : `Your role (${actor.role})`);

/**
 * Why `actor` may not move a person from `current` (null: a new person, i.e. an invitation) to
 * `next`, or null when they may. The rules, as sentences:
 * - only owners invite, appoint or change owners;
 * - a manager acts only on members and viewers of their department subtree, keeps them there,
 *   and gives only the roles member and viewer;
 * - owners and admins (and keys with member.manage) act on the whole org.
 * `reach` is the actor's reach for member.manage; `subtree` the departments under a manager.
 */
export function placeChangeRefusal(
  actor: Actor,
  reach: Reach,
  subtree: ReadonlySet<string>,
  current: Place | null,
  next: Place,
): AppError | null {
  if ((current?.role === 'owner' || next.role === 'owner') && !isOwner(actor))
    return new AppError(
      'forbidden',
      current?.role === 'owner'
        ? `${who(actor)} may not change an owner: only owners may.`
        : 'role: only owners may invite or appoint owners.',
      { param: current?.role === 'owner' ? undefined : 'role' },
    );
  if (reach === 'org') return null;
  if (reach !== 'department') return new AppError('forbidden', `${who(actor)} may not manage people.`);
  const inSubtree = (dept: string | null) => dept !== null && subtree.has(dept);
  if (current && !inSubtree(current.departmentId))
    return new AppError('forbidden', `${who(actor)} may only manage people within your department subtree.`);
  if (current && !MANAGER_GRANTABLE.has(current.role))
    return new AppError('forbidden', `${who(actor)} may not change a person whose role is ${current.role}.`);
  if (!MANAGER_GRANTABLE.has(next.role))
    return new AppError('forbidden', `role: ${who(actor).toLowerCase()} may only give the roles member and viewer.`, {
      param: 'role',
    });
  if (!inSubtree(next.departmentId))
    return new AppError('forbidden', 'departmentId: you may only place people within your department subtree.', {
      param: 'departmentId',
    });
  return null;
}

/** The 409 when a change would leave the org without an active owner. */
export function lastOwnerError(email: string): AppError {
  return new AppError(
    'conflict',
    `${email} is the last active owner of this organization: make someone else an owner first.`,
  );
}
