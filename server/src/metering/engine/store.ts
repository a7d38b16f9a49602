/**
 * The metering store: atomic counters behind budgets, rate limits and the credit balance.
 *
 * A counter holds `used` (settled) and `reserved` (granted but not yet settled), integers in the
 * counter's unit (micro-units of money, tokens or requests). `reserve` grants a request only if
 * every one of its lines fits (`used + reserved + amount <= limit`), in one atomic step across all
 * lines, so no number of concurrent requests or gateway processes can reserve past a limit.
 *
 * Overspend bound. Settling moves a reservation into `used` at the *actual* amount, which may
 * exceed the estimate (the estimate is a worst case only when the output is capped). For budget
 * and rate lines, `used + reserved <= limit + Σ(actual − estimate)⁺` over the settles on that
 * counter: once the limit is reached no new reservation is granted, so a counter overshoots only
 * by what the reservations already in flight exceed their own estimates by — zero when every
 * request carries max_tokens (actual ≤ estimate ⇒ used ≤ limit, exactly). Credit lines never
 * overshoot: a settle charges at most the balance (as granted at reserve) not held by other
 * reservations, so `used <= limit` (the balance never goes negative); the shortfall is reported back
 * (`amount − charged`) for the caller to record. The reaper settles at the estimate: zero excess.
 *
 * Rate limits are fixed windows (`rateWindow`): the counter name carries the window index and the
 * counter expires with `ttlMs`. Each window's counter is exact, but a client can spend the limit at
 * the end of one window and again at the start of the next: at most 2 × limit in any sliding
 * window-length interval. Windows follow the gateway's clock (keep processes NTP-synced).
 *
 * `load` merges durable state as `used := max(live used, durable used)` and never touches
 * `reserved` or a reservation: see `MeteringStore.load`.
 */

/** Which kind of limit a line enforces; decides the refusal (402 budget/credits, 429 rate). */
export type LineKind = 'budget' | 'rate' | 'credits';

/** One counter a reservation checks and holds against. All numbers are non-negative integers. */
export interface ReserveLine {
  /** Counter name, e.g. 'b:<budgetId>:<periodKey>', 'rl:req:key:<id>:<window>', 'credits:<orgId>'. */
  counter: string;
  /** Estimated (worst-case) amount to hold. */
  amount: number;
  /** Hard limit (for credits: the balance); null = no limit, just count. */
  limit: number | null;
  kind: LineKind;
  /** Counter lifetime from now, in ms (rate windows, periods); absent = lives until deleted. */
  ttlMs?: number;
}

/** When an unsettled reservation counts as abandoned: epoch ms after which `reap` settles it. */
export interface ReserveOptions {
  expiresAt: number;
}

/** A counter's state: settled and currently held amounts. */
export interface CounterSnapshot {
  used: number;
  reserved: number;
}

/**
 * Outcome of `reserve`: granted (with each line's counter after holding, for x-ratelimit-remaining
 * headers), or refused naming the first line that does not fit and its counter at that moment.
 */
export type ReserveResult =
  | { ok: true; counters: CounterSnapshot[] }
  | { ok: false; line: number; used: number; reserved: number; limit: number };

/** One line of a settled reservation: `amount` applied (actual or estimate), `charged` into used. */
export interface SettledLine {
  counter: string;
  kind: LineKind;
  estimate: number;
  amount: number;
  /** Less than `amount` only for credits past the balance, or a counter that already expired. */
  charged: number;
}

/** A reservation that was settled, by the caller or the reaper. */
export interface SettledReservation {
  id: string;
  lines: SettledLine[];
}

/** A counter's durable state, rebuilt from Postgres by the caller. */
export interface LoadEntry {
  counter: string;
  used: number;
  ttlMs?: number;
}

/** The store contract both implementations (in-process, Redis) fulfil. Times are epoch ms. */
export interface MeteringStore {
  /**
   * Atomically check every line and, only if all fit, hold each amount and record the
   * reservation until `expiresAt`. Repeating a reserve with the same id and lines (a resent
   * command) is granted without holding twice; the same id with other lines throws.
   */
  reserve(id: string, lines: readonly ReserveLine[], options: ReserveOptions): Promise<ReserveResult>;
  /**
   * Move the reservation into used at the actual amounts (one per line) and delete it; false if
   * gone — already settled, released, or reaped (then the counters keep the estimate; the durable
   * ledger still records the actual usage).
   */
  settle(id: string, actualAmounts: readonly number[]): Promise<SettledReservation | false>;
  /** Drop the reservation without charging; false if gone. */
  release(id: string): Promise<boolean>;
  /** Settle every reservation expired at `now` at its estimate (never zero); returns them. */
  reap(now: number): Promise<SettledReservation[]>;
  /** A counter's current state (zeros when absent or expired). */
  snapshot(counter: string): Promise<CounterSnapshot>;
  /**
   * Merge durable state on start: `used := max(live, durable)`, `reserved` untouched. Live `used`
   * only lags Postgres when the counter was lost (restart, Redis flush); Postgres only lags live
   * `used` (group-committed usage), so the max never double-counts a settle and never drops one
   * the store has seen. Reservations made meanwhile keep holding. Sets `ttlMs` when given. The
   * one gap: a counter lost and then written by live traffic before load reaches it holds two
   * partial sums, and max keeps the larger — so load before serving traffic on a cold store.
   */
  load(counters: readonly LoadEntry[]): Promise<void>;
  /** How many reservations are in flight (a gauge for metrics; 0 after a final reap). */
  pending(): Promise<number>;
}

