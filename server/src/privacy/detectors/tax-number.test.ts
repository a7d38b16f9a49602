import { describe, expect, it } from 'vitest';
import type { Candidate } from './pii-types.ts';
import { detectTaxNumbers, isFederalTaxNumber } from './tax-number.ts';

function found(text: string): string[] {
  const out: Candidate[] = [];
  detectTaxNumbers(text, out);
  return out.map((c) => text.slice(c.start, c.end));
}

describe('detectTaxNumbers', () => {
  it('finds the state notations after a context word', () => {
    expect(found('Steuernummer 21/815/08150')).toEqual(['21/815/08150']);
    expect(found('St.-Nr.: 181/815/08155')).toEqual(['181/815/08155']);
    expect(found('Steuer-Nr. 93815/08152')).toEqual(['93815/08152']);
    expect(found('StNr 22/815/0815/4')).toEqual(['22/815/0815/4']);
    expect(found('Finanzamt Bremen, 75 815 08152')).toEqual(['75 815 08152']);
    expect(found('tax number 133/8150/8159')).toEqual(['133/8150/8159']);
  });

  it('finds the federal 13-digit form and checks its structure', () => {
    expect(found('Steuernummer: 2893081508152')).toEqual(['2893081508152']);
    expect(isFederalTaxNumber('9181081508155')).toBe(true);
    expect(isFederalTaxNumber('9181181508155')).toBe(false); // fifth digit must be 0
    expect(isFederalTaxNumber('6681081508155')).toBe(false); // no such state prefix
  });

  it('ignores bare digit groups and court file numbers', () => {
    expect(found('Bitte 21/815/08150 notieren.')).toEqual([]);
    expect(found('Az. 21/815/08150')).toEqual([]);
    expect(found('Steuernummer folgt. Rechnung 2024/0815/00123 vom 3.4.')).toEqual([]);
  });
});
