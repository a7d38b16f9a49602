import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';
import { phoneRegion } from './phone.ts';

function phones(text: string, region?: string): string[] {
  return detectPii(text, { region })
    .filter((s) => s.type === 'PHONE')
    .map((s) => s.text);
}

describe('PHONE', () => {
  it('finds German and international notations', () => {
    for (const n of [
      '+49 30 1234567',
      '0049 30 12345678',
      '030/1234567',
      '(030) 123 456-78',
      '0171 1234567',
      '030 12345-678',
      '+49 (0)89 2345 6789',
      '+49-40-8888-1234',
      '0 89 / 12 34 56',
      '+43 1 234 56 78',
      '+41 44 123 45 67',
      '+44 20 7946 0958',
      '+1 (212) 555-0199',
    ]) {
      expect(phones(`Bitte rufen Sie ${n} an.`), n).toEqual([n]);
    }
  });

  it('finds national numbers of other regions as a fallback, and US numbers by their shape', () => {
    expect(phones('UK mobile 07700 900123 please')).toEqual(['07700 900123']);
    expect(phones('call (212) 555-0147 today')).toEqual(['(212) 555-0147']);
    expect(phones('call 0171 1234567', 'AT')).toEqual(['0171 1234567']);
  });

  it('rejects dates, amounts, order numbers, court file numbers and versions', () => {
    expect(phones('Termin am 12.03.2024 um 10:30 Uhr')).toEqual([]);
    expect(phones('Preis: 1 299 000 EUR, Anzahlung 030 000 €')).toEqual([]);
    expect(phones('Bestellnummer 0301234567 und Rechnungsnr. 0171 1234567')).toEqual([]);
    expect(phones('Az. 3 O 123/24 und 2 BvR 1234/19')).toEqual([]);
    expect(phones('Version 10.0.19045.3803')).toEqual([]);
    expect(phones('Kundennummer 4711 0815 1234')).toEqual([]);
  });

  it('does not report the digits of an IBAN, a card or a date of birth as a phone', () => {
    const text = 'IBAN DE89 3704 0044 0532 0130 00, Karte 4111 1111 1111 1111, geb. 01.07.1985';
    expect(detectPii(text).map((s) => s.type)).toEqual(['IBAN', 'CREDIT_CARD', 'DATE_OF_BIRTH']);
  });

  it('falls back to DE for unknown regions', () => {
    expect(phoneRegion('xx')).toBe('DE');
    expect(phoneRegion('gb')).toBe('GB');
    expect(phoneRegion(undefined)).toBe('DE');
  });
});
