import {
  assertAmounts,
  assertLoadEntries,
  assertReserveArgs,
  chargeable,
  type CounterSnapshot,
  type ExpiredReservation,
  type LineKind,
  type LoadEntry,
  type MeteringStore,
  type ReserveLine,
  type ReserveOptions,
  type ReserveResult,
  type SettledLine,
  type SettledReservation,
} from './store.ts';

interface Counter {
  used: number;
  reserved: number;
  /** Initialised from durable state by `load` (later loads leave it alone). */
  loaded: boolean;
  /** Epoch ms after which the counter is gone; null = never. */
  expiresAt: number | null;
}

interface HeldLine {
  counter: string;
  amount: number;
  limit: number | null;
  kind: LineKind;
  /** The counter's expiry as set by this reserve, so a late settle does not revive a dead window. */
  counterExpiresAt: number | null;
}

interface Held {
  lines: HeldLine[];
  expiresAt: number;
  meta: string | (() => string) | null;
}

/** Options of the in-process store. */
export interface MemoryStoreOptions {
  /** Clock for counter expiry (epoch ms); tests may pass their own. */
  now?: () => number;
  /** How often `reap` also drops expired counters (ms). */
  sweepIntervalMs?: number;
}

/**
 * The in-process metering store for a single gateway process. Every method runs synchronously
 * to completion before its promise resolves, so each operation is atomic by construction.
 * reserve/settle/release cost O(lines); `reap` scans the reservations in flight (O(in flight))
 * and, every `sweepIntervalMs`, the counters, dropping expired ones (reads also ignore them).
 */
export class MemoryStore implements MeteringStore {
  private readonly counters = new Map<string, Counter>();
  private readonly reservations = new Map<string, Held>();
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private nextSweepAt = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
  }

  async reserve(id: string, lines: readonly ReserveLine[], options: ReserveOptions): Promise<ReserveResult> {
    assertReserveArgs(id, lines, options);
    const existing = this.reservations.get(id);
    if (existing) {
      if (!sameLines(existing.lines, lines)) throw new Error(`reservation ${id} already exists with other lines`);
      return { ok: true, counters: lines.map((line) => this.read(line.counter)) };
    }
    for (const [i, line] of lines.entries()) {
      if (line.limit === null) continue;
      const { used, reserved } = this.read(line.counter);
      if (used + reserved + line.amount > line.limit) return { ok: false, line: i, used, reserved, limit: line.limit };
    }
    const now = this.now();
    const held: HeldLine[] = [];
    const counters: CounterSnapshot[] = [];
    for (const line of lines) {
      const c = this.live(line.counter) ?? this.create(line.counter, null);
      c.reserved += line.amount;
      if (line.ttlMs !== undefined) c.expiresAt = now + line.ttlMs;
      const counterExpiresAt = line.ttlMs === undefined ? null : c.expiresAt;
      held.push({ counter: line.counter, amount: line.amount, limit: line.limit, kind: line.kind, counterExpiresAt });
      counters.push({ used: c.used, reserved: c.reserved });
    }
    this.reservations.set(id, { lines: held, expiresAt: options.expiresAt, meta: options.meta ?? null });
    return { ok: true, counters };
  }

  async settle(id: string, actualAmounts: readonly number[]): Promise<SettledReservation | false> {
    const held = this.reservations.get(id);
    if (!held) return false;
    if (actualAmounts.length !== held.lines.length) {
      throw new TypeError(`settle ${id}: ${actualAmounts.length} amounts for ${held.lines.length} lines`);
    }
    assertAmounts(actualAmounts);
    return this.finish(id, held, actualAmounts);
  }

  async release(id: string): Promise<boolean> {
    const held = this.reservations.get(id);
    if (!held) return false;
    this.reservations.delete(id);
    for (const line of held.lines) {
      const c = this.live(line.counter);
      if (c) c.reserved = Math.max(0, c.reserved - line.amount);
    }
    return true;
  }

  async reap(now: number): Promise<SettledReservation[]> {
    const settled: SettledReservation[] = [];
    for (const [id, held] of this.reservations) {
      if (held.expiresAt <= now) {
        settled.push(
          this.finish(
            id,
            held,
            held.lines.map((line) => line.amount),
          ),
        );
      }
    }
    this.sweep();
    return settled;
  }

  async expired(now: number, max: number): Promise<ExpiredReservation[]> {
    const out: ExpiredReservation[] = [];
    for (const [id, held] of this.reservations) {
      if (out.length >= max) break;
      if (held.expiresAt > now) continue;
      out.push({
        id,
        lines: held.lines.map((l) => ({ counter: l.counter, kind: l.kind, estimate: l.amount })),
        meta: typeof held.meta === 'function' ? held.meta() : held.meta,
      });
    }
    return out;
  }

  async snapshot(counter: string): Promise<CounterSnapshot> {
    return this.read(counter);
  }

  async load(entries: readonly LoadEntry[]): Promise<void> {
    assertLoadEntries(entries);
    const now = this.now();
    for (const entry of entries) {
      const c = this.live(entry.counter) ?? this.create(entry.counter, null);
      if (c.loaded) continue;
      c.loaded = true;
      c.used = Math.max(c.used, entry.used);
      if (entry.ttlMs !== undefined) c.expiresAt = now + entry.ttlMs;
    }
  }

  async pending(): Promise<number> {
    return this.reservations.size;
  }

  /** How many counters are held in memory, expired ones not yet swept included. */
  counterCount(): number {
    return this.counters.size;
  }

  /** Charge each line (credits capped at the balance) and forget the reservation. */
  private finish(id: string, held: Held, amounts: readonly number[]): SettledReservation {
    this.reservations.delete(id);
    const now = this.now();
    const lines = held.lines.map((line, i): SettledLine => {
      const amount = amounts[i] ?? line.amount;
      const result = { counter: line.counter, kind: line.kind, estimate: line.amount, amount, charged: 0 };
      let c = this.live(line.counter);
      if (!c) {
        // The counter's window or period is over: its usage no longer limits anything.
        if (line.counterExpiresAt !== null && line.counterExpiresAt <= now) return result;
        c = this.create(line.counter, line.counterExpiresAt);
      }
      const others = Math.max(0, c.reserved - line.amount);
      result.charged = chargeable(line.kind, line.limit, amount, c.used, others);
      c.reserved = others;
      c.used += result.charged;
      return result;
    });
    return { id, lines };
  }

  private read(counter: string): CounterSnapshot {
    const c = this.live(counter);
    return c ? { used: c.used, reserved: c.reserved } : { used: 0, reserved: 0 };
  }

  /** The counter if it exists and has not expired (an expired one is dropped on sight). */
  private live(counter: string): Counter | undefined {
    const c = this.counters.get(counter);
    if (c && c.expiresAt !== null && c.expiresAt <= this.now()) {
      this.counters.delete(counter);
      return undefined;
    }
    return c;
  }

  private create(counter: string, expiresAt: number | null): Counter {
    const c: Counter = { used: 0, reserved: 0, loaded: false, expiresAt };
    this.counters.set(counter, c);
    return c;
  }

  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepIntervalMs;
    for (const [name, c] of this.counters) {
      if (c.expiresAt !== null && c.expiresAt <= now) this.counters.delete(name);
    }
  }
}

function sameLines(held: readonly HeldLine[], lines: readonly ReserveLine[]): boolean {
  return (
    held.length === lines.length &&
    held.every((h, i) => {
      const l = lines[i];
      return (
        l !== undefined && h.counter === l.counter && h.amount === l.amount && h.limit === l.limit && h.kind === l.kind
      );
    })
  );
}
