import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../identity/user-creator.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';
import { lastOwnerError, placeChangeRefusal } from './member-rules.ts';
import { loadPeople, presentPerson, uuidArray, type PersonRow } from './person-presenter.ts';

/** A change to one person's membership; an absent field stays as it is. */
export interface MemberChange {
  userId: string;
  role?: Role;
  /** null moves the person out of every department. */
  departmentId?: string | null;
  status?: 'active' | 'disabled';
}

/** What happened (or would have happened) to one person of a batch. */
export type ChangeResult =
  | { userId: string; outcome: 'changed' | 'unchanged'; person: ReturnType<typeof presentPerson> }
  | { userId: string; outcome: 'refused'; error: AppError };

/** The actor's reach for member.manage and, for a manager, the departments under them. */
export async function manageScope(tx: Tx, actor: Actor) {
  const reach = authorize(actor, 'member.manage');
  const subtree = reach === 'department' ? await departmentSubtree(tx, actor.departmentId) : new Set<string>();
  return { reach, subtree };
}

/** The ids among `ids` that are not departments of the current org. */
export async function missingDepartments(tx: Tx, ids: ReadonlyArray<string | null | undefined>): Promise<Set<string>> {
  const wanted = new Set(ids.filter((id): id is string => typeof id === 'string'));
  if (wanted.size === 0) return wanted;
  const found = (await tx.execute(sql`select id from departments where id = any(${uuidArray(wanted)})`)).rows as Array<{
    id: string;
  }>;
  for (const row of found) wanted.delete(row.id);
  return wanted;
}

/** The active owners of the current org, locked so that two demotions cannot both pass the check. */
async function lockActiveOwners(tx: Tx): Promise<Set<string>> {
  const rows = (
    await tx.execute(sql`select user_id from memberships where role = 'owner' and status = 'active' for update`)
  ).rows as Array<{ user_id: string }>;
  return new Set(rows.map((r) => r.user_id));
}

const activeOwner = (p: { role: Role; status: string }) => p.role === 'owner' && p.status === 'active';

/** Ends a person's sessions in the current org (an access token stops working at its next request). */
export async function revokeOrgSessions(tx: Tx, orgId: string, userId: string): Promise<number> {
  const result = await tx.execute(
    sql`update sessions set revoked_at = now() where user_id = ${userId} and org_id = ${orgId} and revoked_at is null`,
  );
  return result.rowCount ?? 0;
}

/**
 * Applies role, department and status changes to people of the actor's org, all or nothing: every
 * change is checked first (the person exists here, the actor may make it, the department exists,
 * an active owner remains); if any is refused nothing is written and every result is reported.
 * Otherwise each changed person gets one `member.update` audit event; disabling someone ends their
 * sessions in this org (their keys stop at the gateway through the key cache).
 */
export async function memberUpdater(
  tx: Tx,
  actor: Actor,
  changes: readonly MemberChange[],
  ctx: RequestContext,
): Promise<{ ok: boolean; results: ChangeResult[] }> {
  const { reach, subtree } = await manageScope(tx, actor);
  const missing = await missingDepartments(
    tx,
    changes.map((c) => c.departmentId),
  );
  // Owners first, people second, in every change: concurrent changes queue instead of deadlocking.
  const owners = await lockActiveOwners(tx);
  const rows = new Map(
    (
      await loadPeople(
        tx,
        changes.map((c) => c.userId),
        true,
      )
    ).map((r) => [r.user_id, r]),
  );
  const planned: Array<{ change: MemberChange; before: PersonRow; after: PersonRow } | null> = [];
  const results: ChangeResult[] = [];
  for (const change of changes) {
    const before = rows.get(change.userId);
    const refuse = (error: AppError) => {
      results.push({ userId: change.userId, outcome: 'refused', error });
      planned.push(null);
    };
    if (!before) {
      refuse(new AppError('not_found', `No person ${change.userId} in this organization.`));
      continue;
    }
    if (change.departmentId && missing.has(change.departmentId)) {
      refuse(
        new AppError('invalid_request', `departmentId: no department ${change.departmentId} in this organization`, {
          param: 'departmentId',
        }),
      );
      continue;
    }
    const after: PersonRow = {
      ...before,
      role: change.role ?? before.role,
      department_id: change.departmentId === undefined ? before.department_id : change.departmentId,
      status: change.status ?? before.status,
    };
    const refusal = placeChangeRefusal(
      actor,
      reach,
      subtree,
      { role: before.role, departmentId: before.department_id },
      { role: after.role, departmentId: after.department_id },
    );
    if (refusal) {
      refuse(refusal);
      continue;
    }
    if (activeOwner(before)) owners.delete(before.user_id);
    if (activeOwner(after)) owners.add(after.user_id);
    planned.push({ change, before, after });
    results.push({ userId: change.userId, outcome: 'changed', person: presentPerson(after) });
  }
  if (owners.size === 0)
    planned.forEach((p, i) => {
      if (p && activeOwner(p.before) && !activeOwner(p.after)) {
        results[i] = { userId: p.before.user_id, outcome: 'refused', error: lastOwnerError(p.before.email) };
        planned[i] = null;
      }
    });
  if (results.some((r) => r.outcome === 'refused')) return { ok: false, results };

  for (const [i, p] of planned.entries()) {
    if (!p) continue;
    const { before, after } = p;
    const same =
      before.role === after.role && before.department_id === after.department_id && before.status === after.status;
    if (same) {
      results[i] = { userId: before.user_id, outcome: 'unchanged', person: presentPerson(before) };
      continue;
    }
    await tx.execute(sql`update memberships set role = ${after.role}, department_id = ${after.department_id},
                                                 status = ${after.status}
                          where user_id = ${before.user_id}`);
    if (after.status === 'disabled' && before.status !== 'disabled')
      await revokeOrgSessions(tx, actor.orgId, before.user_id);
    const [fresh] = await loadPeople(tx, [before.user_id]);
    const shown = presentPerson(fresh!);
    await writeAudit(
      tx,
      actor.orgId,
      actor,
      {
        action: 'member.update',
        targetType: 'member',
        targetId: before.user_id,
        before: presentPerson(before),
        after: shown,
      },
      ctx,
    );
    results[i] = { userId: before.user_id, outcome: 'changed', person: shown };
  }
  return { ok: true, results };
}

