import { describe, expect, it } from 'vitest';
import { PII_TYPES, detectPii } from './index.ts';

describe('detectPii', () => {
  it('lists every type once', () => {
    expect(new Set(PII_TYPES).size).toBe(11);
  });

  it('returns sorted, non-overlapping spans whose text matches the offsets', () => {
    const text =
      'Herr Jonas Weber (geb. 02.05.1987), Tel. +49 30 1234567, jonas@example.de, ' +
      'IBAN DE89 3704 0044 0532 0130 00, Hauptstraße 5, 10115 Berlin';
    const spans = detectPii(text);
    expect(spans.map((s) => s.type)).toEqual(['PERSON', 'DATE_OF_BIRTH', 'PHONE', 'EMAIL', 'IBAN', 'ADDRESS']);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.score).toBeGreaterThanOrEqual(0.5);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
  });

  it('counts offsets in UTF-16 code units across emoji and no-break spaces', () => {
    const text = '👋🏽 Grüße an Frau\u00A0Öztürk: +49\u202F30\u202F1234567';
    const spans = detectPii(text);
    expect(spans.map((s) => [s.type, s.text])).toEqual([
      ['PERSON', 'Öztürk'],
      ['PHONE', '+49\u202F30\u202F1234567'],
    ]);
    expect(spans[0]!.start).toBe(text.indexOf('Öztürk'));
  });

  it('filters by types after arbitration and by minScore', () => {
    const text = 'IBAN DE89 3704 0044 0532 0130 00';
    expect(detectPii(text, { types: new Set(['PHONE']) })).toEqual([]);
    expect(detectPii('Hallo Lukas', { minScore: 0.95 })).toEqual([]);
    expect(detectPii('')).toEqual([]);
  });
});
