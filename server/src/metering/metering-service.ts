import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { randomId } from '../lib/ids.ts';
import { periodTtlMs, periodWindow, type PeriodWindow } from './engine/periods.ts';
import { rateWindow, retryAfterSeconds, type MeteringStore, type ReserveLine } from './engine/store.ts';
import type { BudgetRule, LimitsDirectory, OrgLimits, RateRule } from './limits-directory.ts';
import { budgetRefusalMessage, creditsRefusalMessage, formatMoney, rateRefusalMessage } from './metering-format.ts';
import type {
  Estimate,
  Metering,
  Reservation,
  ReservationRefusal,
  ReservationRequest,
  Settlement,
} from './metering.ts';
import type { UsageEvent, UsageWriter } from './usage-writer.ts';

/** Whose quota to show: a person (their membership department) or a key. */
export interface QuotaSubject {
  orgId: string;
  departmentId: string | null;
  userId: string | null;
  keyId: string | null;
}

/** One budget as "my usage" shows it. Amounts in the budget's metric (cost: micro-units). */
export interface QuotaBudget {
  budgetId: string;
  scope: string;
  scopeType: BudgetRule['scopeType'];
  metric: BudgetRule['metric'];
  period: BudgetRule['period'];
  limit: number;
  temporaryIncrease: number;
  used: number;
  reserved: number;
  remaining: number;
  /** ISO instant the period ends; null for a total budget. */
  resetsAt: string | null;
}

/** One rate limit as "my usage" shows it, for the current minute. */
export interface QuotaRate {
  scope: string;
  scopeType: RateRule['scopeType'];
  measure: 'requests' | 'tokens';
  perMinute: number;
  remaining: number;
  resetsAt: string;
}

/** Everything that limits a person or key right now. */
export interface Quota {
  currency: string;
  timeZone: string;
  budgets: QuotaBudget[];
  rates: QuotaRate[];
  credits: { creditedMicros: number; consumedMicros: number; heldMicros: number; availableMicros: number } | null;
}

/** What one reserve line stands for, so settle knows the actual amount and refusals the words. */
type LinePurpose =
  | { kind: 'budget'; rule: BudgetRule; window: PeriodWindow; limit: number }
  | { kind: 'rate'; rule: RateRule; measure: 'requests' | 'tokens'; resetAt: number }
  | { kind: 'credits' };

/** A granted reservation with what settle needs. */
interface MeteredReservation extends Reservation {
  lines: ReserveLine[] | null;
  purposes: LinePurpose[];
  limits: OrgLimits | null;
  /** Counter levels (used + reserved) right after the hold, for alert checks after settle. */
  levels: number[];
}

/**
 * What a reaper needs to bill a reservation whose process died, kept with the reservation in the
 * store (its `meta`), so no extra write is needed on the hot path.
 */
interface ReservationMeta {
  /** org, department, user, key, model alias, endpoint, request id, stream */
  o: string;
  d: string | null;
  u: string | null;
  k: string | null;
  m: string;
  e: string;
  r: string;
  s: boolean;
  /** estimate: input tokens, output tokens, cost */
  i: number;
  x: number;
  c: number | null;
}

function parseMeta(meta: string | null): ReservationMeta | null {
  if (!meta) return null;
  try {
    return JSON.parse(meta) as ReservationMeta;
  } catch {
    return null;
  }
}

/**
 * The amount a settle puts on each line, from the counter's name alone (so the reaper can settle a
 * reservation of a process that died): budget counters 'bc:' cost, 'bt:' tokens, 'bq:' requests;
 * rate counters 'rr:' requests, 'rt:' tokens; credits 'c:' — the cost, at most what was held.
 */
function lineAmount(counter: string, estimate: number, tokens: number, cost: number): number {
  switch (counter.slice(0, 3)) {
    case 'bc:':
      return cost;
    case 'bt:':
    case 'rt:':
      return tokens;
    case 'bq:':
    case 'rr:':
      return 1;
    default:
      return counter.startsWith('c:') ? Math.min(cost, estimate) : estimate;
  }
}

