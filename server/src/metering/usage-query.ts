import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';

const instant = z.iso.datetime({ offset: true });

/** The filters of the usage listing and its CSV export. */
export const usageFilters = z.object({
  from: instant.optional().describe('Events at or after this instant (ISO 8601 with offset)'),
  to: instant.optional().describe('Events before this instant'),
  departmentId: z.uuid().optional().describe('Events of exactly this department'),
  userId: z.uuid().optional(),
  keyId: z.uuid().optional(),
  model: z.string().max(200).optional().describe('Model alias as the client asked for it'),
  status: z
    .string()
    .regex(/^(ok|error|[1-5][0-9][0-9])$/, "an HTTP status code, 'ok' (< 400) or 'error' (>= 400)")
    .optional()
    .describe("Exact HTTP status, 'ok' (< 400) or 'error' (>= 400)"),
  endpoint: z.string().max(200).optional().describe('Exact endpoint, e.g. /v1/chat/completions'),
});

/** Parsed usage filters. */
export type UsageFilters = z.infer<typeof usageFilters>;

/**
 * Who the reader may see usage of, decided once per request: the whole org, the departments of a
 * manager's subtree (plus their own requests), or only their own requests.
 */
export interface UsageReach {
  /** The reader's org. RLS enforces it anyway; naming it lets the planner estimate this org's rows. */
  orgId: string;
  reach: 'org' | 'department' | 'own';
  userId: string | null;
  departments: string[];
}

/** Authorizes `usage.read` and loads what the actor's reach covers (RLS keeps it to the org). */
export async function usageReach(tx: Tx, actor: Actor): Promise<UsageReach> {
  const reach = authorize(actor, 'usage.read');
  const userId = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
  const departments = reach === 'department' ? [...(await departmentSubtree(tx, actor.departmentId))] : [];
  return { orgId: actor.orgId, reach, userId, departments };
}

const uuids = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`;

/** The reach as a condition on a table alias with department_id and user_id (events or rollups). */
export function reachCondition(r: UsageReach, alias: string): SQL {
  const org = sql`${sql.raw(`${alias}.org_id`)} = ${r.orgId}`;
  const dept = sql.raw(`${alias}.department_id`);
  const user = sql.raw(`${alias}.user_id`);
  if (r.reach === 'org') return org;
  if (!r.userId) return r.reach === 'department' ? sql`${org} and ${dept} = any(${uuids(r.departments)})` : sql`false`;
  return r.reach === 'department'
    ? sql`${org} and (${dept} = any(${uuids(r.departments)}) or ${user} = ${r.userId})`
    : sql`${org} and ${user} = ${r.userId}`;
}

/** The scope filters (department, user, key, model) shared by the listing and the summary. */
function scopeConditions(f: Pick<UsageFilters, 'departmentId' | 'userId' | 'keyId' | 'model'>, alias: string): SQL[] {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const out: SQL[] = [];
  if (f.departmentId) out.push(sql`${col('department_id')} = ${f.departmentId}`);
  if (f.userId) out.push(sql`${col('user_id')} = ${f.userId}`);
  if (f.keyId) out.push(sql`${col('key_id')} = ${f.keyId}`);
  if (f.model !== undefined) out.push(sql`${col('model_alias')} = ${f.model}`);
  return out;
}

/** Every condition of the listing on usage_events `e`: reach, filters; only those given. */
export function eventCondition(r: UsageReach, f: UsageFilters): SQL {
  const parts = [reachCondition(r, 'e'), ...scopeConditions(f, 'e')];
  if (f.from) parts.push(sql`e.created_at >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`e.created_at < ${f.to}::timestamptz`);
  if (f.endpoint) parts.push(sql`e.endpoint = ${f.endpoint}`);
  if (f.status === 'ok') parts.push(sql`e.status < 400`);
  else if (f.status === 'error') parts.push(sql`e.status >= 400`);
  else if (f.status) parts.push(sql`e.status = ${Number(f.status)}`);
  return sql.join(parts, sql` and `);
}

/** A position in the listing: the last row's created_at (database text, microseconds intact) and id. */
interface Position {
  t: string;
  id: string;
}

/** Encodes the last row of a page as the opaque cursor of the next one. */
export function encodeUsageCursor(t: string, id: string): string {
  return Buffer.from(JSON.stringify({ t, id } satisfies Position)).toString('base64url');
}

/** Keyset condition continuing after `cursor` in (created_at desc, id desc) order. */
function afterUsageCursor(cursor: string | undefined): SQL {
  if (!cursor) return sql`true`;
  let pos: Position;
  try {
    pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof pos.t !== 'string' || Number.isNaN(Date.parse(pos.t)) || !/^[0-9]{1,19}$/.test(String(pos.id)))
      throw new Error('shape');
  } catch {
    throw new AppError('invalid_request', 'cursor: not a cursor returned by this endpoint', { param: 'cursor' });
  }
  return sql`(e.created_at, e.id) < (${pos.t}::timestamptz, ${pos.id}::bigint)`;
}

