import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { OrgCache } from '../lib/org-cache.ts';
import type { BudgetPeriod, WeekStart } from './engine/periods.ts';

/** One enabled budget as the hot path needs it. */
export interface BudgetRule {
  id: string;
  scopeType: 'org' | 'department' | 'user' | 'key';
  scopeId: string | null;
  metric: 'cost' | 'tokens' | 'requests';
  period: BudgetPeriod;
  limit: number;
  increase: number;
  /** Epoch ms when the temporary increase lapses; null = no increase. */
  increaseExpiresAt: number | null;
  thresholds: readonly number[];
  /** Who the budget is on, for messages ('Department "Legal"'). */
  label: string;
}

/** Requests and tokens per minute on one scope. */
export interface RateRule {
  scopeType: 'org' | 'department' | 'user' | 'key';
  scopeId: string | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  label: string;
}

/** Everything metering knows about one org's limits; immutable once loaded. */
export interface OrgLimits {
  orgId: string;
  orgName: string;
  timeZone: string;
  weekStartsOn: WeekStart;
  currency: string;
  unpricedRefused: boolean;
  credits: { enforced: boolean; creditedMicros: number; lowBalanceMicros: number | null };
  /** Budgets by scope key: 'org', 'd:<id>', 'u:<id>', 'k:<id>'. */
  budgets: ReadonlyMap<string, readonly BudgetRule[]>;
  rates: ReadonlyMap<string, RateRule>;
  /** Department → parent (null at the root), for the ancestor chain and subtree sums. */
  parents: ReadonlyMap<string, string | null>;
  /** True when no budget, rate limit or credit balance applies (unpriced models are checked apart). */
  unlimited: boolean;
}

interface BudgetRow {
  id: string;
  scope_type: BudgetRule['scopeType'];
  scope_id: string | null;
  metric: BudgetRule['metric'];
  period: BudgetPeriod;
  limit_amount: string | number;
  increase_amount: string | number | null;
  increase_expires_at: string | Date | null;
  alert_thresholds: number[] | string;
  label: string | null;
}

interface RateRow {
  scope_type: RateRule['scopeType'];
  scope_id: string | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  label: string | null;
}

/** The name of a budget's or rate limit's scope (department, person, key) as a `label` column. */
function scopeLabelSql(t: SQL): SQL {
  return sql`case ${t}.scope_type when 'department' then d.name when 'user' then coalesce(nullif(u.name, ''), u.email)
                                   when 'key' then k.name end as label`;
}

/** The joins scopeLabelSql reads from. */
function scopeJoinsSql(t: SQL): SQL {
  return sql`left join departments d on ${t}.scope_type = 'department' and d.id = ${t}.scope_id
            left join users u on ${t}.scope_type = 'user' and u.id = ${t}.scope_id
            left join api_keys k on ${t}.scope_type = 'key' and k.id = ${t}.scope_id`;
}

/** The scope key of a budget or rate limit ('org', 'd:<id>', 'u:<id>', 'k:<id>'). */
export function scopeKey(scopeType: BudgetRule['scopeType'], scopeId: string | null): string {
  return scopeType === 'org' ? 'org' : `${scopeType[0]}:${scopeId}`;
}

function scopeLabel(scopeType: BudgetRule['scopeType'], name: string | null, orgName: string): string {
  if (scopeType === 'org') return `Organization "${orgName}"`;
  if (scopeType === 'department') return `Department "${name ?? 'unknown'}"`;
  if (scopeType === 'user') return `Personal limit of ${name ?? 'a removed person'}`;
  return `API key "${name ?? 'unknown'}"`;
}