const METRIC_LETTER = { cost: 'c', tokens: 't', requests: 'q' } as const;

/** Options of the metering service. */
export interface MeteringServiceOptions {
  /** After how long an unsettled reservation counts as abandoned and is settled at its estimate. */
  reservationTimeoutMs: number;
  /** How often the reaper looks for abandoned reservations. */
  reapIntervalMs?: number;
  now?: () => number;
}

const NO_HEADERS: Record<string, string> = {};

/** The reservation of a request no limit applies to: nothing held, nothing to settle. */
const UNMETERED: MeteredReservation = Object.freeze({
  id: null,
  headers: NO_HEADERS,
  lines: null,
  purposes: [],
  limits: null,
  levels: [],
});

/**
 * Exact metering on the hot path: one atomic reservation per request over every budget that
 * applies (org, the key's department and each ancestor, the person, the key), every rate limit and
 * the org's prepaid credits — one store round trip — then a settle to the actual usage or a
 * release. Counters of a budget's current period are rebuilt from the usage ledger the first time
 * this process meets them (the store keeps the larger of live and durable).
 */
export class MeteringService implements Metering {
  /**
   * Counters whose durable state this process has merged into the store (true), or is merging (the
   * promise every request for that counter waits on — none may reserve against a counter before).
   */
  private readonly loaded = new Map<string, Promise<void> | true>();
  private reaper: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** Alert keys already written by this process (the database deduplicates across processes). */
  private readonly alerted = new Set<string>();

