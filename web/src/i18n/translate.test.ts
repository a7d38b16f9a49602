import { describe, expect, it } from 'vitest';
import { de } from './messages-de.ts';
import { en } from './messages-en.ts';
import { initialLanguage, translator } from './translate.ts';

describe('translator', () => {
  it('fills parameters and keeps unknown ones visible', () => {
    expect(translator('en')('usage.usedOf', { used: '$1.00', limit: '$5.00' })).toBe('$1.00 of $5.00 used');
    expect(translator('de')('usage.usedOf', { used: '1' })).toBe('1 von {limit} verbraucht');
  });

  it('has the same parameters in German as in English', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) expect(params(de[key]), key).toEqual(params(en[key]));
  });
});

describe('initialLanguage', () => {
  it('prefers the remembered language, then the browser, then English', () => {
    expect(initialLanguage('de', ['en-US'])).toBe('de');
    expect(initialLanguage(null, ['fr-FR', 'de-AT'])).toBe('de');
    expect(initialLanguage('xx', ['fr'])).toBe('en');
  });
});
