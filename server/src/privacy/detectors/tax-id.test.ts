import { describe, expect, it } from 'vitest';
import type { Candidate } from './pii-types.ts';
import { detectTaxIds, isValidSteuerId, mod11_10CheckDigit } from './tax-id.ts';

function found(text: string): { text: string; score: number }[] {
  const out: Candidate[] = [];
  detectTaxIds(text, out);
  return out.map((c) => ({ text: text.slice(c.start, c.end), score: c.score }));
}

describe('Steuer-ID validation', () => {
  it('computes the ISO 7064 MOD 11,10 check digit', () => {
    expect(mod11_10CheckDigit('8609574271')).toBe(9);
    expect(mod11_10CheckDigit('8124768309')).toBe(6);
  });

  it('accepts valid ids, with or without the usual spacing', () => {
    for (const id of ['86095742719', '81247683096', '94563720689', '86 095 742 719', '19938764293']) {
      expect(isValidSteuerId(id), id).toBe(true);
    }
  });

  it('rejects a wrong check digit, a leading zero and a broken repetition rule', () => {
    expect(isValidSteuerId('86095742718')).toBe(false);
    expect(isValidSteuerId('06095742719')).toBe(false);
    // No digit repeated in the first ten.
    expect(isValidSteuerId('1234567890' + mod11_10CheckDigit('1234567890'))).toBe(false);
    // Two digits repeated.
    expect(isValidSteuerId('1123456788' + mod11_10CheckDigit('1123456788'))).toBe(false);
    // One digit three times in a row.
    expect(isValidSteuerId('1112345678' + mod11_10CheckDigit('1112345678'))).toBe(false);
    expect(isValidSteuerId('8609574271')).toBe(false);
  });
});

describe('detectTaxIds', () => {
  it('scores higher after a Steuer-ID label', () => {
    expect(found('Steuer-ID: 86 095 742 719')).toEqual([{ text: '86 095 742 719', score: 0.97 }]);
    expect(found('IdNr 81247683096')).toEqual([{ text: '81247683096', score: 0.97 }]);
    expect(found('Nummer 81247683096')[0]?.score).toBe(0.75);
  });

  it('vetoes reference numbers that happen to be valid', () => {
    expect(found('Vorgangsnummer 86095742719')).toEqual([]);
    expect(found('Kundennummer: 81247683096')).toEqual([]);
  });
});