  constructor(
    private readonly store: MeteringStore,
    private readonly limits: LimitsDirectory,
    private readonly db: Database,
    private readonly usage: UsageWriter,
    private readonly logger: Logger,
    private readonly options: MeteringServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the reaper of abandoned reservations. */
  start(): void {
    const every = this.options.reapIntervalMs ?? 5_000;
    this.reaper = setInterval(() => void this.reap(), every);
    this.reaper.unref();
  }

  stop(): void {
    if (this.reaper) clearInterval(this.reaper);
    this.reaper = null;
  }

  /**
   * Settles every abandoned reservation (its process died, or it outlived the timeout): from its
   * usage event when the process wrote one before dying, else at its estimate — never at zero —
   * after writing that estimate to the usage ledger, so counters, events and credits agree.
   */
  async reap(): Promise<number> {
    let count = 0;
    try {
      // Bounded: a reservation that cannot be settled now must not keep the reaper spinning.
      for (let round = 0; round < 10; round++) {
        const batch = await this.store.expired(this.now(), 100);
        let progress = 0;
        for (const r of batch) {
          try {
            if (await this.reapOne(r.id, r.lines, r.meta)) progress++;
          } catch (error) {
            this.logger.warn(
              { err: error, reservation: r.id },
              'abandoned reservation not settled; retried next round',
            );
          }
        }
        count += progress;
        if (batch.length < 100 || progress === 0) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'metering reaper failed; retrying next round');
    }
    return count;
  }

  private async reapOne(
    id: string,
    lines: Array<{ counter: string; estimate: number }>,
    note: string | null,
  ): Promise<boolean> {
    const meta = parseMeta(note);
    const estimates = lines.map((l) => l.estimate);
    if (!meta || !(await this.orgExists(meta.o))) {
      // Not one of ours, or its org is gone: the store's own rule, settled at the estimate.
      return (await this.store.settle(id, estimates)) !== false;
    }
    let event = await this.eventOf(meta.o, id);
    if (!event) {
      const credits = lines.find((l) => l.counter.startsWith('c:'));
      // Written on its own, not through the group-commit queue: a failure here must not fail
      // the live requests' batches.
      await this.usage.writeNow(estimatedEvent(meta, id, credits ? Math.min(meta.c ?? 0, credits.estimate) : 0));
      event = (await this.eventOf(meta.o, id)) ?? { tokens: meta.i + meta.x, cost: meta.c ?? 0 };
    }
    const settled = await this.store.settle(
      id,
      lines.map((l) => lineAmount(l.counter, l.estimate, event.tokens, event.cost)),
    );
    if (settled)
      this.logger.warn({ reservation: id, requestId: meta.r }, 'abandoned reservation settled by the reaper');
    return settled !== false;
  }

  private async orgExists(orgId: string): Promise<boolean> {
    const rows = await this.db.withSystem(
      async (tx) => (await tx.execute(sql`select 1 from organizations where id = ${orgId}`)).rows,
    );
    return rows.length > 0;
  }

  private async eventOf(orgId: string, reservationId: string): Promise<{ tokens: number; cost: number } | null> {
    const rows = await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`select tokens_in + tokens_out as tokens, coalesce(cost_micros, 0) as cost
                                 from usage_events where org_id = ${orgId} and reservation_id = ${reservationId}`)
        ).rows as Array<{ tokens: string | number; cost: string | number }>,
    );
    const row = rows[0];
    return row ? { tokens: Number(row.tokens), cost: Number(row.cost) } : null;
  }

  /**
   * The limits that apply to a person or key right now, with what is used and when each resets —
   * for "my usage", the web app's quota widget and `GET /v1/quota`. Reads the live counters (after
   * merging their durable state once, like reserve), so it shows what the next request meets.
   */
  async quota(who: QuotaSubject): Promise<Quota> {
    const limits = await this.limits.forOrg(who.orgId);
    const now = this.now();
    const at = new Date(now);
    const budgets: QuotaBudget[] = [];
    const rates: QuotaRate[] = [];
    for (const scope of this.scopesOf(who, limits)) {
      for (const rule of limits.budgets.get(scope) ?? []) {
        const window = periodWindow(rule.period, at, limits.timeZone, limits.weekStartsOn);
        const counter = `b${METRIC_LETTER[rule.metric]}:${rule.id}:${window.key}`;
        const ttlMs = periodTtlMs(window, at);
        await this.loadOnce(counter, () => this.durableUsage(limits, rule, window), ttlMs);
        const c = await this.store.snapshot(counter);
        const increase = rule.increaseExpiresAt !== null && rule.increaseExpiresAt > now ? rule.increase : 0;
        const limit = rule.limit + increase;
        budgets.push({
          budgetId: rule.id,
          scope: rule.label,
          scopeType: rule.scopeType,
          metric: rule.metric,
          period: rule.period,
          limit,
          temporaryIncrease: increase,
          used: c.used,
          reserved: c.reserved,
          remaining: Math.max(0, limit - c.used - c.reserved),
          resetsAt: window.end?.toISOString() ?? null,
        });
      }
      const rate = limits.rates.get(scope);
      if (rate) {
        const w = rateWindow(now);
        for (const measure of ['requests', 'tokens'] as const) {
          const limit = measure === 'requests' ? rate.requestsPerMinute : rate.tokensPerMinute;
          if (limit === null) continue;
          const c = await this.store.snapshot(`${measure === 'requests' ? 'rr' : 'rt'}:${scope}:${w.index}`);
          rates.push({
            scope: rate.label,
            scopeType: rate.scopeType,
            measure,
            perMinute: limit,
            remaining: Math.max(0, limit - c.used - c.reserved),
            resetsAt: new Date(w.resetAt).toISOString(),
          });
        }
      }
    }
    let credits: Quota['credits'] = null;
    if (limits.credits.enforced) {
      const counter = `c:${who.orgId}`;
      await this.loadOnce(counter, () => this.consumedCredits(who.orgId));
      const c = await this.store.snapshot(counter);
      credits = {
        creditedMicros: limits.credits.creditedMicros,
        consumedMicros: c.used,
        heldMicros: c.reserved,
        availableMicros: Math.max(0, limits.credits.creditedMicros - c.used - c.reserved),
      };
    }
    return { currency: limits.currency, timeZone: limits.timeZone, budgets, rates, credits };
  }

  async reserve(
    request: ReservationRequest,
  ): Promise<{ ok: true; reservation: Reservation } | { ok: false; refusal: ReservationRefusal }> {
    const limits = await this.limits.forOrg(request.orgId);
    if (request.unpriced && limits.unpricedRefused) {
      return {
        ok: false,
        refusal: {
          kind: 'unpriced',
          scope: `Organization "${limits.orgName}"`,
          message:
            `The model "${request.modelAlias}" has no price, and this organization refuses unpriced models. ` +
            'An administrator can set its prices or allow unpriced models in the organization settings.',
        },
      };
    }
    if (limits.unlimited) return { ok: true, reservation: UNMETERED };

    const now = this.now();
    const at = new Date(now);
    const estimate: Estimate = request.estimate();
    const cost = estimate.costMicros;
    const tokens = estimate.inputTokens + estimate.outputTokens;
    const lines: ReserveLine[] = [];
    const purposes: LinePurpose[] = [];
    const loads: Array<{ counter: string; rule: BudgetRule; window: PeriodWindow; ttlMs?: number }> = [];

    const scopes = this.scopesOf(request, limits);
    for (const scope of scopes) {
      for (const rule of limits.budgets.get(scope) ?? []) {
        let amount: number;
        if (rule.metric === 'cost') {
          // Unpriced (allowed and flagged) and zero-cost models are exempt from cost budgets.
          if (cost === null || cost === 0) continue;
          amount = cost;
        } else amount = rule.metric === 'tokens' ? tokens : 1;
        const window = periodWindow(rule.period, at, limits.timeZone, limits.weekStartsOn);
        const counter = `b${METRIC_LETTER[rule.metric]}:${rule.id}:${window.key}`;
        const ttlMs = periodTtlMs(window, at);
        const limit =
          rule.limit + (rule.increaseExpiresAt !== null && rule.increaseExpiresAt > now ? rule.increase : 0);
        lines.push({ counter, amount, limit, kind: 'budget', ...(ttlMs === undefined ? {} : { ttlMs }) });
        purposes.push({ kind: 'budget', rule, window, limit });
        if (this.loaded.get(counter) !== true)
          loads.push({ counter, rule, window, ...(ttlMs === undefined ? {} : { ttlMs }) });
      }
      const rate = limits.rates.get(scope);
      if (rate) {
        const w = rateWindow(now);
        if (rate.requestsPerMinute !== null) {
          lines.push({
            counter: `rr:${scope}:${w.index}`,
            amount: 1,
            limit: rate.requestsPerMinute,
            kind: 'rate',
            ttlMs: w.ttlMs,
          });
          purposes.push({ kind: 'rate', rule: rate, measure: 'requests', resetAt: w.resetAt });
        }
        if (rate.tokensPerMinute !== null) {
          lines.push({
            counter: `rt:${scope}:${w.index}`,
            amount: tokens,
            limit: rate.tokensPerMinute,
            kind: 'rate',
            ttlMs: w.ttlMs,
          });
          purposes.push({ kind: 'rate', rule: rate, measure: 'tokens', resetAt: w.resetAt });
        }
      }
    }
    if (limits.credits.enforced && cost !== null && cost > 0) {
      const counter = `c:${request.orgId}`;
      lines.push({ counter, amount: cost, limit: limits.credits.creditedMicros, kind: 'credits' });
      purposes.push({ kind: 'credits' });
      if (this.loaded.get(counter) !== true) await this.loadOnce(counter, () => this.consumedCredits(request.orgId));
    }
    for (const l of loads) await this.loadOnce(l.counter, () => this.durableUsage(limits, l.rule, l.window), l.ttlMs);
    if (lines.length === 0) return { ok: true, reservation: UNMETERED };

    // Request ids come from clients (x-request-id) and may repeat: a reservation gets its own id.
    const id = randomId('rsv_');
    const meta = (): string =>
      JSON.stringify({
        o: request.orgId,
        d: request.departmentId,
        u: request.userId,
        k: request.keyId,
        m: request.modelAlias,
        e: request.endpoint,
        r: request.requestId,
        s: request.stream,
        i: estimate.inputTokens,
        x: estimate.outputTokens,
        c: cost,
      } satisfies ReservationMeta);
    const result = await this.store.reserve(id, lines, {
      expiresAt: now + this.options.reservationTimeoutMs,
      meta,
    });
    if (!result.ok) {
      return { ok: false, refusal: this.refusal(limits, lines[result.line]!, purposes[result.line]!, result, now) };
    }
    const reservation: MeteredReservation = {
      id,
      headers: rateHeaders(lines, purposes, result.counters, now),
      lines,
      purposes,
      limits,
      levels: result.counters.map((c) => c.used + c.reserved),
    };
    return { ok: true, reservation };
  }

  creditsFor(reservation: Reservation, actual: Settlement): number {
    const r = reservation as MeteredReservation;
    if (!r.lines) return 0;
    const i = r.purposes.findIndex((p) => p.kind === 'credits');
    return i < 0 ? 0 : Math.min(actual.costMicros ?? 0, r.lines[i]!.amount);
  }

  /** Settles in flight (not awaited by the gateway), so a shutdown can wait for them. */
  private readonly settling = new Set<Promise<void>>();

  /** Waits for every settle in flight (graceful shutdown, before the store closes). */
  async drain(): Promise<void> {
    while (this.settling.size > 0) await Promise.allSettled([...this.settling]);
  }

  settle(reservation: Reservation, actual: Settlement): Promise<void> {
    const done = this.settleNow(reservation, actual);
    this.settling.add(done);
    void done.finally(() => this.settling.delete(done)).catch(() => {});
    return done;
  }

  private async settleNow(reservation: Reservation, actual: Settlement): Promise<void> {
    const r = reservation as MeteredReservation;
    if (!r.lines || r.id === null) return;
    const tokens = actual.tokensIn + actual.tokensOut;
    const cost = actual.costMicros ?? 0;
    const amounts = r.lines.map((line) => lineAmount(line.counter, line.amount, tokens, cost));
    // false: reaped meanwhile — settled from this request's usage event, or at its estimate.
    if (await this.store.settle(r.id, amounts, { lines: false })) this.checkAlerts(r, amounts);
  }

  async release(reservation: Reservation): Promise<void> {
    const r = reservation as MeteredReservation;
    if (!r.lines || r.id === null) return;
    await this.store.release(r.id);
  }

  /** The scope keys a request must pass: org, department and every ancestor, person, key. */
  private scopesOf(request: QuotaSubject, limits: OrgLimits): string[] {
    const scopes = ['org'];
    const seen = new Set<string>();
    for (let d = request.departmentId; d && !seen.has(d); d = limits.parents.get(d) ?? null) {
      seen.add(d);
      scopes.push(`d:${d}`);
    }
    if (request.userId) scopes.push(`u:${request.userId}`);
    if (request.keyId) scopes.push(`k:${request.keyId}`);
    return scopes;
  }

  private refusal(
    limits: OrgLimits,
    line: ReserveLine,
    purpose: LinePurpose,
    state: { used: number; reserved: number; limit: number },
    now: number,
  ): ReservationRefusal {
    if (purpose.kind === 'credits') {
      return {
        kind: 'credits',
        scope: `Organization "${limits.orgName}"`,
        message: creditsRefusalMessage(state.limit - state.used - state.reserved, line.amount, limits.currency),
      };
    }
    if (purpose.kind === 'rate') {
      const retry = retryAfterSeconds(purpose.resetAt, now);
      return {
        kind: 'rate',
        scope: purpose.rule.label,
        retryAfterSeconds: retry,
        message: rateRefusalMessage({
          scope: purpose.rule.label,
          measure: purpose.measure,
          limit: state.limit,
          retryAfterSeconds: retry,
          resetsAt: new Date(purpose.resetAt),
        }),
      };
    }
    return {
      kind: 'budget',
      scope: purpose.rule.label,
      message: budgetRefusalMessage({
        scope: purpose.rule.label,
        metric: purpose.rule.metric,
        period: purpose.rule.period,
        limit: state.limit,
        // What is held by requests in flight counts as used: it is spent or about to be.
        used: state.used + state.reserved,
        needed: line.amount,
        currency: limits.currency,
        resetsAt: purpose.window.end,
        timeZone: limits.timeZone,
      }),
    };
  }

  /** Merges a counter's durable state into the store once per process (concurrent callers share it). */
  private async loadOnce(counter: string, read: () => Promise<number>, ttlMs?: number): Promise<void> {
    const state = this.loaded.get(counter);
    if (state === true) return;
    if (state) return state;
    if (this.loaded.size > 100_000) this.loaded.clear();
    const loading = (async () => {
      const used = await read();
      await this.store.load([{ counter, used, ...(ttlMs === undefined ? {} : { ttlMs }) }]);
    })();
    this.loaded.set(counter, loading);
    try {
      await loading;
      this.loaded.set(counter, true);
    } catch (error) {
      this.loaded.delete(counter);
      throw error;
    }
  }

  /**
   * What the usage ledger says a budget's scope used in the period. A request counts toward a
   * requests budget when it was settled, i.e. reported tokens (released failures carry none).
   */
  private async durableUsage(limits: OrgLimits, rule: BudgetRule, window: PeriodWindow): Promise<number> {
    const measure =
      rule.metric === 'cost'
        ? sql`coalesce(sum(cost_micros), 0)`
        : rule.metric === 'tokens'
          ? sql`coalesce(sum(tokens_in + tokens_out), 0)`
          : sql`count(*) filter (where tokens_in + tokens_out > 0)`;
    let scope = sql`true`;
    if (rule.scopeType === 'user') scope = sql`user_id = ${rule.scopeId}`;
    else if (rule.scopeType === 'key') scope = sql`key_id = ${rule.scopeId}`;
    else if (rule.scopeType === 'department') {
      const subtree = descendants(limits.parents, rule.scopeId!);
      scope = sql`department_id = any(string_to_array(${subtree.join(',')}, ',')::uuid[])`;
    }
    const end = window.end ?? new Date(8.64e15);
    const rows = await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`select ${measure}::bigint as used from usage_events
                                where org_id = ${limits.orgId} and created_at >= ${window.start}
                                  and created_at < ${end} and ${scope}`)
        ).rows as Array<{ used: string | number }>,
    );
    return Number(rows[0]?.used ?? 0);
  }

  /** Credits consumed so far (the settle entries of the ledger). */
  private async consumedCredits(orgId: string): Promise<number> {
    const rows = await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`select coalesce(-sum(amount_micros), 0)::bigint as used from credit_ledger
                                where org_id = ${orgId} and entry_type = 'settle'`)
        ).rows as Array<{ used: string | number }>,
    );
    return Math.max(0, Number(rows[0]?.used ?? 0));
  }

  /**
   * Budget thresholds and the low-balance mark, checked after a settle against the level seen at
   * reserve (no extra round trip); an alert is written once (the database deduplicates).
   */
  private checkAlerts(r: MeteredReservation, amounts: number[]): void {
    const limits = r.limits!;
    r.purposes.forEach((p, i) => {
      const line = r.lines![i]!;
      // The level after this settle, as far as this request knows: what was held, corrected to actual.
      const level = r.levels[i]! - line.amount + amounts[i]!;
      if (p.kind === 'budget' && p.limit > 0) {
        for (const threshold of p.rule.thresholds) {
          if (level * 100 < threshold * p.limit) continue;
          const dedupe = `b:${p.rule.id}:${p.window.key}:${threshold}`;
          this.alert(limits, 'budget_threshold', dedupe, p.rule.id, {
            budgetId: p.rule.id,
            scope: p.rule.label,
            metric: p.rule.metric,
            period: p.rule.period,
            periodKey: p.window.key,
            threshold,
            limit: p.limit,
            used: level,
          });
        }
      }
      if (p.kind === 'credits' && limits.credits.lowBalanceMicros !== null) {
        const balance = limits.credits.creditedMicros - level;
        if (balance < limits.credits.lowBalanceMicros) {
          this.alert(limits, 'low_balance', `credits-low:${limits.credits.creditedMicros}`, null, {
            balanceMicros: balance,
            thresholdMicros: limits.credits.lowBalanceMicros,
            balance: formatMoney(Math.max(0, balance), limits.currency),
          });
        }
      }
    });
  }

  private alert(
    limits: OrgLimits,
    kind: 'budget_threshold' | 'low_balance',
    dedupe: string,
    budgetId: string | null,
    payload: Record<string, unknown>,
  ): void {
    const key = `${limits.orgId}:${dedupe}`;
    if (this.alerted.has(key)) return;
    this.alerted.add(key);
    if (this.alerted.size > 100_000) this.alerted.clear();
    void this.db
      .withSystem((tx) =>
        tx.execute(sql`insert into metering_alerts (org_id, kind, dedupe_key, budget_id, payload)
                       values (${limits.orgId}, ${kind}, ${dedupe}, ${budgetId}, ${JSON.stringify(payload)}::jsonb)
                       on conflict (org_id, dedupe_key) do nothing`),
      )
      .catch((error: unknown) => {
        this.alerted.delete(key);
        this.logger.warn({ err: error, dedupe }, 'metering alert could not be written; retried on the next request');
      });
  }
}

