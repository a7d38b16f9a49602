import { describe, expect, it } from 'vitest';
import { periodTtlMs, periodWindow } from './periods.ts';
import { rateWindow, retryAfterSeconds, type MeteringStore, type ReserveLine } from './store.ts';

/** Opens fresh, empty stores for one test; `peers` handles share one state (one per process). */
export interface StoreHarness {
  open(peers?: number): Promise<MeteringStore[]>;
}

/** One handle onto a fresh store. */
export async function openOne(harness: StoreHarness): Promise<MeteringStore> {
  const [store] = await harness.open(1);
  if (!store) throw new Error('harness opened no store');
  return store;
}

const later = (): number => Date.now() + 600_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function budget(counter: string, amount: number, limit: number | null, ttlMs?: number): ReserveLine {
  return { counter, amount, limit, kind: 'budget', ...(ttlMs === undefined ? {} : { ttlMs }) };
}

function credits(counter: string, amount: number, balance: number): ReserveLine {
  return { counter, amount, limit: balance, kind: 'credits' };
}

/** The behaviour every MeteringStore must show; `harness` is read when the tests run. */
export function describeStoreContract(getHarness: () => StoreHarness): void {
  const fresh = (): Promise<MeteringStore> => openOne(getHarness());

  describe('reserve', () => {
    it('holds every line when all fit and reports the counters after holding', async () => {
      const s = await fresh();
      const r = await s.reserve('q1', [budget('a', 30, 100), credits('c', 30, 50)], { expiresAt: later() });
      expect(r).toEqual({
        ok: true,
        counters: [
          { used: 0, reserved: 30 },
          { used: 0, reserved: 30 },
        ],
      });
      expect(await s.pending()).toBe(1);
    });

    it('refuses all-or-nothing and names the first line that does not fit', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 60, 100), credits('c', 40, 50)], { expiresAt: later() });
      const r = await s.reserve('q2', [budget('a', 30, 100), credits('c', 20, 50), budget('b', 999, 1)], {
        expiresAt: later(),
      });
      expect(r).toEqual({ ok: false, line: 1, used: 0, reserved: 40, limit: 50 });
      expect(await s.snapshot('a')).toEqual({ used: 0, reserved: 60 });
      expect(await s.snapshot('b')).toEqual({ used: 0, reserved: 0 });
      expect(await s.pending()).toBe(1);
    });

    it('fits exactly at the limit and counts without limit when the limit is null', async () => {
      const s = await fresh();
      expect((await s.reserve('q1', [budget('a', 100, 100)], { expiresAt: later() })).ok).toBe(true);
      expect((await s.reserve('q2', [budget('a', 0, 100)], { expiresAt: later() })).ok).toBe(true);
      expect((await s.reserve('q3', [budget('a', 1, 100)], { expiresAt: later() })).ok).toBe(false);
      expect((await s.reserve('q4', [budget('n', 1e12, null)], { expiresAt: later() })).ok).toBe(true);
      expect(await s.snapshot('n')).toEqual({ used: 0, reserved: 1e12 });
    });

    it('treats a resent reserve as the same reservation and throws for the same id with other lines', async () => {
      const s = await fresh();
      const lines = [budget('a', 10, 100)];
      await s.reserve('q1', lines, { expiresAt: later() });
      expect(await s.reserve('q1', lines, { expiresAt: later() })).toEqual({
        ok: true,
        counters: [{ used: 0, reserved: 10 }],
      });
      await expect(s.reserve('q1', [budget('a', 11, 100)], { expiresAt: later() })).rejects.toThrow(/already exists/);
      expect(await s.snapshot('a')).toEqual({ used: 0, reserved: 10 });
    });

    it('rejects malformed calls as bugs, not refusals', async () => {
      const s = await fresh();
      const opts = { expiresAt: later() };
      await expect(s.reserve('q', [budget('a', 1.5, 10)], opts)).rejects.toThrow(TypeError);
      await expect(s.reserve('q', [budget('a', -1, 10)], opts)).rejects.toThrow(TypeError);
      await expect(s.reserve('q', [budget('a', 1, 10), budget('a', 1, 10)], opts)).rejects.toThrow(TypeError);
      await expect(s.reserve('q', [{ counter: 'c', amount: 1, limit: null, kind: 'credits' }], opts)).rejects.toThrow(
        TypeError,
      );
      expect(await s.pending()).toBe(0);
    });
  });

  describe('settle and release', () => {
    it('settles at the actual amounts and frees the rest of the hold', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 50, 100), credits('c', 50, 80)], { expiresAt: later() });
      expect(await s.settle('q1', [20, 20])).toEqual({
        id: 'q1',
        lines: [
          { counter: 'a', kind: 'budget', estimate: 50, amount: 20, charged: 20 },
          { counter: 'c', kind: 'credits', estimate: 50, amount: 20, charged: 20 },
        ],
      });
      expect(await s.snapshot('a')).toEqual({ used: 20, reserved: 0 });
      expect(await s.pending()).toBe(0);
    });

    it('is idempotent: a second settle or release is a no-op returning false', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 50, 100)], { expiresAt: later() });
      await s.reserve('q2', [budget('a', 30, 100)], { expiresAt: later() });
      expect(await s.settle('q1', [40])).not.toBe(false);
      expect(await s.settle('q1', [40])).toBe(false);
      expect(await s.release('q1')).toBe(false);
      expect(await s.release('q2')).toBe(true);
      expect(await s.release('q2')).toBe(false);
      expect(await s.settle('q2', [30])).toBe(false);
      expect(await s.settle('never', [1])).toBe(false);
      expect(await s.snapshot('a')).toEqual({ used: 40, reserved: 0 });
    });

    it('settles the same when asked for the status only (lines: false)', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 50, 100), budget('b', 5, 10)], { expiresAt: later() });
      await s.reserve('q2', [budget('a', 30, 100)], { expiresAt: later() });
      expect(await s.settle('q1', [20, 5], { lines: false })).toMatchObject({ id: 'q1' });
      expect(await s.settle('q1', [20, 5], { lines: false })).toBe(false);
      await expect(s.settle('q2', [1, 2], { lines: false })).rejects.toThrow(TypeError);
      expect(await s.snapshot('a')).toEqual({ used: 20, reserved: 30 });
      expect(await s.snapshot('b')).toEqual({ used: 5, reserved: 0 });
      expect(await s.pending()).toBe(1);
    });

    it('throws when the amounts do not match the lines, and keeps the reservation', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 50, 100), budget('b', 5, 10)], { expiresAt: later() });
      await expect(s.settle('q1', [1])).rejects.toThrow(TypeError);
      await expect(s.settle('q1', [1, 2.5])).rejects.toThrow(TypeError);
      expect(await s.settle('q1', [1, 2])).not.toBe(false);
    });

    it('lets a budget overshoot by what the settle exceeds its estimate by, then refuses', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 90, 100)], { expiresAt: later() });
      await s.settle('q1', [110]);
      expect(await s.snapshot('a')).toEqual({ used: 110, reserved: 0 });
      expect(await s.reserve('q2', [budget('a', 0, 100)], { expiresAt: later() })).toMatchObject({ ok: false });
    });

    it('never takes credits past the balance, nor out of what other reservations hold', async () => {
      const s = await fresh();
      await s.reserve('q1', [credits('c', 50, 100)], { expiresAt: later() });
      await s.reserve('q2', [credits('c', 30, 100)], { expiresAt: later() });
      const first = await s.settle('q1', [90]); // 20 free + its own 50: charged 70, 20 short
      expect(first && first.lines[0]).toMatchObject({ amount: 90, charged: 70 });
      expect(await s.snapshot('c')).toEqual({ used: 70, reserved: 30 });
      const second = await s.settle('q2', [30]); // its hold is intact
      expect(second && second.lines[0]).toMatchObject({ amount: 30, charged: 30 });
      expect(await s.snapshot('c')).toEqual({ used: 100, reserved: 0 });
    });
  });

  describe('reap', () => {
    it('settles expired reservations at their estimate, never at zero, and only those', async () => {
      const s = await fresh();
      await s.reserve('dead', [budget('a', 40, 100), credits('c', 7, 10)], { expiresAt: 1_000 });
      await s.reserve('alive', [budget('a', 10, 100)], { expiresAt: 5_000 });
      const reaped = await s.reap(2_000);
      expect(reaped).toEqual([
        {
          id: 'dead',
          lines: [
            { counter: 'a', kind: 'budget', estimate: 40, amount: 40, charged: 40 },
            { counter: 'c', kind: 'credits', estimate: 7, amount: 7, charged: 7 },
          ],
        },
      ]);
      expect(await s.snapshot('a')).toEqual({ used: 40, reserved: 10 });
      expect(await s.settle('dead', [1, 1])).toBe(false);
      expect(await s.reap(2_000)).toEqual([]);
      expect(await s.pending()).toBe(1);
    });
  });

  describe('expired', () => {
    it('lists expired reservations with their lines without settling them', async () => {
      const s = await fresh();
      await s.reserve('dead', [budget('a', 40, 100), credits('c', 7, 10)], { expiresAt: 1_000, meta: '{"o":"x"}' });
      await s.reserve('alive', [budget('a', 10, 100)], { expiresAt: 5_000 });
      expect(await s.expired(2_000, 10)).toEqual([
        {
          id: 'dead',
          lines: [
            { counter: 'a', kind: 'budget', estimate: 40 },
            { counter: 'c', kind: 'credits', estimate: 7 },
          ],
          meta: '{"o":"x"}',
        },
      ]);
      expect(await s.snapshot('a')).toEqual({ used: 0, reserved: 50 });
      // The reaper settles it from the ledger's actual usage, below the estimate.
      expect(await s.settle('dead', [25, 5])).toMatchObject({ id: 'dead' });
      expect(await s.snapshot('a')).toEqual({ used: 25, reserved: 10 });
      expect(await s.expired(2_000, 10)).toEqual([]);
      expect((await s.expired(9_000, 10)).map((r) => r.id)).toEqual(['alive']);
      expect(await s.expired(9_000, 0)).toEqual([]);
    });
  });

  describe('load', () => {
    it('initialises a counter from durable state once, as max(live, durable), leaving reservations holding', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('a', 30, 1_000)], { expiresAt: later() });
      await s.load([{ counter: 'a', used: 500 }]);
      expect(await s.snapshot('a')).toEqual({ used: 500, reserved: 30 });
      expect(await s.reserve('q2', [budget('a', 471, 1_000)], { expiresAt: later() })).toMatchObject({ ok: false });
      await s.settle('q1', [25]);
      expect(await s.snapshot('a')).toEqual({ used: 525, reserved: 0 });
    });

    it('leaves a loaded counter to live state: the ledger may be ahead by requests not yet settled', async () => {
      const s = await fresh();
      await s.load([{ counter: 'a', used: 200 }]);
      await s.reserve('q1', [budget('a', 10, 1_000)], { expiresAt: later() });
      // The gateway records q1's event (durable 210) before settling it; another process loads then.
      await s.load([
        { counter: 'a', used: 210 },
        { counter: 'fresh', used: 7, ttlMs: 60_000 },
      ]);
      expect(await s.snapshot('a')).toEqual({ used: 200, reserved: 10 });
      await s.settle('q1', [10]);
      expect(await s.snapshot('a')).toEqual({ used: 210, reserved: 0 });
      await s.load([{ counter: 'a', used: 100 }]); // an older snapshot never lowers it either
      expect(await s.snapshot('a')).toEqual({ used: 210, reserved: 0 });
      expect(await s.snapshot('fresh')).toEqual({ used: 7, reserved: 0 });
    });
  });

  describe('rate windows', () => {
    it('computes the fixed window, its reset and Retry-After', () => {
      const now = Date.parse('2026-03-29T12:00:59.500Z');
      const w = rateWindow(now);
      expect(w).toEqual({
        index: Math.floor(now / 60_000),
        start: Date.parse('2026-03-29T12:00:00Z'),
        resetAt: Date.parse('2026-03-29T12:01:00Z'),
        ttlMs: 60_500,
      });
      expect(retryAfterSeconds(w.resetAt, now)).toBe(1);
      expect(retryAfterSeconds(w.resetAt, w.start)).toBe(60);
    });

    it('refuses past the limit within a window and grants again in the next', async () => {
      const s = await fresh();
      const now = Date.parse('2026-03-29T12:00:30Z');
      const rpm = (at: number): ReserveLine => {
        const w = rateWindow(at);
        return { counter: `rl:req:key:k1:${w.index}`, amount: 1, limit: 2, kind: 'rate', ttlMs: w.ttlMs };
      };
      expect((await s.reserve('q1', [rpm(now)], { expiresAt: later() })).ok).toBe(true);
      expect((await s.reserve('q2', [rpm(now)], { expiresAt: later() })).ok).toBe(true);
      expect(await s.reserve('q3', [rpm(now)], { expiresAt: later() })).toEqual({
        ok: false,
        line: 0,
        used: 0,
        reserved: 2,
        limit: 2,
      });
      expect((await s.reserve('q4', [rpm(rateWindow(now).resetAt)], { expiresAt: later() })).ok).toBe(true);
    });

    it('drops a counter when its ttl passes and does not revive it with a late settle', async () => {
      const s = await fresh();
      await s.reserve('q1', [budget('w', 5, 5, 60)], { expiresAt: later() });
      await s.reserve('q2', [budget('other', 1, 5)], { expiresAt: later() });
      expect((await s.reserve('q3', [budget('w', 1, 5, 60)], { expiresAt: later() })).ok).toBe(false);
      await sleep(150);
      expect(await s.snapshot('w')).toEqual({ used: 0, reserved: 0 });
      const late = await s.settle('q1', [5]);
      expect(late && late.lines[0]).toMatchObject({ amount: 5, charged: 0 });
      expect(await s.snapshot('w')).toEqual({ used: 0, reserved: 0 });
      expect((await s.reserve('q4', [budget('w', 5, 5, 60_000)], { expiresAt: later() })).ok).toBe(true);
    });
  });

  describe('budget periods', () => {
    it('moves to a new day counter at the DST-correct instant (Berlin, 2026-03-29 22:00Z)', async () => {
      const s = await fresh();
      const line = (iso: string): ReserveLine => {
        const at = new Date(iso);
        const w = periodWindow('day', at, 'Europe/Berlin', 1);
        return budget(`b:bud1:${w.key}`, 100, 100, periodTtlMs(w, at));
      };
      await s.reserve('q1', [line('2026-03-28T23:00:00.000Z')], { expiresAt: later() });
      await s.settle('q1', [100]);
      expect((await s.reserve('q2', [line('2026-03-29T21:59:59.999Z')], { expiresAt: later() })).ok).toBe(false);
      expect((await s.reserve('q3', [line('2026-03-29T22:00:00.000Z')], { expiresAt: later() })).ok).toBe(true);
      expect(await s.snapshot('b:bud1:d:2026-03-29')).toEqual({ used: 100, reserved: 0 });
      expect(await s.snapshot('b:bud1:d:2026-03-30')).toEqual({ used: 0, reserved: 100 });
    });
  });
}
