import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Reach } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { formatAmount } from './metering-format.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';
import { uuidArray } from '../people/person-presenter.ts';

/** What a budget or rate limit applies to. */
export const SCOPE_TYPES = ['org', 'department', 'user', 'key'] as const;
/** What a budget counts: money (micro-units), tokens (in + out) or requests. */
export const METRICS = ['cost', 'tokens', 'requests'] as const;
/** Calendar periods in the org's time zone; 'total' never resets. */
export const PERIODS = ['day', 'week', 'month', 'total'] as const;

/** A scope type. */
export type ScopeType = (typeof SCOPE_TYPES)[number];
/** A budget metric. */
export type Metric = (typeof METRICS)[number];
/** A budget period. */
export type Period = (typeof PERIODS)[number];

const MICROS = 1_000_000n;
const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;

/**
 * A decimal amount in the org currency ("200.00", "0.000001") → integer micro-units, exactly:
 * parsed from its digits, never through a float. At most six decimals; negative only when allowed.
 */
export function parseAmount(raw: string, field: string, options: { negative?: boolean } = {}): number {
  const m = AMOUNT.exec(raw.trim());
  if (!m || (m[1] && !options.negative))
    throw new AppError(
      'invalid_request',
      `${field}: not an amount: "${raw}" (use digits with at most 6 decimals, e.g. 200.00${options.negative ? ' or -5.00' : ''})`,
      { param: field },
    );
  const micros = BigInt(m[2]!) * MICROS + BigInt((m[3] ?? '').padEnd(6, '0'));
  if (micros > BigInt(Number.MAX_SAFE_INTEGER))
    throw new AppError('invalid_request', `${field}: amount too large: "${raw}"`, { param: field });
  return Number(m[1] ? -micros : micros);
}

/** A decimal amount as JSON: "200.00" or 200.5 (a number is read from its shortest decimal form). */
const decimalAmount = z
  .union([z.string().max(40), z.number()])
  .describe('Amount in the org currency as a decimal, e.g. "200.00"; converted exactly to micro-units');

/** Integer ≥ 0 that fits a JavaScript number exactly. */
const count = z.number().int().min(0);

const thresholds = z
  .array(z.number().int().min(1).max(100))
  .max(10)
  .refine((v) => new Set(v).size === v.length, 'must not repeat a value')
  .describe('Percentages of the limit at which an alert fires, once per period each (stored sorted)');

