import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.ts';
import { describeStoreContract, type StoreHarness } from './store-contract.ts';
import { describeConcurrency } from './store-concurrency.ts';
import { describeStoreProperties } from './store-properties.ts';

const harness: StoreHarness = {
  async open(peers = 1) {
    const store = new MemoryStore();
    return Array.from({ length: peers }, () => store);
  },
};

describe('MemoryStore', () => {
  describeStoreContract(() => harness);
  describeConcurrency(() => harness);
  describeStoreProperties(() => harness, { seeds: [1, 2, 3, 4], steps: 1500 });

  it('sweeps expired counters when reaping', async () => {
    let now = 1_000;
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 100 });
    await store.reserve('q1', [{ counter: 'w', amount: 1, limit: 5, kind: 'rate', ttlMs: 50 }], { expiresAt: 2_000 });
    await store.release('q1');
    await store.load([{ counter: 'forever', used: 3 }]);
    expect(store.counterCount()).toBe(2);
    now = 1_100;
    await store.reap(now);
    expect(store.counterCount()).toBe(1);
    expect(await store.snapshot('forever')).toEqual({ used: 3, reserved: 0 });
  });
});