/** A department and every department below it. */
function descendants(parents: ReadonlyMap<string, string | null>, root: string): string[] {
  const children = new Map<string, string[]>();
  for (const [id, parent] of parents) {
    if (!parent) continue;
    const list = children.get(parent);
    if (list) list.push(id);
    else children.set(parent, [id]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]!) ?? []) out.push(c);
  return out;
}

/**
 * x-ratelimit-* headers: for requests and for tokens, the limit with the least remaining among the
 * rate limits that applied (the one the client will hit first).
 */
function rateHeaders(
  lines: readonly ReserveLine[],
  purposes: readonly LinePurpose[],
  counters: ReadonlyArray<{ used: number; reserved: number }>,
  now: number,
): Record<string, string> {
  let headers: Record<string, string> | null = null;
  const best: Partial<Record<'requests' | 'tokens', { limit: number; remaining: number; resetAt: number }>> = {};
  purposes.forEach((p, i) => {
    if (p.kind !== 'rate') return;
    const limit = lines[i]!.limit!;
    const c = counters[i]!;
    const remaining = Math.max(0, limit - c.used - c.reserved);
    const current = best[p.measure];
    if (!current || remaining < current.remaining) best[p.measure] = { limit, remaining, resetAt: p.resetAt };
  });
  for (const measure of ['requests', 'tokens'] as const) {
    const b = best[measure];
    if (!b) continue;
    headers ??= {};
    headers[`x-ratelimit-limit-${measure}`] = String(b.limit);
    headers[`x-ratelimit-remaining-${measure}`] = String(b.remaining);
    headers[`x-ratelimit-reset-${measure}`] = `${Math.max(0, Math.ceil((b.resetAt - now) / 1000))}s`;
  }
  return headers ?? NO_HEADERS;
}

/** The usage event a reaper writes for a reservation whose request left none: its estimate, flagged. */
function estimatedEvent(meta: ReservationMeta, reservationId: string, creditsMicros: number): UsageEvent {
  return {
    orgId: meta.o,
    requestId: meta.r,
    createdAt: new Date(),
    endpoint: meta.e,
    departmentId: meta.d,
    userId: meta.u,
    keyId: meta.k,
    modelAlias: meta.m,
    providerId: null,
    providerKind: null,
    upstreamModel: null,
    tokensIn: meta.i,
    tokensOut: meta.x,
    tokensCached: 0,
    costMicros: meta.c,
    pricing: meta.c === null ? 'unpriced' : 'priced',
    priceSnapshot: null,
    usageSource: 'estimated',
    latencyMs: 0,
    ttftMs: null,
    status: 500,
    errorCode: 'reservation_reaped',
    stream: meta.s,
    clientAborted: false,
    privacyCounts: null,
    creditsMicros,
    reservationId,
  };
}
