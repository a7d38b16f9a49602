import { describe, expect, it } from 'vitest';
import { openOne, type StoreHarness } from './store-contract.ts';
import type { LineKind, MeteringStore, ReserveLine, SettledReservation } from './store.ts';

/** mulberry32: a tiny seeded PRNG, so a failing interleaving replays exactly from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface ModelCounter {
  kind: LineKind;
  limit: number | null;
  used: number;
  reserved: number;
  /** Σ (actual − estimate)⁺ of the settles on this counter: the documented overspend bound. */
  excess: number;
  /** Σ charged as the store reported it: what `used` must equal. */
  charged: number;
}

/** How often the run hit the interesting cases, so a quiet seed cannot pass vacuously. */
interface Stats {
  refused: number;
  overshoots: number;
  creditShortfalls: number;
  reaped: number;
}

interface ModelReservation {
  lines: ReserveLine[];
  expiresAt: number;
}

/** A counter per scope: three orgs, each with credits, two budgets, a token rate and a plain count. */
function scopes(): Map<string, ModelCounter> {
  const counters = new Map<string, ModelCounter>();
  const add = (name: string, kind: LineKind, limit: number | null): void => {
    counters.set(name, { kind, limit, used: 0, reserved: 0, excess: 0, charged: 0 });
  };
  for (const org of ['o1', 'o2', 'o3']) {
    add(`credits:${org}`, 'credits', 500);
    add(`b:${org}:dept`, 'budget', 400);
    add(`b:${org}:user`, 'budget', 250);
    add(`rl:tok:${org}:1`, 'rate', 300);
    add(`b:${org}:requests`, 'budget', null);
  }
  return counters;
}

/**
 * Drives `steps` random reserve / settle (actual below, at or above the estimate) / release /
 * crash / reap steps against the store and a plain model, and after every step checks the store
 * against the model and the invariants: no overspend past the documented bound, credits never
 * negative. Ends with a reap that must leave nothing in flight and used = Σ charged.
 */
