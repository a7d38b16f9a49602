import { describe, expect, it } from 'vitest';
import { cardBrand, detectCreditCards, isValidCardNumber, luhnValid } from './credit-card.ts';
import type { Candidate } from './pii-types.ts';

function found(text: string): string[] {
  const out: Candidate[] = [];
  detectCreditCards(text, out);
  return out.filter((c) => c.score >= 0.5).map((c) => text.slice(c.start, c.end));
}

describe('card validation', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('knows brand prefixes and lengths', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223000048400011')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('3530111333300000')).toBe('jcb');
    expect(cardBrand('30569309025904')).toBe('diners');
    expect(cardBrand('37828224631000')).toBeNull(); // Amex prefix, 14 digits
    expect(cardBrand('9111111111111111')).toBeNull();
  });

  it('accepts valid test cards and rejects near misses', () => {
    for (const n of ['4111 1111 1111 1111', '5555-5555-5555-4444', '3782 822463 10005', '6011111111111117']) {
      expect(isValidCardNumber(n), n).toBe(true);
    }
    expect(isValidCardNumber('4111 1111 1111 1112')).toBe(false);
    expect(isValidCardNumber('0000 0000 0000 0000')).toBe(false);
  });
});

describe('detectCreditCards', () => {
  it('finds cards in the usual groupings', () => {
    expect(found('Karte 4111 1111 1111 1111, gültig bis 12/27')).toEqual(['4111 1111 1111 1111']);
    expect(found('Amex 3714 496353 98431 declined')).toEqual(['3714 496353 98431']);
    expect(found('card:5555-5555-5555-4444')).toEqual(['5555-5555-5555-4444']);
  });

  it('vetoes numbers labelled as order, customer or tracking numbers', () => {
    expect(found('Bestellnummer 4111 1111 1111 1111')).toEqual([]);
    expect(found('Kunden-Nr. 4556730192837468')).toEqual([]);
    expect(found('Tracking number 4111111111111111')).toEqual([]);
  });

  it('ignores odd groupings and numbers inside longer digit runs', () => {
    expect(found('4111 11 1111 111 1111')).toEqual([]);
    expect(found('00034043416123456789041111111111111111')).toEqual([]);
  });
});
