import { describe, expect, it } from 'vitest';
import { computeCost } from './pricing.ts';

describe('computeCost', () => {
  const prices = { input: 150_000, output: 600_000, cachedInput: 75_000 }; // $0.15 / $0.60 / $0.075 per M

  it('charges input and output per million tokens in micro-units', () => {
    expect(computeCost(prices, { input: 1_000_000, output: 1_000_000, cached: 0 })).toEqual({
      pricing: 'priced',
      micros: 750_000,
    });
  });

  it('rounds a fraction of a micro-unit up, never down', () => {
    // 3 * 150_000 + 1 * 600_000 = 1_050_000 → 1.05 micro-units → 2
    expect(computeCost(prices, { input: 3, output: 1, cached: 0 })).toEqual({ pricing: 'priced', micros: 2 });
  });

  it('prices cached input at the cached rate, or at the input rate when none is set', () => {
    expect(computeCost(prices, { input: 1_000_000, output: 0, cached: 400_000 }).micros).toBe(90_000 + 30_000);
    expect(computeCost({ ...prices, cachedInput: null }, { input: 1_000_000, output: 0, cached: 400_000 }).micros).toBe(
      150_000,
    );
  });

  it('is unpriced, not free, when a price is missing', () => {
    expect(
      computeCost({ input: null, output: 600_000, cachedInput: null }, { input: 10, output: 10, cached: 0 }),
    ).toEqual({
      pricing: 'unpriced',
      micros: null,
    });
  });

  it('keeps zero-price models priced at zero', () => {
    expect(computeCost({ input: 0, output: 0, cachedInput: null }, { input: 10, output: 10, cached: 0 })).toEqual({
      pricing: 'priced',
      micros: 0,
    });
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    const big = computeCost(
      { input: 90_000_000, output: 90_000_000, cachedInput: null },
      {
        input: 2_000_000_000,
        output: 2_000_000_000,
        cached: 0,
      },
    );
    expect(big.micros).toBe(360_000_000_000);
  });
});
