import { AppError } from '../errors.ts';
import type { Role } from '../identity/user-creator.ts';
import type { Actor } from './actor.ts';

/** Everything the admin API lets someone do, as `resource.verb`. Keys carry these as scopes. */
export const ACTIONS = [
  'org.read',
  'org.update',
  'platform.manage',
  'department.read',
  'department.manage',
  'member.read',
  'member.manage',
  'key.read',
  'key.manage',
  'provider.read',
  'provider.manage',
  'model.read',
  'model.manage',
  'audit.read',
  'usage.read',
  'budget.manage',
  'credits.manage',
  'privacy.manage',
] as const;

/** One admin API action. */
export type Action = (typeof ACTIONS)[number];

/** How far an allowed action reaches: the whole org, a department subtree, or one's own things. */
export type Reach = 'org' | 'department' | 'own';

/** What a resource is, for rules that depend on who owns it. */
export interface Target {
  departmentId?: string | null;
  ownerUserId?: string | null;
}

const ALL: Action[] = ACTIONS.filter((a) => a !== 'platform.manage');

/**
 * The rules, readable as sentences: owners and admins manage the whole org; a manager reads the
 * org and manages people and keys of their department subtree; a member manages their own keys;
 * a viewer reads. Platform operators also manage tenants.
 */
const RULES: Record<Role, Partial<Record<Action, Reach>>> = {
  owner: Object.fromEntries(ALL.map((a) => [a, 'org'])),
  admin: Object.fromEntries(ALL.map((a) => [a, 'org'])),
  manager: {
    'org.read': 'org',
    'model.read': 'org',
    'provider.read': 'org',
    'department.read': 'org',
    'member.read': 'department',
    'member.manage': 'department',
    'key.read': 'department',
    'key.manage': 'department',
    'usage.read': 'department',
  },
  member: { 'org.read': 'org', 'model.read': 'org', 'key.read': 'own', 'key.manage': 'own', 'usage.read': 'own' },
  viewer: {
    'org.read': 'org',
    'model.read': 'org',
    'department.read': 'org',
    'member.read': 'org',
    'usage.read': 'org',
  },
};

/** How far `action` reaches for this actor, or null when it is not allowed at all. */
export function reachOf(actor: Actor, action: Action): Reach | null {
  if (actor.kind === 'key') return actor.scopes.includes(action) && action !== 'platform.manage' ? 'org' : null;
  if (action === 'platform.manage') return actor.isPlatformAdmin ? 'org' : null;
  return RULES[actor.role][action] ?? null;
}

/** The org-level abilities of an actor, for GET /api/me (the web app hides what is not there). */
export function abilities(actor: Actor): Partial<Record<Action, Reach>> {
  const out: Partial<Record<Action, Reach>> = {};
  for (const action of ACTIONS) {
    const reach = reachOf(actor, action);
    if (reach) out[action] = reach;
  }
  return out;
}

/**
 * Throws 403 unless the actor may do `action` (to `target`, when the rule depends on ownership).
 * `subtree` is the set of department ids under the actor's department, needed for managers.
 */
export function authorize(actor: Actor, action: Action, target?: Target, subtree?: ReadonlySet<string>): Reach {
  const reach = reachOf(actor, action);
  const who = actor.kind === 'key' ? 'This API key' : `Your role (${actor.role})`;
  if (!reach)
    throw new AppError(
      actor.kind === 'key' ? 'insufficient_scope' : 'forbidden',
      actor.kind === 'key'
        ? `This API key lacks the scope "${action}".`
        : `${who} may not ${action.replace('.', ' ')}.`,
    );
  if (!target || reach === 'org') return reach;
  const userId = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
  if (reach === 'own') {
    if (target.ownerUserId && target.ownerUserId === userId) return reach;
    throw new AppError('forbidden', `${who} may only ${action.replace('.', ' ')} for your own.`);
  }
  const dept = target.departmentId ?? null;
  if ((dept && subtree?.has(dept)) || (target.ownerUserId && target.ownerUserId === userId)) return reach;
  throw new AppError('forbidden', `${who} may only ${action.replace('.', ' ')} within your department.`);
}
