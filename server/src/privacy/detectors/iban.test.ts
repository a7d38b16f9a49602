import { describe, expect, it } from 'vitest';
import { detectIbans, isValidIban } from './iban.ts';
import type { Candidate } from './pii-types.ts';

function found(text: string): string[] {
  const out: Candidate[] = [];
  detectIbans(text, out);
  return out.map((c) => text.slice(c.start, c.end));
}

describe('isValidIban', () => {
  it('accepts check-digit-correct IBANs of several countries, compact or grouped', () => {
    for (const iban of [
      'DE89370400440532013000',
      'DE89 3704 0044 0532 0130 00',
      'GB29 NWBK 6016 1331 9268 19',
      'AT611904300234573201',
      'CH93 0076 2011 6238 5295 7',
      'NL91ABNA0417164300',
      'FR14 2004 1010 0505 0001 3M02 606',
      'PL61 1090 1014 0000 0712 1981 2874',
      'de89370400440532013000',
    ]) {
      expect(isValidIban(iban), iban).toBe(true);
    }
  });

  it('rejects a wrong check digit, a wrong length and unknown countries', () => {
    expect(isValidIban('DE88370400440532013000')).toBe(false);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('XX89370400440532013000')).toBe(false);
    expect(isValidIban('DE98ZZZ09999999999')).toBe(false);
  });
});

describe('detectIbans', () => {
  it('finds grouped IBANs with spaces and no-break spaces, exact span', () => {
    expect(found('Konto: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX')).toEqual(['DE89 3704 0044 0532 0130 00']);
    expect(found('IBAN\u00A0DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000.')).toEqual([
      'DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000',
    ]);
    expect(found('refund to AT61-1904-3002-3457-3201 please')).toEqual(['AT61-1904-3002-3457-3201']);
  });

  it('ignores SEPA creditor ids, BICs, VAT ids and IBANs with a typo', () => {
    expect(found('Gläubiger-ID DE98ZZZ09999999999, BIC DEUTDEFF500, USt-IdNr. DE123456789')).toEqual([]);
    expect(found('IBAN DE89 3704 0044 0532 0130 01')).toEqual([]);
  });

  it('does not start inside a word or continue into one', () => {
    expect(found('XDE89370400440532013000')).toEqual([]);
    expect(found('DE89370400440532013000X')).toEqual([]);
  });
});