/** A usage event row as read for the listing, the detail and the CSV (labels joined). */
export interface UsageEventRow {
  id: string;
  cursor_t: string;
  request_id: string;
  created_at: string;
  endpoint: string;
  department_id: string | null;
  department_name: string | null;
  user_id: string | null;
  user_email: string | null;
  key_id: string | null;
  key_name: string | null;
  model_alias: string | null;
  provider_kind: string | null;
  upstream_model: string | null;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost_micros: string | null;
  pricing: 'priced' | 'unpriced';
  usage_source: 'provider' | 'estimated' | 'none';
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  error_code: string | null;
  stream: boolean;
  client_aborted: boolean;
  privacy_counts: Record<string, number> | null;
}

const EVENT_SELECT = sql`select e.id::text as id, e.created_at::text as cursor_t, e.request_id, e.created_at, e.endpoint,
    e.department_id, d.name as department_name, e.user_id, u.email as user_email, e.key_id, k.name as key_name,
    e.model_alias, e.provider_kind, e.upstream_model, e.tokens_in, e.tokens_out, e.tokens_cached, e.cost_micros,
    e.pricing, e.usage_source, e.latency_ms, e.ttft_ms, e.status, e.error_code, e.stream, e.client_aborted, e.privacy_counts
  from usage_events e
  left join departments d on d.id = e.department_id
  left join users u on u.id = e.user_id
  left join api_keys k on k.id = e.key_id`;

/**
 * One page of events matching `where`, newest first, continuing after `cursor`; asks for
 * `limit + 1` rows so the caller knows whether there is more. The (org_id, created_at, id) index
 * serves the order, so a page costs the same on the first day and after a million events.
 */
export async function usagePage(tx: Tx, where: SQL, cursor: string | undefined, limit: number) {
  const rows = (
    await tx.execute(sql`${EVENT_SELECT}
      where ${where} and ${afterUsageCursor(cursor)}
      order by e.created_at desc, e.id desc limit ${limit + 1}`)
  ).rows as unknown as UsageEventRow[];
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeUsageCursor(last.cursor_t, last.id) : null };
}

/**
 * The newest event the reader may see with this request id, its price snapshot, whether it held a
 * metering reservation and the credits it consumed, or null.
 */
export async function usageDetail(tx: Tx, r: UsageReach, requestId: string) {
  const [row] = (
    await tx.execute(sql`${EVENT_SELECT}
      where e.request_id = ${requestId} and ${reachCondition(r, 'e')}
      order by e.created_at desc, e.id desc limit 1`)
  ).rows as unknown as UsageEventRow[];
  if (!row) return null;
  const [extra] = (
    await tx.execute(sql`select e.price_snapshot, e.reservation_id is not null as reserved,
        (select coalesce(-sum(c.amount_micros), 0)::text from credit_ledger c
          where c.idempotency_key = 'settle:' || coalesce(e.reservation_id, e.request_id)) as credits_micros
      from usage_events e where e.id = ${row.id}::bigint`)
  ).rows as Array<{ price_snapshot: Record<string, unknown> | null; reserved: boolean; credits_micros: string }>;
  return {
    row,
    priceSnapshot: extra?.price_snapshot ?? null,
    reserved: extra?.reserved ?? false,
    creditsMicros: Number(extra?.credits_micros ?? 0),
  };
}

/** The org's time zone (as the usage writer resolved it for day rollups) and currency. */
export async function orgUsageSettings(tx: Tx): Promise<{ timezone: string; currency: string }> {
  const [row] = (
    await tx.execute(sql`select gatehouse_zone_or_utc(settings->>'timezone') as timezone,
                                coalesce(settings->>'currency', 'USD') as currency from organizations`)
  ).rows as Array<{ timezone: string; currency: string }>;
  if (!row) throw new AppError('not_found', 'Organization not found.');
  return row;
}

/**
 * What a summary is grouped by. Hour uses the hour rollups (UTC hours); everything else the day
 * rollups (org-local dates): week (starting Monday) and month are whole local days summed up.
 */
export const GROUP_BY = ['day', 'week', 'month', 'hour', 'model', 'department', 'user', 'key'] as const;

/** Groupings that are time buckets: listed oldest first rather than by cost. */
export const TIME_GROUPS: ReadonlySet<(typeof GROUP_BY)[number]> = new Set(['day', 'week', 'month', 'hour']);

/** One group of a summary; money in micro-units of the org's currency. */
export interface SummaryRow {
  key: string | null;
  label: string | null;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costMicros: number;
  unpricedRequests: number;
}