async function run(store: MeteringStore, seed: number, steps: number): Promise<Stats> {
  const stats: Stats = { refused: 0, overshoots: 0, creditShortfalls: 0, reaped: 0 };
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const counters = scopes();
  const model = new Map<string, ModelReservation>();
  const finished: string[] = [];
  const abandoned = new Set<string>();
  let now = 1_000;
  let nextId = 0;
  let where = '';
  const counter = (name: string): ModelCounter => {
    const c = counters.get(name);
    if (!c) throw new Error(`no counter ${name}`);
    return c;
  };

  const apply = (settled: SettledReservation, mode: 'settle' | 'reap', actual?: readonly number[]): void => {
    const held = model.get(settled.id);
    expect(held, where).toBeDefined();
    if (!held) return;
    model.delete(settled.id);
    abandoned.delete(settled.id);
    finished.push(settled.id);
    held.lines.forEach((line, i) => {
      const c = counter(line.counter);
      const amount = mode === 'reap' ? line.amount : (actual?.[i] ?? -1);
      const others = c.reserved - line.amount;
      // Credits are capped at the balance the reservation was granted against.
      const room = Math.max(0, (line.limit ?? 0) - c.used - others);
      const expected = c.kind === 'credits' ? Math.min(amount, room) : amount;
      expect(settled.lines[i], where).toEqual({
        counter: line.counter,
        kind: line.kind,
        estimate: line.amount,
        amount,
        charged: expected,
      });
      c.used += expected;
      c.reserved = others;
      c.excess += Math.max(0, amount - line.amount);
      if (c.kind !== 'credits' && c.limit !== null && c.used > c.limit) stats.overshoots++;
      if (expected < amount) stats.creditShortfalls++;
      c.charged += settled.lines[i]?.charged ?? 0;
    });
  };

  const liveIds = (): string[] => [...model.keys()].filter((id) => !abandoned.has(id));

  for (let step = 0; step < steps; step++) {
    const op = rnd();
    where = `seed ${seed} step ${step}`;
    if (op < 0.38) {
      const org = `o${int(1, 3)}`;
      const lines: ReserveLine[] = [];
      for (const name of [`b:${org}:dept`, `b:${org}:user`, `rl:tok:${org}:1`, `credits:${org}`]) {
        if (name.startsWith('credits') || rnd() < 0.6) {
          const c = counter(name);
          lines.push({ counter: name, amount: int(0, 60), limit: c.limit, kind: c.kind });
        }
      }
      lines.push({ counter: `b:${org}:requests`, amount: 1, limit: null, kind: 'budget' });
      const id = `q${nextId++}`;
      const expiresAt = now + int(1, 50);
      const failing = lines.findIndex((l) => {
        const c = counter(l.counter);
        return l.limit !== null && c.used + c.reserved + l.amount > l.limit;
      });
      const result = await store.reserve(id, lines, { expiresAt });
      if (failing >= 0) {
        const l = lines[failing];
        const c = counter(l?.counter ?? '');
        expect(result, where).toEqual({
          ok: false,
          line: failing,
          used: c.used,
          reserved: c.reserved,
          limit: l?.limit,
        });
        stats.refused++;
      } else {
        expect(result.ok, where).toBe(true);
        for (const l of lines) counter(l.counter).reserved += l.amount;
        model.set(id, { lines, expiresAt });
      }
    } else if (op < 0.7) {
      const ids = liveIds();
      const id = ids[int(0, ids.length - 1)];
      if (id === undefined) continue;
      const lines = model.get(id)?.lines ?? [];
      const actual = lines.map((l) => {
        if (l.counter.endsWith(':requests')) return 1;
        const r = rnd();
        return r < 0.6 ? int(0, l.amount) : r < 0.85 ? l.amount : l.amount + int(1, 60);
      });
      const settled = await store.settle(id, actual);
      expect(settled, where).not.toBe(false);
      if (settled) apply(settled, 'settle', actual);
    } else if (op < 0.78) {
      const ids = liveIds();
      const id = ids[int(0, ids.length - 1)];
      if (id === undefined) continue;
      expect(await store.release(id), where).toBe(true);
      for (const l of model.get(id)?.lines ?? []) counter(l.counter).reserved -= l.amount;
      model.delete(id);
      finished.push(id);
    } else if (op < 0.84) {
      const ids = liveIds();
      const id = ids[int(0, ids.length - 1)];
      if (id !== undefined) abandoned.add(id); // the process died: nobody will settle it
    } else if (op < 0.88) {
      now += int(0, 30);
      const reaped = await store.reap(now);
      const due = [...model].filter(([, r]) => r.expiresAt <= now).map(([id]) => id);
      expect(reaped.map((r) => r.id).sort(), where).toEqual(due.sort());
      for (const r of reaped) apply(r, 'reap');
      stats.reaped += reaped.length;
    } else if (op < 0.95) {
      // A top-up or a raised budget: later reserves carry the higher limit.
      const limited = [...counters.values()].filter((c) => c.limit !== null);
      const c = limited[int(0, limited.length - 1)];
      if (c && c.limit !== null) c.limit += int(20, 150);
    } else {
      const id = finished[int(0, finished.length - 1)];
      if (id === undefined) continue;
      expect(await store.settle(id, [1]), where).toBe(false);
      expect(await store.release(id), where).toBe(false);
    }
    await check(store, counters, where);
    expect(await store.pending(), where).toBe(model.size);
  }

  const reaped = await store.reap(now + 1_000_000);
  for (const r of reaped) apply(r, 'reap');
  expect(await store.pending(), where).toBe(0);
  expect(model.size).toBe(0);
  for (const [name, c] of counters) {
    expect(await store.snapshot(name), `${where} final ${name}`).toEqual({ used: c.charged, reserved: 0 });
  }
  await check(store, counters, `${where} final`);
  return stats;
}

async function check(store: MeteringStore, counters: Map<string, ModelCounter>, where: string): Promise<void> {
  const names = [...counters.keys()];
  const states = await Promise.all(names.map((n) => store.snapshot(n)));
  names.forEach((name, i) => {
    const c = counters.get(name);
    const s = states[i];
    if (!c || !s) throw new Error('missing counter');
    expect(s, `${where} ${name}`).toEqual({ used: c.used, reserved: c.reserved });
    expect(s.reserved, `${where} ${name}`).toBeGreaterThanOrEqual(0);
    if (c.limit === null) return;
    if (c.kind === 'credits') {
      expect(c.limit - s.used, `${where} ${name} balance`).toBeGreaterThanOrEqual(0);
      expect(s.used + s.reserved, `${where} ${name}`).toBeLessThanOrEqual(c.limit);
    } else {
      expect(s.used + s.reserved, `${where} ${name} overspend bound`).toBeLessThanOrEqual(c.limit + c.excess);
    }
  });
}

/** The seeded random-interleaving property test, one `it` per seed. */
export function describeStoreProperties(
  getHarness: () => StoreHarness,
  options: { seeds: readonly number[]; steps: number },
): void {
  describe('random interleavings (seeded)', () => {
    for (const seed of options.seeds) {
      it(`keeps every invariant over ${options.steps} steps, seed ${seed}`, async () => {
        const stats = await run(await openOne(getHarness()), seed, options.steps);
        expect(
          Object.values(stats).every((n) => n > 0),
          JSON.stringify(stats),
        ).toBe(true);
      });
    }
  });
}
