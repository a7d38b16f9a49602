import { describe, expect, it } from 'vitest';
import { PRICE_CATALOG, catalogPrice } from './price-catalog.ts';

describe('price catalog', () => {
  it('matches exact names and dated snapshots, preferring the longest name', () => {
    expect(catalogPrice('gpt-4o')?.model).toBe('gpt-4o');
    expect(catalogPrice('gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    expect(catalogPrice('gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(catalogPrice('claude-sonnet-4-20250514')?.model).toBe('claude-sonnet-4');
    expect(catalogPrice('claude-3-5-haiku-latest')?.model).toBe('claude-3-5-haiku');
    expect(catalogPrice('models/gemini-2.5-flash')?.model).toBe('gemini-2.5-flash');
    expect(catalogPrice('gemini-2.5-flash-lite')?.model).toBe('gemini-2.5-flash-lite');
  });

  it('does not guess for names it does not know or that only share a prefix', () => {
    expect(catalogPrice('gpt-4o-audio-preview')).toBeNull();
    expect(catalogPrice('gpt-4')).toBeNull();
    expect(catalogPrice('llama-3.1-70b')).toBeNull();
    expect(catalogPrice('o3-pro')).toBeNull();
  });

  it('holds integer micro-units, with input and output priced for every model', () => {
    for (const p of PRICE_CATALOG) {
      expect(Number.isSafeInteger(p.input), p.model).toBe(true);
      expect(Number.isSafeInteger(p.output), p.model).toBe(true);
      expect(p.cachedInput === null || Number.isSafeInteger(p.cachedInput), p.model).toBe(true);
    }
    expect(new Set(PRICE_CATALOG.map((p) => p.model)).size).toBe(PRICE_CATALOG.length);
  });
});
