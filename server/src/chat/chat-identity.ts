import { sql } from 'drizzle-orm';
import type { UserActor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { CallerIdentity } from '../gateway/gateway-call.ts';
import type { Actor } from '../auth/actor.ts';
import type { Catalog, ModelRoute } from '../models/catalog.ts';
import { keyMayUseModel } from '../models/model-access.ts';

/** The chat is for people: a program (an API key) talks to the models through /v1. */
export function chatPerson(actor: Actor): UserActor {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', 'The chat API is for signed-in people; programs call /v1/chat/completions.');
  return actor;
}

/**
 * The person's gateway identity: what a key of theirs would carry — org, user, membership role and
 * department — but no key (`id` null), so the pipeline applies the same model access, budgets
 * (org, department, user), rate limits and privacy policy, and the usage event names the person.
 * The session was re-checked for this request (active member, org active or platform operator, IP
 * ranges of the console); a suspended org is refused here as it is for keys.
 */
export async function personIdentity(tx: Tx, actor: UserActor): Promise<CallerIdentity> {
  const [org] = (await tx.execute(sql`select slug, status from organizations where id = ${actor.orgId}`))
    .rows as Array<{ slug: string; status: 'active' | 'suspended' }>;
  if (!org) throw new AppError('not_found', 'No such organization.');
  if (org.status !== 'active') throw new AppError('org_suspended', 'The organization is suspended.');
  return personIdentityOf(actor, org.slug);
}

/** The identity without a database read (the org's slug known). */
export function personIdentityOf(actor: UserActor, orgSlug: string): CallerIdentity {
  return {
    id: null,
    orgId: actor.orgId,
    orgSlug,
    orgStatus: 'active',
    kind: 'virtual',
    name: 'web chat',
    ownerUserId: actor.userId,
    departmentId: actor.departmentId,
    ownerRole: actor.role,
    memberDepartmentId: actor.departmentId,
    allowedModels: null,
    scopes: [],
    expiresAt: null,
    revoked: false,
    ownerActive: true,
    // The console's ranges were checked when the session was resolved.
    gatewayRanges: null,
    consoleRanges: null,
  };
}

/** The chat models this person may use, by alias: the /v1/models access matrix for a key of theirs. */
export async function chatModelsFor(catalog: Catalog, actor: UserActor): Promise<ModelRoute[]> {
  const identity = personIdentityOf(actor, '');
  const org = await catalog.forOrg(actor.orgId);
  return [...org.models.values()]
    .filter((m) => m.kind === 'chat' && keyMayUseModel(org.access, identity, m))
    .sort((a, b) => a.alias.localeCompare(b.alias));
}