/**
 * Removes a person from the actor's org: the same rules as a change (and the last active owner
 * stays). Their sessions in the org end and the API keys they own here are revoked (a key of
 * someone who is no longer a member must not keep working); one audit event per change.
 */
export async function memberRemover(tx: Tx, actor: Actor, userId: string, ctx: RequestContext): Promise<void> {
  const { reach, subtree } = await manageScope(tx, actor);
  const owners = await lockActiveOwners(tx);
  const [row] = await loadPeople(tx, [userId], true);
  if (!row) throw new AppError('not_found', `No person ${userId} in this organization.`);
  const place = { role: row.role, departmentId: row.department_id };
  const refusal = placeChangeRefusal(actor, reach, subtree, place, place);
  if (refusal) throw refusal;
  if (activeOwner(row) && owners.size <= 1) throw lastOwnerError(row.email);
  await tx.execute(sql`delete from memberships where user_id = ${userId}`);
  await revokeOrgSessions(tx, actor.orgId, userId);
  const keys = (
    await tx.execute(sql`update api_keys set revoked_at = now() where owner_user_id = ${userId} and revoked_at is null
                          returning id, name, prefix, revoked_at`)
  ).rows as Array<{ id: string; name: string; prefix: string; revoked_at: string }>;
  await writeAudit(
    tx,
    actor.orgId,
    actor,
    { action: 'member.remove', targetType: 'member', targetId: userId, before: presentPerson(row) },
    ctx,
  );
  for (const key of keys)
    await writeAudit(
      tx,
      actor.orgId,
      actor,
      {
        action: 'key.revoke',
        targetType: 'key',
        targetId: key.id,
        before: { id: key.id, name: key.name, prefix: key.prefix, ownerUserId: userId, revokedAt: null },
        after: {
          id: key.id,
          name: key.name,
          prefix: key.prefix,
          ownerUserId: userId,
          revokedAt: new Date(key.revoked_at).toISOString(),
        },
      },
      ctx,
    );
}

/**
 * Ends a person's sessions in the actor's org ("sign out everywhere here"): owners and admins
 * only, and never an owner's unless the actor is one. Writes `member.revoke_sessions` when a
 * session ended. Returns how many did.
 */
export async function sessionsRevoker(tx: Tx, actor: Actor, userId: string, ctx: RequestContext): Promise<number> {
  const { reach, subtree } = await manageScope(tx, actor);
  if (reach !== 'org') throw new AppError('forbidden', 'Only owners and admins may end the sessions of others.');
  const [row] = await loadPeople(tx, [userId]);
  if (!row) throw new AppError('not_found', `No person ${userId} in this organization.`);
  const place = { role: row.role, departmentId: row.department_id };
  const refusal = placeChangeRefusal(actor, reach, subtree, place, place);
  if (refusal) throw refusal;
  const revoked = await revokeOrgSessions(tx, actor.orgId, userId);
  if (revoked > 0)
    await writeAudit(
      tx,
      actor.orgId,
      actor,
      { action: 'member.revoke_sessions', targetType: 'member', targetId: userId, after: { revokedSessions: revoked } },
      ctx,
    );
  return revoked;
}
