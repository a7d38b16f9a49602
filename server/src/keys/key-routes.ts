import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import { ACTIONS, authorize, reachOf } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { containsPattern } from '../lib/like.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';
import { apiKeyCreator } from './key-creator.ts';

const keyOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['virtual', 'license']),
  prefix: z.string().describe('The first characters of the secret, to tell keys apart'),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable().describe("The owner person's name (null for a department key)"),
  ownerEmail: z.string().nullable().describe("The owner person's e-mail (null for a department key)"),
  ownerDepartmentId: z.uuid().nullable(),
  ownerDepartmentName: z.string().nullable().describe("The owner department's name (null for a person's key)"),
  allowedModels: z.array(z.string()).nullable().describe('Model aliases; null = every model of the org'),
  scopes: z.array(z.string()),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});

interface KeyRow {
  id: string;
  name: string;
  kind: 'virtual' | 'license';
  prefix: string;
  owner_user_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  owner_department_id: string | null;
  owner_department_name: string | null;
  owner_membership_department: string | null;
  allowed_models: string[] | null;
  scopes: string[];
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

/** Names each field of a key the API shows: never its hash. */
export function presentApiKey(row: KeyRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name,
    ownerEmail: row.owner_email,
    ownerDepartmentId: row.owner_department_id,
    ownerDepartmentName: row.owner_department_name,
    allowedModels: row.allowed_models,
    scopes: row.scopes,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const KEY_COLUMNS = sql`k.id, k.name, k.kind, k.prefix, k.owner_user_id, k.owner_department_id, k.allowed_models, k.scopes,
  k.expires_at, k.revoked_at, k.last_used_at, k.created_at,
  (select u.name from users u where u.id = k.owner_user_id) as owner_name,
  (select u.email from users u where u.id = k.owner_user_id) as owner_email,
  (select d.name from departments d where d.id = k.owner_department_id) as owner_department_name,
  (select m.department_id from memberships m where m.user_id = k.owner_user_id and m.org_id = k.org_id) as owner_membership_department`;

async function loadKey(tx: Tx, id: string): Promise<KeyRow> {
  const [row] = (await tx.execute(sql`select ${KEY_COLUMNS} from api_keys k where k.id = ${id}`))
    .rows as unknown as KeyRow[];
  if (!row) throw new AppError('not_found', `No API key ${id}.`);
  return row;
}

/** A key's department for policy: its own, else its owner's. */
const keyTarget = (row: KeyRow) => ({
  ownerUserId: row.owner_user_id,
  departmentId: row.owner_department_id ?? row.owner_membership_department,
});

async function subtreeOf(tx: Tx, actor: Actor): Promise<Set<string>> {
  return departmentSubtree(tx, actor.departmentId);
}

const keyBody = z.object({
  name: z.string().trim().min(1).max(200),
  ownerUserId: z.uuid().nullable().optional().describe('Owner person; default: yourself'),
  ownerDepartmentId: z.uuid().nullable().optional().describe('Owner department (its spend counts there)'),
  allowedModels: z.array(z.string().min(1).max(128)).max(500).nullable().optional(),
  scopes: z.array(z.enum(ACTIONS)).max(ACTIONS.length).optional().describe('Admin API actions this key may perform'),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** Keys: members manage their own, managers their department's, admins all. */
export function registerKeyRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/keys',
    {
      config: { action: 'key.read' },
      schema: {
        tags: ['keys'],
        summary: 'List the keys you may see (newest first)',
        querystring: pageQuery.extend({
          status: z.enum(['active', 'revoked', 'all']).default('active'),
          q: z
            .string()
            .trim()
            .max(200)
            .optional()
            .describe("Search: part of the key's name or prefix, or of its owner's name or e-mail (case-insensitive)"),
        }),
        response: { 200: z.object({ items: z.array(keyOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const reach = authorize(actor, 'key.read');
      const { cursor, limit, status } = req.query;
      const like = req.query.q ? containsPattern(req.query.q) : null;
      const me = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
      const rows = await db.withOrg(actor.orgId, async (tx) => {
        const subtree = reach === 'department' ? [...(await subtreeOf(tx, actor))] : [];
        return (
          await tx.execute(sql`
            select ${KEY_COLUMNS} from api_keys k
             where (${reach} = 'org'
                    or k.owner_user_id = ${me}
                    or (${reach} = 'department' and (k.owner_department_id = any(string_to_array(${subtree.join(',')}, ',')::uuid[])
                         or exists (select 1 from memberships m where m.user_id = k.owner_user_id and m.org_id = k.org_id
                                     and m.department_id = any(string_to_array(${subtree.join(',')}, ',')::uuid[])))))
               and (${status} = 'all' or (${status} = 'active') = (k.revoked_at is null))
               and (${like}::text is null or k.name ilike ${like} or k.prefix ilike ${like}
                    or exists (select 1 from users u where u.id = k.owner_user_id
                                and (u.name ilike ${like} or u.email ilike ${like})))
               and ${afterCursor(cursor, sql`k.created_at`, sql`k.id::text`)}
             order by k.created_at desc, k.id::text desc limit ${limit + 1}`)
        ).rows as unknown as KeyRow[];
      });
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return { items: items.map(presentApiKey), nextCursor };
    },
  );

  api.post(
    '/keys',
    {
      config: { action: 'key.manage' },
      schema: {
        tags: ['keys'],
        summary: 'Create a key; the secret is in the response once and never again',
        body: keyBody,
        response: { 201: keyOut.extend({ secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const self = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
      const ownerUserId =
        req.body.ownerUserId === undefined && !req.body.ownerDepartmentId ? self : (req.body.ownerUserId ?? null);
      const result = await db.withOrg(actor.orgId, async (tx) => {
        let ownerDept: string | null = req.body.ownerDepartmentId ?? null;
        if (ownerUserId) {
          const [m] = (await tx.execute(sql`select department_id from memberships where user_id = ${ownerUserId}`))
            .rows as Array<{ department_id: string | null }>;
          if (!m)
            throw new AppError('not_found', `ownerUserId: no member ${ownerUserId} in this organization`, {
              param: 'ownerUserId',
            });
          ownerDept ??= m.department_id;
        }
        if (req.body.ownerDepartmentId) {
          const found = (await tx.execute(sql`select 1 from departments where id = ${req.body.ownerDepartmentId}`))
            .rows;
          if (found.length === 0)
            throw new AppError('not_found', `ownerDepartmentId: no department ${req.body.ownerDepartmentId}`, {
              param: 'ownerDepartmentId',
            });
        }
        authorize(actor, 'key.manage', { ownerUserId, departmentId: ownerDept }, await subtreeOf(tx, actor));
        // A key never gets more admin power than its creator has.
        for (const scope of req.body.scopes ?? [])
          if (!reachOf(actor, scope))
            throw new AppError('forbidden', `scopes: you may not grant "${scope}", which you do not have yourself.`, {
              param: 'scopes',
            });
        const created = await apiKeyCreator(tx, actor.orgId, {
          name: req.body.name,
          ownerUserId,
          ownerDepartmentId: req.body.ownerDepartmentId ?? null,
          allowedModels: req.body.allowedModels ?? null,
          scopes: req.body.scopes ?? [],
          expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        });
        const row = await loadKey(tx, created.id);
        await writeAudit(
          tx,
          actor.orgId,
          actor,
          { action: 'key.create', targetType: 'key', targetId: created.id, after: presentApiKey(row) },
          requestContext(req),
        );
        return { row, secret: created.secret };
      });
      return reply.code(201).send({ ...presentApiKey(result.row), secret: result.secret });
    },
  );

  api.post(
    '/keys/:id/revoke',
    {
      config: { action: 'key.manage' },
      schema: {
        tags: ['keys'],
        summary: 'Revoke a key (every gateway process refuses it within a second)',
        params: z.object({ id: z.uuid() }),
        response: { 200: keyOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await db.withOrg(actor.orgId, async (tx) => {
        const before = await loadKey(tx, req.params.id);
        authorize(actor, 'key.manage', keyTarget(before), await subtreeOf(tx, actor));
        await tx.execute(sql`update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${req.params.id}`);
        const after = await loadKey(tx, req.params.id);
        await writeAudit(
          tx,
          actor.orgId,
          actor,
          {
            action: 'key.revoke',
            targetType: 'key',
            targetId: req.params.id,
            before: presentApiKey(before),
            after: presentApiKey(after),
          },
          requestContext(req),
        );
        return after;
      });
      return presentApiKey(row);
    },
  );

  api.post(
    '/keys/:id/rotate',
    {
      config: { action: 'key.manage' },
      schema: {
        tags: ['keys'],
        summary: 'Replace a key with a new secret; the old one works for the grace period, then expires',
        params: z.object({ id: z.uuid() }),
        body: z.object({
          gracePeriodSeconds: z
            .number()
            .int()
            .min(0)
            .max(30 * 86400)
            .default(0),
        }),
        response: { 201: keyOut.extend({ secret: z.string(), replaces: z.uuid() }) },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const result = await db.withOrg(actor.orgId, async (tx) => {
        const old = await loadKey(tx, req.params.id);
        if (old.revoked_at) throw new AppError('conflict', 'A revoked key cannot be rotated.');
        authorize(actor, 'key.manage', keyTarget(old), await subtreeOf(tx, actor));
        const created = await apiKeyCreator(tx, actor.orgId, {
          name: old.name,
          kind: old.kind,
          ownerUserId: old.owner_user_id,
          ownerDepartmentId: old.owner_department_id,
          allowedModels: old.allowed_models,
          scopes: old.scopes,
          expiresAt: old.expires_at ? new Date(old.expires_at) : null,
          createdBy: actor.kind === 'user' ? actor.userId : null,
        });
        const grace = req.body.gracePeriodSeconds;
        if (grace === 0) await tx.execute(sql`update api_keys set revoked_at = now() where id = ${old.id}`);
        else
          await tx.execute(sql`update api_keys set expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => ${grace}))
                                where id = ${old.id}`);
        const row = await loadKey(tx, created.id);
        await writeAudit(
          tx,
          actor.orgId,
          actor,
          {
            action: 'key.rotate',
            targetType: 'key',
            targetId: old.id,
            before: presentApiKey(old),
            after: presentApiKey(row),
          },
          requestContext(req),
        );
        return { row, secret: created.secret };
      });
      return reply.code(201).send({ ...presentApiKey(result.row), secret: result.secret, replaces: req.params.id });
    },
  );
}