const increase = z
  .object({
    amount: z.number().int().min(1).describe('Added to the limit until expiresAt, in the unit of the limit'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
      .describe('When the increase ends (ISO 8601, in the future)'),
  })
  .nullable()
  .describe('A temporary increase on top of the limit; null removes it');

/** The scope of a budget or rate limit in a request body. */
export const scopeFields = {
  scopeType: z.enum(SCOPE_TYPES),
  scopeId: z
    .uuid()
    .nullable()
    .optional()
    .describe('Department, user or key id in this org; null (or absent) for the org scope'),
};

/** POST /api/budgets. */
export const budgetCreateBody = z.object({
  name: z.string().trim().max(200).default(''),
  ...scopeFields,
  metric: z.enum(METRICS),
  period: z.enum(PERIODS),
  limit: count
    .optional()
    .describe('Hard limit in the unit of the metric: micro-units of the org currency (cost), tokens or requests'),
  limitAmount: decimalAmount.optional().describe('Cost budgets: the limit as a decimal amount, instead of `limit`'),
  alertThresholds: thresholds.default([50, 80, 95]),
  increase: increase.optional(),
  enabled: z.boolean().default(true),
});

/** PATCH /api/budgets/:id: scope, metric and period are fixed (create another budget instead). */
export const budgetPatchBody = z.object({
  name: z.string().trim().max(200).optional(),
  limit: count.optional().describe('New hard limit in the unit of the metric'),
  limitAmount: decimalAmount.optional().describe('Cost budgets: the new limit as a decimal amount'),
  alertThresholds: thresholds.optional(),
  increase: increase.optional(),
  enabled: z.boolean().optional(),
});

/**
 * The limit of a body in the metric's unit: `limit` as is, or `limitAmount` (cost only) converted
 * exactly from a decimal. Exactly one of them on create; at most one on update (undefined = keep).
 */
export function resolveLimit(
  metric: Metric,
  body: { limit?: number; limitAmount?: string | number },
  required: boolean,
): number | undefined {
  if (body.limit !== undefined && body.limitAmount !== undefined)
    throw new AppError('invalid_request', 'limitAmount: send either limit or limitAmount, not both', {
      param: 'limitAmount',
    });
  if (body.limitAmount !== undefined) {
    if (metric !== 'cost')
      throw new AppError('invalid_request', `limitAmount: only for cost budgets; a ${metric} budget takes limit`, {
        param: 'limitAmount',
      });
    return parseAmount(String(body.limitAmount), 'limitAmount');
  }
  if (body.limit === undefined && required)
    throw new AppError('invalid_request', 'limit: required (or limitAmount for a cost budget)', { param: 'limit' });
  return body.limit;
}

/** A budget as the API shows it. */
export const budgetOut = z.object({
  id: z.uuid(),
  name: z.string(),
  scopeType: z.enum(SCOPE_TYPES),
  scopeId: z.uuid().nullable(),
  metric: z.enum(METRICS),
  period: z.enum(PERIODS),
  limit: z.number().int().describe('In the unit of the metric: micro-units of the org currency, tokens or requests'),
  limitAmount: z.string().nullable().describe('Cost budgets: the limit as a decimal amount in `currency`'),
  currency: z.string().nullable().describe('Cost budgets: the org currency'),
  alertThresholds: z.array(z.number().int()),
  increase: z
    .object({ amount: z.number().int(), expiresAt: z.string(), active: z.boolean() })
    .nullable()
    .describe('A temporary increase; `active` is false once it has expired'),
  enabled: z.boolean(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** What a budget stands at in its current period, as the next request would meet it. */
export const budgetStatusOut = z
  .object({
    limit: z.number().int().describe('The limit now, including an active temporary increase'),
    used: z.number().int().describe('Settled usage in the current period, in the unit of the metric'),
    reserved: z.number().int().describe('Held for requests still running'),
    remaining: z.number().int().describe('limit − used − reserved, at least 0'),
    resetsAt: z.string().nullable().describe('When the period ends (ISO 8601); null for a total budget'),
  })
  .nullable()
  .describe('null while the budget is disabled (it counts nothing then)');

/** A budget in the listing: as budgetOut, plus whom it is on and where it stands. */
export const budgetListItemOut = budgetOut.extend({
  scopeName: z
    .string()
    .nullable()
    .describe("The department's name, the person's name (else e-mail) or the key's name; null for the org scope"),
  status: budgetStatusOut,
});

/**
 * The readable name of a budget's or rate limit's scope (aliased `s`) as a `scope_name` column:
 * subqueries rather than joins, so it drops into any select over `s` without changing its rows.
 */
export const SCOPE_NAME = sql`case s.scope_type
    when 'department' then (select d.name from departments d where d.id = s.scope_id)
    when 'user' then (select coalesce(nullif(u.name, ''), u.email) from users u where u.id = s.scope_id)
    when 'key' then (select k.name from api_keys k where k.id = s.scope_id) end as scope_name`;

/** A budget row as read by BUDGET_COLUMNS. */
export interface BudgetRow {
  id: string;
  name: string;
  scope_type: ScopeType;
  scope_id: string | null;
  metric: Metric;
  period: Period;
  limit_amount: string | number;
  alert_thresholds: number[];
  increase_amount: string | number | null;
  increase_expires_at: string | null;
  enabled: boolean;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** The columns of a budget, from `budgets s`. */
export const BUDGET_COLUMNS = sql`s.id, s.name, s.scope_type, s.scope_id, s.metric, s.period, s.limit_amount,
  s.alert_thresholds, s.increase_amount, s.increase_expires_at, s.enabled, s.created_by, s.created_at, s.updated_at`;

/** Names each field of a budget the API shows; money also as a decimal in the org currency. */
export function presentBudget(row: BudgetRow, currency: string) {
  const limit = Number(row.limit_amount);
  const cost = row.metric === 'cost';
  const expires = row.increase_expires_at ? new Date(row.increase_expires_at) : null;
  return {
    id: row.id,
    name: row.name,
    scopeType: row.scope_type,
    scopeId: row.scope_id,
    metric: row.metric,
    period: row.period,
    limit,
    limitAmount: cost ? formatAmount(limit) : null,
    currency: cost ? currency : null,
    alertThresholds: [...row.alert_thresholds].map(Number),
    increase:
      row.increase_amount !== null && expires
        ? {
            amount: Number(row.increase_amount),
            expiresAt: expires.toISOString(),
            active: expires.getTime() > Date.now(),
          }
        : null,
    enabled: row.enabled,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A budget of the current org, or 404. */
export async function loadBudget(tx: Tx, id: string): Promise<BudgetRow> {
  const [row] = (await tx.execute(sql`select ${BUDGET_COLUMNS} from budgets s where s.id = ${id}`))
    .rows as unknown as BudgetRow[];
  if (!row) throw new AppError('not_found', `No budget ${id}.`);
  return row;
}

/**
 * Serializes budget and rate-limit changes of one org for the rest of the transaction, so the
 * duplicate check and the write cannot interleave with another writer's.
 */
export async function lockLimits(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`limits:${orgId}`}, 0))`);
}

/** The current org's currency (ISO 4217; USD unless set). */
export async function orgCurrency(tx: Tx): Promise<string> {
  const [row] = (await tx.execute(sql`select coalesce(settings->>'currency', 'USD') as currency from organizations`))
    .rows as Array<{ currency: string }>;
  return row?.currency ?? 'USD';
}

/**
 * Checks that a scope is well-formed and names something of the current org: no id for 'org';
 * for the others a department, a member (by user id) or a key that exists here (RLS hides other
 * orgs', which are then 404 like any other resource of another org). Returns the normalized id.
 */
export async function checkScope(tx: Tx, scopeType: ScopeType, scopeId: string | null | undefined) {
  if (scopeType === 'org') {
    if (scopeId) throw new AppError('invalid_request', 'scopeId: must be null for the org scope', { param: 'scopeId' });
    return null;
  }
  if (!scopeId)
    throw new AppError('invalid_request', `scopeId: required for a ${scopeType} scope`, { param: 'scopeId' });
  const lookup = {
    department: sql`select 1 from departments where id = ${scopeId}`,
    user: sql`select 1 from memberships where user_id = ${scopeId}`,
    key: sql`select 1 from api_keys where id = ${scopeId}`,
  }[scopeType];
  if ((await tx.execute(lookup)).rows.length === 0) {
    const what = { department: 'department', user: 'member', key: 'API key' }[scopeType];
    throw new AppError('not_found', `scopeId: no ${what} ${scopeId} in this organization`, { param: 'scopeId' });
  }
  return scopeId;
}

/** The ids of a department and every department above it (whose budgets its requests also pass). */
async function departmentChain(tx: Tx, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const rows = (
    await tx.execute(sql`
      with recursive chain as (
        select id, parent_id from departments where id = ${departmentId}
        union all
        select d.id, d.parent_id from departments d join chain c on d.id = c.parent_id
      ) select id from chain`)
  ).rows as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

/**
 * Which budgets and rate limits (aliased `s`) an actor may read with `usage.read`:
 * - org reach: all of them;
 * - own reach: the org's, their department and every department above it, their own and their
 *   own keys' — the limits their requests pass;
 * - department reach (managers): all of the above plus the departments of their subtree and the
 *   people and keys in it.
 */
export async function visibleScopes(tx: Tx, actor: Actor, reach: Reach): Promise<SQL> {
  if (reach === 'org') return sql`true`;
  const me = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
  const chain = await departmentChain(tx, actor.departmentId);
  const own = sql`s.scope_type = 'org'
    or (s.scope_type = 'department' and s.scope_id = any(${uuidArray(chain)}))
    or (s.scope_type = 'user' and s.scope_id = ${me}::uuid)
    or (s.scope_type = 'key' and s.scope_id in (select id from api_keys where owner_user_id = ${me}::uuid))`;
  if (reach === 'own') return sql`(${own})`;
  const subtree = uuidArray(await departmentSubtree(tx, actor.departmentId));
  return sql`(${own}
    or (s.scope_type = 'department' and s.scope_id = any(${subtree}))
    or (s.scope_type = 'user' and s.scope_id in (select user_id from memberships where department_id = any(${subtree})))
    or (s.scope_type = 'key' and s.scope_id in (
          select k.id from api_keys k
            left join memberships m on m.user_id = k.owner_user_id and m.org_id = k.org_id
           where coalesce(k.owner_department_id, m.department_id) = any(${subtree}))))`;
}
