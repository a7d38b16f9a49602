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
 * `load` initialises a counter from durable state once (`used := max(live, durable)`), never
 * touching `reserved` or a reservation: see `MeteringStore.load`.
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
  /**
   * The caller's note on the reservation (what a reaper needs to bill it), returned by `expired`.
   * A function is called only when the note is needed: at once by a store that ships it elsewhere
   * (Redis), only for an expired reservation by the in-process store — most never are.
   */
  meta?: string | (() => string);
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

/** A reservation past its expiry and not yet settled, as `expired` lists it (nothing is changed). */
export interface ExpiredReservation {
  id: string;
  lines: Array<{ counter: string; kind: LineKind; estimate: number }>;
  /** The metadata given to `reserve`, or null. */
  meta: string | null;
}

/** A counter's durable state, rebuilt from Postgres by the caller. */
export interface LoadEntry {
  counter: string;
  used: number;
  ttlMs?: number;
}

/** How a settle answers. */
export interface SettleOptions {
  /** false: the caller needs only whether it settled; the result's lines may then be empty. */
  lines?: boolean;
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
  settle(id: string, actualAmounts: readonly number[], options?: SettleOptions): Promise<SettledReservation | false>;
  /** Drop the reservation without charging; false if gone. */
  release(id: string): Promise<boolean>;
  /** Settle every reservation expired at `now` at its estimate (never zero); returns them. */
  reap(now: number): Promise<SettledReservation[]>;
  /**
   * Up to `max` reservations expired at `now`, read only: a reaper that can tell the actual usage
   * (from the usage ledger) settles them with `settle`; `reap` settles them at the estimate instead.
   */
  expired(now: number, max: number): Promise<ExpiredReservation[]>;
  /** A counter's current state (zeros when absent or expired). */
  snapshot(counter: string): Promise<CounterSnapshot>;
  /**
   * Initialise counters from durable state, once per counter: the first load of a counter sets
   * `used := max(live, durable)` and marks it loaded; a later load of a loaded counter changes
   * nothing, because then live state is the authority — the usage ledger can run *ahead* of it
   * by requests recorded but not yet settled (the gateway writes the event before it settles),
   * and raising `used` to include them would count them twice when they settle. `reserved` and
   * reservations are never touched. Sets `ttlMs` on the first load. A counter that is lost (its
   * period expired, a Redis flush) is initialised again by the next load.
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