/** The fixed rate-limit window containing an instant: its index, bounds and counter lifetime. */
export interface RateWindow {
  /** Window number since the epoch; put it in the counter name ('rl:req:key:<id>:<index>'). */
  index: number;
  start: number;
  /** When the window's limit resets: for x-ratelimit-reset-* and Retry-After. */
  resetAt: number;
  /** Counter lifetime: to the end of the window plus one more window for late settles. */
  ttlMs: number;
}

/** The fixed window of `windowMs` (default one minute) containing `now`. */
export function rateWindow(now: number, windowMs: number = 60_000): RateWindow {
  const index = Math.floor(now / windowMs);
  const start = index * windowMs;
  const resetAt = start + windowMs;
  return { index, start, resetAt, ttlMs: resetAt - now + windowMs };
}

/** Whole seconds to wait until `resetAt` (Retry-After), at least 1. */
export function retryAfterSeconds(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000));
}

/** Most lines one reservation may carry (a request meets a handful of limits). */
export const MAX_LINES = 64;

const KINDS: ReadonlySet<string> = new Set<LineKind>(['budget', 'rate', 'credits']);

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** Throw TypeError for a malformed reserve call: a caller bug, never a refusal. */
export function assertReserveArgs(id: string, lines: readonly ReserveLine[], options: ReserveOptions): void {
  if (typeof id !== 'string' || id === '') throw new TypeError('reservation id must be a non-empty string');
  if (!Number.isSafeInteger(options.expiresAt)) throw new TypeError('expiresAt must be integer epoch ms');
  if (lines.length > MAX_LINES) throw new TypeError(`a reservation has at most ${MAX_LINES} lines`);
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const at = `line ${i} (${line.counter})`;
    if (typeof line.counter !== 'string' || line.counter === '') throw new TypeError(`line ${i}: empty counter`);
    if (seen.has(line.counter)) throw new TypeError(`${at}: the same counter twice in one reservation`);
    seen.add(line.counter);
    if (!isCount(line.amount)) throw new TypeError(`${at}: amount must be a non-negative safe integer`);
    if (line.limit !== null && !isCount(line.limit)) throw new TypeError(`${at}: limit must be an integer or null`);
    if (!KINDS.has(line.kind)) throw new TypeError(`${at}: unknown kind ${String(line.kind)}`);
    if (line.kind === 'credits' && line.limit === null) throw new TypeError(`${at}: credits need a balance`);
    if (line.ttlMs !== undefined && !(isCount(line.ttlMs) && line.ttlMs > 0)) {
      throw new TypeError(`${at}: ttlMs must be a positive integer`);
    }
  });
}

/** Throw TypeError unless every actual amount is a non-negative safe integer. */
export function assertAmounts(amounts: readonly number[]): void {
  if (!amounts.every(isCount)) throw new TypeError('actual amounts must be non-negative safe integers');
}

/** Throw TypeError for load entries that are not counters with integer used. */
export function assertLoadEntries(entries: readonly LoadEntry[]): void {
  for (const e of entries) {
    if (typeof e.counter !== 'string' || e.counter === '' || !isCount(e.used)) {
      throw new TypeError(`load: bad entry for ${String(e.counter)}`);
    }
    if (e.ttlMs !== undefined && !(isCount(e.ttlMs) && e.ttlMs > 0)) throw new TypeError('load: bad ttlMs');
  }
}

/**
 * What a settle may charge one line: the actual amount, except that credits never go past the
 * balance left after what other reservations hold (so used ≤ balance and the balance is ≥ 0).
 */
export function chargeable(
  kind: LineKind,
  limit: number | null,
  actual: number,
  used: number,
  reservedByOthers: number,
): number {
  if (kind !== 'credits' || limit === null) return actual;
  return Math.min(actual, Math.max(0, limit - used - reservedByOthers));
}