/** Per grouping: the rollup column grouped on, how its value is shown, and its label. */
const GROUPS: Record<(typeof GROUP_BY)[number], { column: string; key: string; label: string }> = {
  day: { column: 'u.bucket', key: "to_char(g.k at time zone 'UTC', 'YYYY-MM-DD')", label: 'null' },
  // A day row's bucket is its local date at 00:00 UTC, so truncating that wall time gives the
  // local Monday or first of the month the day belongs to.
  week: { column: "date_trunc('week', u.bucket at time zone 'UTC')", key: "to_char(g.k, 'YYYY-MM-DD')", label: 'null' },
  month: {
    column: "date_trunc('month', u.bucket at time zone 'UTC')",
    key: "to_char(g.k, 'YYYY-MM-DD')",
    label: 'null',
  },
  hour: { column: 'u.bucket', key: `to_char(g.k at time zone 'UTC', 'YYYY-MM-DD"T"HH24":00:00Z"')`, label: 'null' },
  model: { column: 'u.model_alias', key: 'g.k', label: "nullif(g.k, '')" },
  department: {
    column: 'u.department_id',
    key: 'g.k::text',
    label: '(select name from departments where id = g.k)',
  },
  user: {
    column: 'u.user_id',
    key: 'g.k::text',
    label: "(select coalesce(nullif(name, ''), email) from users where id = g.k)",
  },
  key: { column: 'u.key_id', key: 'g.k::text', label: '(select name from api_keys where id = g.k)' },
};

/** The summary's question: a half-open time range, a grouping, and scope filters. */
export interface SummaryQuery {
  from: Date;
  to: Date;
  groupBy: (typeof GROUP_BY)[number];
  timezone: string;
  filters: Pick<UsageFilters, 'departmentId' | 'userId' | 'keyId' | 'model'>;
  /** Return only the first N groups (totals and `groups` still cover all). */
  limit?: number;
}

/**
 * The summary statement: sums of rollups — never raw events — over [from, to) grouped as asked.
 * Hour grouping reads the hour rows (UTC hours overlapping the range); everything else reads the
 * day rows of the org-local dates the range touches, so a 90-day summary reads 90 days of day
 * rows however many events they stand for. Time groups come oldest first; the rest by cost, then
 * requests, descending. Exported so the benchmark can EXPLAIN exactly what the API runs.
 */
export function summaryStatement(r: UsageReach, q: SummaryQuery): SQL {
  const group = GROUPS[q.groupBy];
  const from = q.from.toISOString();
  const to = q.to.toISOString();
  const range =
    q.groupBy === 'hour'
      ? sql`u.grain = 'hour' and u.bucket >= date_trunc('hour', ${from}::timestamptz, 'UTC') and u.bucket < ${to}::timestamptz`
      : sql`u.grain = 'day'
        and u.bucket >= (${from}::timestamptz at time zone ${q.timezone})::date::timestamp at time zone 'UTC'
        and u.bucket <= ((${to}::timestamptz - interval '1 microsecond') at time zone ${q.timezone})::date::timestamp at time zone 'UTC'`;
  const where = sql.join([range, reachCondition(r, 'u'), ...scopeConditions(q.filters, 'u')], sql` and `);
  const order = TIME_GROUPS.has(q.groupBy) ? sql`g.k` : sql`g.cost_micros desc, g.requests desc, g.k`;
  return sql`
    with g as (
      select ${sql.raw(group.column)} as k, sum(u.requests) as requests, sum(u.errors) as errors,
             sum(u.tokens_in) as tokens_in, sum(u.tokens_out) as tokens_out, sum(u.tokens_cached) as tokens_cached,
             sum(u.cost_micros) as cost_micros, sum(u.unpriced_requests) as unpriced_requests
        from usage_rollups u where ${where} group by 1)
    select ${sql.raw(group.key)} as key, ${sql.raw(group.label)} as label, g.requests, g.errors, g.tokens_in,
           g.tokens_out, g.tokens_cached, g.cost_micros, g.unpriced_requests
      from g order by ${order}`;
}

/**
 * Runs the summary statement; rows as listed (only the first `q.limit` when given — the top N by
 * cost for the non-time groupings), plus the totals and number of all groups. Money in micro-units.
 */
export async function usageSummary(
  tx: Tx,
  r: UsageReach,
  q: SummaryQuery,
): Promise<{ rows: SummaryRow[]; groups: number; totals: Omit<SummaryRow, 'key' | 'label'> }> {
  const rows = (await tx.execute(summaryStatement(r, q))).rows as Array<Record<string, string | null>>;
  const out = rows.map((row) => ({
    key: row.key ?? null,
    label: row.label ?? null,
    requests: Number(row.requests),
    errors: Number(row.errors),
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    tokensCached: Number(row.tokens_cached),
    costMicros: Number(row.cost_micros),
    unpricedRequests: Number(row.unpriced_requests),
  }));
  const totals = {
    requests: 0,
    errors: 0,
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    costMicros: 0,
    unpricedRequests: 0,
  };
  for (const row of out) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += row[k];
  return { rows: q.limit === undefined ? out : out.slice(0, q.limit), groups: out.length, totals };
}
