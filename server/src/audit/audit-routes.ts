import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { csvRow } from '../lib/csv.ts';
import { verifyAuditChain } from './audit-writer.ts';

const eventOut = z.object({
  seq: z.number().int(),
  createdAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z
    .string()
    .nullable()
    .describe("A person's name (else e-mail) or a key's name, as it is now; null for the system or a deleted actor"),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

const filters = z.object({
  action: z.string().max(100).optional().describe('Exact action, or a prefix ending in "." (e.g. "key.")'),
  actorId: z.string().max(100).optional().describe('A user id or key id'),
  targetType: z.string().max(100).optional().describe('Exact target type, e.g. "budget", "rate_limit", "org"'),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

type Filters = z.infer<typeof filters>;

/** Events matching the filters with seq below `before`, newest first. */
async function auditPage(tx: Tx, q: Filters, before: number | null, limit: number) {
  const action = q.action ?? null;
  const rows = (
    await tx.execute(sql`
      select a.seq, a.created_at, a.actor_type, a.actor_id, a.action, a.target_type, a.target_id, a.before, a.after,
             a.ip, a.user_agent, a.request_id,
             case a.actor_type
               when 'user' then (select coalesce(nullif(u.name, ''), u.email) from users u where u.id = a.actor_id::uuid)
               when 'key' then (select k.name from api_keys k where k.id = a.actor_id::uuid) end as actor_name
        from audit_events a
       where (${before}::bigint is null or seq < ${before})
         and (${action}::text is null or action = ${action} or (right(${action}, 1) = '.' and starts_with(action, ${action})))
         and (${q.actorId ?? null}::text is null or actor_id = ${q.actorId ?? null})
         and (${q.targetType ?? null}::text is null or target_type = ${q.targetType ?? null})
         and (${q.targetId ?? null}::text is null or target_id = ${q.targetId ?? null})
         and (${q.from ?? null}::timestamptz is null or created_at >= ${q.from ?? null}::timestamptz)
         and (${q.to ?? null}::timestamptz is null or created_at < ${q.to ?? null}::timestamptz)
       order by seq desc limit ${limit}`)
  ).rows as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    seq: Number(r.seq),
    createdAt: new Date(r.created_at as string).toISOString(),
    actorType: r.actor_type as string,
    actorId: (r.actor_id as string | null) ?? null,
    actorName: (r.actor_name as string | null) ?? null,
    action: r.action as string,
    targetType: (r.target_type as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
  }));
}

const CSV_COLUMNS = [
  'seq',
  'createdAt',
  'actorType',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'before',
  'after',
  'ip',
  'userAgent',
  'requestId',
] as const;

/** The audit log: filtered, paginated reading and a check of the hash chain. */
export function registerAuditRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: filters.extend({
          before: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe("Return events with seq below this (the previous page's nextBefore)"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(eventOut), nextBefore: z.number().int().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await db.withOrg(req.actor!.orgId, (tx) => auditPage(tx, q, q.before ?? null, q.limit + 1));
      const more = rows.length > q.limit;
      const items = more ? rows.slice(0, q.limit) : rows;
      return { items, nextBefore: more ? items.at(-1)!.seq : null };
    },
  );

  api.get(
    '/audit/export',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Export the filtered audit log as CSV or JSON lines, streamed',
        querystring: filters.extend({ format: z.enum(['csv', 'jsonl']).default('csv') }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const orgId = req.actor!.orgId;
      async function* lines(): AsyncGenerator<string> {
        if (q.format === 'csv') yield csvRow([...CSV_COLUMNS]);
        let before: number | null = null;
        for (;;) {
          const rows = await db.withOrg(orgId, (tx) => auditPage(tx, q, before, 1000));
          for (const e of rows)
            yield q.format === 'csv'
              ? csvRow(
                  CSV_COLUMNS.map((c) =>
                    c === 'before' || c === 'after' ? (e[c] === null ? '' : JSON.stringify(e[c])) : e[c],
                  ),
                )
              : `${JSON.stringify(e)}\n`;
          if (rows.length < 1000) return;
          before = rows.at(-1)!.seq;
        }
      }
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .header('content-type', q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.${q.format === 'csv' ? 'csv' : 'jsonl'}"`);
      return reply.send(Readable.from(lines()));
    },
  );

  api.get(
    '/audit/verify',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report whether it is intact',
        response: {
          200: z.object({
            intact: z.boolean(),
            events: z.number().int(),
            brokenAtSeq: z.number().int().optional(),
            reason: z.string().optional(),
          }),
        },
      },
    },
    async (req) => {
      authorize(req.actor!, 'audit.read');
      const status = await db.withOrg(req.actor!.orgId, (tx) => verifyAuditChain(tx, req.actor!.orgId));
      if (!status) throw new AppError('internal_error', 'audit verification failed');
      return status;
    },
  );
}
