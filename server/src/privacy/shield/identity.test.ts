import { describe, expect, it } from 'vitest';
import { AllowList, identityKey, isPhoneLike, phoneKey, textKey } from './identity.ts';

describe('textKey', () => {
  it('ignores case, spaces of every kind, and ß versus ss', () => {
    expect(textKey('Jürgen  Weiß')).toBe('jürgenweiss');
    expect(textKey('JÜRGEN\u00A0WEISS')).toBe('jürgenweiss');
    expect(textKey('jürgen\u200Bweiß')).toBe('jürgenweiss');
    expect(textKey('Ａｂｃ')).toBe('abc'); // full-width letters fold under NFKC
  });
});

describe('phone keys', () => {
  it('treats national, +49 and 0049 forms of a German number as one', () => {
    expect(phoneKey('030 1234567', 'DE')).toBe('tel:49301234567');
    expect(phoneKey('+49 (30) 123-45-67', 'DE')).toBe('tel:49301234567');
    expect(phoneKey('0049 30 1234567', 'DE')).toBe('tel:49301234567');
    expect(phoneKey('01 234 5678', 'AT')).toBe('tel:4312345678');
    expect(phoneKey('030 1234567', 'ZZ')).toBe('tel:0301234567');
  });

  it('recognizes phone-like values', () => {
    expect(isPhoneLike('+49 30 1234567')).toBe(true);
    expect(isPhoneLike('030/123 45\u00A067')).toBe(true);
    expect(isPhoneLike('1234')).toBe(false);
    expect(isPhoneLike('Tel. 030 1234567')).toBe(false);
  });

  it('uses the phone key only for PHONE findings', () => {
    expect(identityKey('030 1234567', 'PHONE', 'DE')).toBe('tel:49301234567');
    expect(identityKey('030 1234567', 'CUSTOM:REF', 'DE')).toBe('0301234567');
  });
});

describe('AllowList', () => {
  const list = new AllowList(['Müller & Partner Rechtsanwälte', '+49 30 1234567', 'Kanzlei Weiß'], 'DE');

  it('matches values equal to an entry after normalization', () => {
    expect(list.hasValue('müller & partner rechtsanwälte', 'PERSON', 'DE')).toBe(true);
    expect(list.hasValue('030 / 123 45 67', 'PHONE', 'DE')).toBe(true);
    expect(list.hasValue('0049 30 1234567', 'CUSTOM:X', 'DE')).toBe(true);
    expect(list.hasValue('KANZLEI WEISS', 'PERSON', 'DE')).toBe(true);
    expect(list.hasValue('030 7654321', 'PHONE', 'DE')).toBe(false);
    expect(list.hasValue('Müller', 'PERSON', 'DE')).toBe(false);
  });

  it('finds entries inside text with any case and flexible whitespace', () => {
    const text = 'Von: MÜLLER &\u00A0Partner  Rechtsanwälte 😀 und kanzlei weiss.';
    expect(list.occurrences(text)).toEqual([
      [5, 36],
      [44, 57],
    ]);
    expect(text.slice(5, 36)).toBe('MÜLLER &\u00A0Partner  Rechtsanwälte');
    expect(text.slice(44, 57)).toBe('kanzlei weiss');
  });

  it('is empty without entries', () => {
    expect(new AllowList([], 'DE').isEmpty).toBe(true);
    expect(new AllowList([], 'DE').occurrences('anything')).toEqual([]);
  });
});
