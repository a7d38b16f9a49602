import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { AppError } from '../errors.ts';
import { usageCsvLines } from './usage-csv.ts';
import {
  eventCondition,
  GROUP_BY,
  orgUsageSettings,
  TIME_GROUPS,
  usageDetail,
  usageFilters,
  usagePage,
  usageReach,
  usageSummary,
  type UsageEventRow,
} from './usage-query.ts';

const usageOut = z.object({
  requestId: z.string(),
  createdAt: z.string(),
  endpoint: z.string(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  userId: z.uuid().nullable(),
  userEmail: z.string().nullable(),
  keyId: z.uuid().nullable(),
  keyName: z.string().nullable(),
  model: z.string().nullable().describe('Model alias as the client asked for it'),
  providerKind: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  tokensCached: z.number().int(),
  costMicros: z.number().int().nullable().describe('Micro-units of the org currency; null when unpriced'),
  pricing: z.enum(['priced', 'unpriced']),
  usageSource: z.enum(['provider', 'estimated', 'none']),
  latencyMs: z.number().int(),
  ttftMs: z.number().int().nullable(),
  status: z.number().int(),
  errorCode: z.string().nullable(),
  stream: z.boolean(),
  clientAborted: z.boolean(),
  privacyCounts: z.record(z.string(), z.number()).nullable().describe('Personal data replaced, by type'),
});

/**
 * Names each field of a usage event the API shows (provider ids and internal row ids stay in);
 * the names of its department, person and key come along so a listing needs no second lookup.
 */
function presentUsageEvent(row: UsageEventRow) {
  return {
    requestId: row.request_id,
    createdAt: new Date(row.created_at).toISOString(),
    endpoint: row.endpoint,
    departmentId: row.department_id,
    departmentName: row.department_name,
    userId: row.user_id,
    userEmail: row.user_email,
    keyId: row.key_id,
    keyName: row.key_name,
    model: row.model_alias,
    providerKind: row.provider_kind,
    upstreamModel: row.upstream_model,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    tokensCached: row.tokens_cached,
    costMicros: row.cost_micros === null ? null : Number(row.cost_micros),
    pricing: row.pricing,
    usageSource: row.usage_source,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    status: row.status,
    errorCode: row.error_code,
    stream: row.stream,
    clientAborted: row.client_aborted,
    privacyCounts: row.privacy_counts,
  };
}

const counters = {
  requests: z.number().int(),
  errors: z.number().int().describe('Requests answered with status >= 400'),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  tokensCached: z.number().int(),
  costMicros: z.number().int().describe('Micro-units of the org currency (unpriced requests count 0)'),
  unpricedRequests: z.number().int().describe('Requests to models without a price'),
};

const summaryOut = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(GROUP_BY),
  grain: z.enum(['hour', 'day']).describe('Which rollups answered: UTC hours, or org-local days'),
  groups: z.number().int().describe('How many groups there are in all; rows holds only the first `limit` of them'),
  timezone: z.string().describe('The org time zone that defines its days'),
  currency: z.string(),
  totals: z.object(counters),
  rows: z.array(
    z.object({
      bucket: z
        .string()
        .optional()
        .describe(
          'groupBy=day: the local date; week: the local Monday starting it; month: its first local day; hour: the UTC hour',
        ),
      id: z.string().nullable().optional().describe('The model alias, department, user or key id (null = none)'),
      label: z.string().nullable().optional().describe('Department name, user name or e-mail, key name'),
      ...counters,
    }),
  ),
});

const DAY_MS = 86_400_000;

/** Reading usage back: the per-request listing, one request, a CSV export and rollup summaries. */
export function registerUsageRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/usage',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['usage'],
        summary: 'Per-request usage you may see, newest first (org, department subtree or your own)',
        querystring: usageFilters.extend({
          cursor: z.string().max(200).optional().describe("Opaque cursor from the previous page's nextCursor"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ data: z.array(usageOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { cursor, limit, ...filters } = req.query;
      const page = await db.withOrg(actor.orgId, async (tx) =>
        usagePage(tx, eventCondition(await usageReach(tx, actor), filters), cursor, limit),
      );
      return { data: page.items.map(presentUsageEvent), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/usage/export.csv',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['usage'],
        summary: 'The filtered listing as CSV, streamed page by page (money as a decimal and in micro-units)',
        querystring: usageFilters,
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const { reach, settings } = await db.withOrg(actor.orgId, async (tx) => ({
        reach: await usageReach(tx, actor),
        settings: await orgUsageSettings(tx),
      }));
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="usage-${stamp}.csv"`);
      return reply.send(Readable.from(usageCsvLines(db, actor.orgId, reach, req.query, settings.currency)));
    },
  );

  api.get(
    '/usage/summary',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['usage'],
        summary:
          'Usage totals grouped by day, week, month, hour, model, department, user or key — read from rollups, never raw events',
        querystring: usageFilters.pick({ departmentId: true, userId: true, keyId: true, model: true }).extend({
          from: z.iso.datetime({ offset: true }).optional().describe('Default: 30 days before `to`'),
          to: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
          groupBy: z
            .enum(GROUP_BY)
            .default('day')
            .describe('Time buckets (day, week from Monday, month in the org time zone; UTC hour) or a dimension'),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(1000)
            .optional()
            .describe('Only the first N rows: the top N by cost for a dimension; totals and groups still count all'),
        }),
        response: { 200: summaryOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { from: fromText, to: toText, groupBy, limit, ...filters } = req.query;
      const to = toText ? new Date(toText) : new Date();
      const from = fromText ? new Date(fromText) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw new AppError('invalid_request', 'from: must be before to', { param: 'from' });
      if (groupBy === 'hour' && to.getTime() - from.getTime() > 366 * DAY_MS)
        throw new AppError('invalid_request', 'groupBy=hour covers at most 366 days; use groupBy=day', {
          param: 'groupBy',
        });
      const { settings, rows, groups, totals } = await db.withOrg(actor.orgId, async (tx) => {
        const settings = await orgUsageSettings(tx);
        const reach = await usageReach(tx, actor);
        return { settings, ...(await usageSummary(tx, reach, { from, to, groupBy, filters, limit, ...settings })) };
      });
      const timeGroup = TIME_GROUPS.has(groupBy);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        groupBy,
        grain: groupBy === 'hour' ? ('hour' as const) : ('day' as const),
        groups,
        timezone: settings.timezone,
        currency: settings.currency,
        totals,
        rows: rows.map(({ key, label, ...sums }) =>
          timeGroup ? { bucket: key!, ...sums } : { id: key, label, ...sums },
        ),
      };
    },
  );

  api.get(
    '/usage/:requestId',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['usage'],
        summary: 'One request: its usage event, price snapshot and credits consumed',
        params: z.object({ requestId: z.string().min(1).max(128) }),
        response: {
          200: usageOut.extend({
            priceSnapshot: z.record(z.string(), z.unknown()).nullable().describe('Prices the cost was computed with'),
            reserved: z
              .boolean()
              .describe('Whether the request held a metering reservation (a budget, rate limit or credits applied)'),
            creditsMicros: z.number().int().describe('Prepaid credits this request consumed (micro-units)'),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const found = await db.withOrg(actor.orgId, async (tx) =>
        usageDetail(tx, await usageReach(tx, actor), req.params.requestId),
      );
      if (!found) throw new AppError('not_found', `No usage for request ${req.params.requestId}.`);
      return {
        ...presentUsageEvent(found.row),
        priceSnapshot: found.priceSnapshot,
        reserved: found.reserved,
        creditsMicros: found.creditsMicros,
      };
    },
  );
}
