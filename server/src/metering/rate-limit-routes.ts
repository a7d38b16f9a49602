import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import {
  checkScope,
  lockLimits,
  SCOPE_NAME,
  SCOPE_TYPES,
  scopeFields,
  visibleScopes,
  type ScopeType,
} from './budget-schema.ts';

/** Largest per-minute limit (the columns are 32-bit integers). */
const MAX_PER_MINUTE = 2_147_483_647;
const perMinute = z.number().int().min(1).max(MAX_PER_MINUTE).nullable().optional();

const rateLimitOut = z.object({
  id: z.uuid(),
  scopeType: z.enum(SCOPE_TYPES),
  scopeId: z.uuid().nullable(),
  requestsPerMinute: z.number().int().nullable().describe('null = requests are not limited on this scope'),
  tokensPerMinute: z.number().int().nullable().describe('null = tokens are not limited on this scope'),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

interface RateLimitRow {
  id: string;
  scope_type: ScopeType;
  scope_id: string | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = sql`s.id, s.scope_type, s.scope_id, s.requests_per_minute, s.tokens_per_minute, s.created_by, s.created_at, s.updated_at`;

/** Names each field of a rate limit the API shows. */
function presentRateLimit(row: RateLimitRow) {
  return {
    id: row.id,
    scopeType: row.scope_type,
    scopeId: row.scope_id,
    requestsPerMinute: row.requests_per_minute === null ? null : Number(row.requests_per_minute),
    tokensPerMinute: row.tokens_per_minute === null ? null : Number(row.tokens_per_minute),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function loadRateLimit(tx: Tx, where: ReturnType<typeof sql>): Promise<RateLimitRow | null> {
  const [row] = (await tx.execute(sql`select ${COLUMNS} from rate_limits s where ${where}`))
    .rows as unknown as RateLimitRow[];
  return row ?? null;
}

/** Rate limits: one per scope (requests and/or tokens per minute); owners and admins set them. */
export function registerRateLimitRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db, limits } = deps;

  api.get(
    '/rate-limits',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['rate limits'],
        summary: "List the rate limits you may see (newest first), each with its scope's name",
        querystring: pageQuery.extend({
          scopeType: z.enum(SCOPE_TYPES).optional(),
          scopeId: z.uuid().optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              rateLimitOut.extend({
                scopeName: z
                  .string()
                  .nullable()
                  .describe(
                    "The department's name, the person's name (else e-mail) or the key's name; null for the org",
                  ),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const reach = authorize(actor, 'usage.read');
      const { cursor, limit, scopeType, scopeId } = req.query;
      const rows = await db.withOrg(
        actor.orgId,
        async (tx) =>
          (
            await tx.execute(sql`
              select ${COLUMNS}, ${SCOPE_NAME} from rate_limits s
               where ${await visibleScopes(tx, actor, reach)}
                 and (${scopeType ?? null}::text is null or s.scope_type = ${scopeType ?? null})
                 and (${scopeId ?? null}::uuid is null or s.scope_id = ${scopeId ?? null}::uuid)
                 and ${afterCursor(cursor, sql`s.created_at`, sql`s.id::text`)}
               order by s.created_at desc, s.id::text desc limit ${limit + 1}`)
          ).rows as unknown as Array<RateLimitRow & { scope_name: string | null }>,
      );
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return { items: items.map((r) => ({ ...presentRateLimit(r), scopeName: r.scope_name })), nextCursor };
    },
  );

  api.put(
    '/rate-limits',
    {
      config: { action: 'budget.manage' },
      schema: {
        tags: ['rate limits'],
        summary: "Set a scope's rate limit (creates it, or replaces both numbers of the existing one)",
        body: z.object({
          ...scopeFields,
          requestsPerMinute: perMinute.describe('Requests per minute; null or absent = not limited'),
          tokensPerMinute: perMinute.describe('Tokens (in + out) per minute; null or absent = not limited'),
        }),
        response: { 200: rateLimitOut, 201: rateLimitOut },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      authorize(actor, 'budget.manage');
      const rpm = req.body.requestsPerMinute ?? null;
      const tpm = req.body.tokensPerMinute ?? null;
      if (rpm === null && tpm === null)
        throw new AppError(
          'invalid_request',
          'requestsPerMinute: set requestsPerMinute, tokensPerMinute or both (to remove a rate limit, DELETE it)',
          { param: 'requestsPerMinute' },
        );
      const orgId = actor.orgId;
      const { row, created } = await db.withOrg(orgId, async (tx) => {
        await lockLimits(tx, orgId);
        const scopeId = await checkScope(tx, req.body.scopeType, req.body.scopeId);
        const sameScope = sql`s.scope_type = ${req.body.scopeType} and s.scope_id is not distinct from ${scopeId}::uuid`;
        const before = await loadRateLimit(tx, sameScope);
        if (before)
          await tx.execute(
            sql`update rate_limits set requests_per_minute = ${rpm}, tokens_per_minute = ${tpm} where id = ${before.id}`,
          );
        else
          await tx.execute(sql`insert into rate_limits (org_id, scope_type, scope_id, requests_per_minute, tokens_per_minute, created_by)
                               values (${orgId}, ${req.body.scopeType}, ${scopeId}, ${rpm}, ${tpm},
                                       ${actor.kind === 'user' ? actor.userId : null})`);
        const after = (await loadRateLimit(tx, sameScope))!;
        await writeAudit(
          tx,
          orgId,
          actor,
          {
            action: 'rate_limit.set',
            targetType: 'rate_limit',
            targetId: after.id,
            before: before ? presentRateLimit(before) : undefined,
            after: presentRateLimit(after),
          },
          requestContext(req),
        );
        return { row: after, created: !before };
      });
      limits.invalidate(orgId);
      return reply.code(created ? 201 : 200).send(presentRateLimit(row));
    },
  );

  api.delete(
    '/rate-limits/:id',
    {
      config: { action: 'budget.manage' },
      schema: {
        tags: ['rate limits'],
        summary: 'Remove a rate limit',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      authorize(actor, 'budget.manage');
      await db.withOrg(actor.orgId, async (tx) => {
        await lockLimits(tx, actor.orgId);
        const before = await loadRateLimit(tx, sql`s.id = ${req.params.id}`);
        if (!before) throw new AppError('not_found', `No rate limit ${req.params.id}.`);
        await tx.execute(sql`delete from rate_limits where id = ${before.id}`);
        await writeAudit(
          tx,
          actor.orgId,
          actor,
          {
            action: 'rate_limit.delete',
            targetType: 'rate_limit',
            targetId: before.id,
            before: presentRateLimit(before),
          },
          requestContext(req),
        );
      });
      limits.invalidate(actor.orgId);
      return reply.code(204).send(null);
    },
  );
}