function thresholdsOf(value: number[] | string): number[] {
  if (Array.isArray(value)) return value.map(Number);
  // A raw query may hand the array over as its text form '{50,80,95}'.
  return value.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

/**
 * Per-org cache of budgets, rate limits, credit settings and the department tree for the metering
 * hot path. Loaded on first use; every process polls for changed budgets, rate limits, credit
 * entries, departments and org settings and reloads those orgs, so a change reaches every gateway
 * process within about a second (`invalidate` makes it immediate in the process that made it).
 */
export class LimitsDirectory {
  private readonly cache: OrgCache<OrgLimits>;

  constructor(
    private readonly db: Database,
    logger: Logger,
    refreshMs: number,
  ) {
    this.cache = new OrgCache(
      'metering limits',
      logger,
      refreshMs,
      (orgId) => this.load(orgId),
      (since, cached) => this.changedOrgs(since, cached),
    );
  }

  start(): void {
    this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /** The limits of one org, from cache when warm. */
  forOrg(orgId: string): Promise<OrgLimits> {
    return this.cache.get(orgId);
  }

  /** Reloads an org on its next request (after a change made in this process). */
  invalidate(orgId: string): void {
    this.cache.invalidate(orgId);
  }

  /** One look for changes now (tests). */
  poll(): Promise<void> {
    return this.cache.poll();
  }

  private async load(orgId: string): Promise<OrgLimits> {
    return this.db.withSystem(async (tx) => {
      const [org] = (await tx.execute(sql`select name, settings from organizations where id = ${orgId}`))
        .rows as Array<{ name: string; settings: Record<string, unknown> | null }>;
      if (!org) throw new Error(`organization ${orgId} not found`);
      const settings = (org.settings ?? {}) as {
        timezone?: string;
        weekStartsOn?: number;
        currency?: string;
        unpricedModels?: 'refuse' | 'allow';
        credits?: { enforced?: boolean; lowBalanceMicros?: number };
      };
      const budgetRows = (
        await tx.execute(sql`
          select b.id, b.scope_type, b.scope_id, b.metric, b.period, b.limit_amount, b.increase_amount,
                 b.increase_expires_at, b.alert_thresholds,
                 ${scopeLabelSql(sql.raw('b'))}
            from budgets b
            ${scopeJoinsSql(sql.raw('b'))}
           where b.org_id = ${orgId} and b.enabled`)
      ).rows as unknown as BudgetRow[];
      const rateRows = (
        await tx.execute(sql`
          select r.scope_type, r.scope_id, r.requests_per_minute, r.tokens_per_minute,
                 ${scopeLabelSql(sql.raw('r'))}
            from rate_limits r
            ${scopeJoinsSql(sql.raw('r'))}
           where r.org_id = ${orgId}`)
      ).rows as unknown as RateRow[];
      const deptRows = (await tx.execute(sql`select id, parent_id from departments where org_id = ${orgId}`))
        .rows as Array<{ id: string; parent_id: string | null }>;
      const credited = settings.credits?.enforced
        ? Number(
            (
              (
                await tx.execute(sql`
                  select coalesce(sum(amount_micros), 0)::bigint as credited from credit_ledger
                   where org_id = ${orgId} and entry_type not in ('settle', 'reserve', 'release')`)
              ).rows[0] as { credited: string | number }
            ).credited,
          )
        : 0;

      const budgets = new Map<string, BudgetRule[]>();
      for (const row of budgetRows) {
        const rule: BudgetRule = {
          id: row.id,
          scopeType: row.scope_type,
          scopeId: row.scope_id,
          metric: row.metric,
          period: row.period,
          limit: Number(row.limit_amount),
          increase: row.increase_amount === null ? 0 : Number(row.increase_amount),
          increaseExpiresAt: row.increase_expires_at === null ? null : new Date(row.increase_expires_at).getTime(),
          thresholds: thresholdsOf(row.alert_thresholds),
          label: scopeLabel(row.scope_type, row.label, org.name),
        };
        const key = scopeKey(rule.scopeType, rule.scopeId);
        const list = budgets.get(key);
        if (list) list.push(rule);
        else budgets.set(key, [rule]);
      }
      const rates = new Map<string, RateRule>();
      for (const row of rateRows) {
        rates.set(scopeKey(row.scope_type, row.scope_id), {
          scopeType: row.scope_type,
          scopeId: row.scope_id,
          requestsPerMinute: row.requests_per_minute,
          tokensPerMinute: row.tokens_per_minute,
          label: scopeLabel(row.scope_type, row.label, org.name),
        });
      }
      const enforced = settings.credits?.enforced === true;
      const unpricedRefused = settings.unpricedModels !== 'allow';
      return {
        orgId,
        orgName: org.name,
        timeZone: settings.timezone ?? 'UTC',
        weekStartsOn: (settings.weekStartsOn ?? 1) as WeekStart,
        currency: settings.currency ?? 'USD',
        unpricedRefused,
        credits: { enforced, creditedMicros: credited, lowBalanceMicros: settings.credits?.lowBalanceMicros ?? null },
        budgets,
        rates,
        parents: new Map(deptRows.map((d) => [d.id, d.parent_id])),
        unlimited: budgets.size === 0 && rates.size === 0 && !enforced,
      };
    });
  }

  private async changedOrgs(since: Date, cachedOrgs: readonly string[]): Promise<string[]> {
    const cached = sql`any(string_to_array(${cachedOrgs.join(',')}, ',')::uuid[])`;
    const rows = (await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`
            select org_id from budgets where updated_at > ${since}
            union select org_id from rate_limits where updated_at > ${since}
            union select id from organizations where updated_at > ${since}
            union select org_id from departments where org_id = ${cached} and updated_at > ${since}
            union select org_id from credit_ledger
                   where org_id = ${cached} and created_at > ${since} and entry_type not in ('settle', 'reserve', 'release')
            union select org_id from cache_invalidations
                   where at > ${since} and table_name in ('budgets', 'rate_limits', 'organizations')`)
        ).rows,
    )) as unknown as Array<{ org_id: string }>;
    return rows.map((r) => r.org_id);
  }
}
