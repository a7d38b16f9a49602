import { describe, expect, it } from 'vitest';
import type { StoreHarness } from './store-contract.ts';
import type { MeteringStore, ReserveLine, ReserveResult } from './store.ts';

function pick(stores: readonly MeteringStore[], i: number): MeteringStore {
  const s = stores[i % stores.length];
  if (!s) throw new Error('no store');
  return s;
}

/**
 * Concurrency across `peers` handles onto one store: for Redis, separate connections standing in
 * for separate gateway processes; in memory, one object.
 */
export function describeConcurrency(getHarness: () => StoreHarness, peers = 3): void {
  describe(`concurrency across ${peers} handles`, () => {
    it('grants exactly N of 200 concurrent reserves against a limit covering N, never above it', async () => {
      const stores = await getHarness().open(peers);
      const N = 37;
      const amount = 7;
      const limit = N * amount;
      const lines: ReserveLine[] = [
        { counter: 'b:dept', amount: 1_000, limit: 10_000_000, kind: 'budget' },
        { counter: 'credits:org', amount, limit, kind: 'credits' },
        { counter: 'rl:req:key:k:1', amount: 1, limit: null, kind: 'rate', ttlMs: 120_000 },
      ];
      const expiresAt = Date.now() + 600_000;
      const probes: Array<Promise<void>> = [];
      const calls: Array<Promise<ReserveResult>> = [];
      for (let i = 0; i < 200; i++) {
        calls.push(pick(stores, i).reserve(`q${i}`, lines, { expiresAt }));
        if (i % 10 === 0) {
          probes.push(
            pick(stores, i + 1)
              .snapshot('credits:org')
              .then((c) => expect(c.used + c.reserved).toBeLessThanOrEqual(limit)),
          );
        }
      }
      const results = await Promise.all(calls);
      await Promise.all(probes);
      const granted = results.flatMap((r, i) => (r.ok ? [`q${i}`] : []));
      expect(granted).toHaveLength(N);
      for (const r of results) {
        if (!r.ok) expect(r).toEqual({ ok: false, line: 1, used: 0, reserved: limit, limit });
      }
      expect(await stores[0]?.snapshot('credits:org')).toEqual({ used: 0, reserved: limit });
      expect(await stores[0]?.snapshot('rl:req:key:k:1')).toEqual({ used: 0, reserved: N });

      const settled = await Promise.all(granted.map((id, i) => pick(stores, i).settle(id, [900, amount, 1])));
      expect(settled.every((s) => s !== false)).toBe(true);
      expect(await stores[1]?.snapshot('credits:org')).toEqual({ used: N * amount, reserved: 0 });
      expect(await stores[1]?.snapshot('b:dept')).toEqual({ used: N * 900, reserved: 0 });
      expect(await stores[2]?.pending()).toBe(0);
    });

    it('settles each reservation exactly once when processes settle and reap it at the same time', async () => {
      const stores = await getHarness().open(peers);
      const lines: ReserveLine[] = [
        { counter: 'b:a', amount: 10, limit: null, kind: 'budget' },
        { counter: 'credits:c', amount: 10, limit: 1_000_000, kind: 'credits' },
      ];
      const ids = Array.from({ length: 60 }, (_, i) => `q${i}`);
      await Promise.all(ids.map((id, i) => pick(stores, i).reserve(id, lines, { expiresAt: 1_000 })));
      const [bySettle, reapA, reapB] = await Promise.all([
        Promise.all(ids.map((id) => pick(stores, 0).settle(id, [4, 4]))),
        pick(stores, 1).reap(2_000),
        pick(stores, 2).reap(2_000),
      ]);
      const settledIds = bySettle.flatMap((s) => (s === false ? [] : [s.id]));
      const reapedIds = [...reapA, ...reapB].map((r) => r.id);
      expect([...settledIds, ...reapedIds].sort()).toEqual([...ids].sort());
      const expected = settledIds.length * 4 + reapedIds.length * 10;
      expect(await pick(stores, 0).snapshot('b:a')).toEqual({ used: expected, reserved: 0 });
      expect(await pick(stores, 1).snapshot('credits:c')).toEqual({ used: expected, reserved: 0 });
      expect(await pick(stores, 2).pending()).toBe(0);
    });
  });
}
