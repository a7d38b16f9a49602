import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PseudonymVault } from './pseudonym-vault.ts';

describe('PseudonymVault', () => {
  it('numbers per tag, reuses placeholders by identity and remembers the first surface form', () => {
    const vault = new PseudonymVault();
    expect(vault.placeholderFor('PERSON', 'Jürgen Weiß', 'DE')).toBe('<PERSON_1>');
    expect(vault.placeholderFor('EMAIL', 'jw@kanzlei.de', 'DE')).toBe('<EMAIL_1>');
    expect(vault.placeholderFor('PERSON', 'JÜRGEN\u00A0WEISS', 'DE')).toBe('<PERSON_1>');
    expect(vault.placeholderFor('CUSTOM:AKTENZEICHEN', '12 O 345/21', 'DE')).toBe('<CUSTOM_AKTENZEICHEN_1>');
    expect(vault.placeholderFor('PERSON', 'Anna Schmidt', 'DE')).toBe('<PERSON_2>');
    expect(vault.valueOf('<PERSON_1>')).toBe('Jürgen Weiß');
    expect([...vault.placeholders()]).toEqual(['<PERSON_1>', '<EMAIL_1>', '<CUSTOM_AKTENZEICHEN_1>', '<PERSON_2>']);
    expect(vault.size).toBe(4);
    expect(vault.longestPlaceholder).toBe('<CUSTOM_AKTENZEICHEN_1>'.length);
  });

  it('skips placeholders the client wrote, but not its own', () => {
    const vault = new PseudonymVault();
    vault.placeholderFor('EMAIL', 'a@b.de', 'DE');
    vault.reserveFoundIn('Vorlage <EMAIL_1> <EMAIL_2> <PERSON_1> <person_3> <EMAIL_0>');
    expect(vault.placeholderFor('EMAIL', 'c@d.de', 'DE')).toBe('<EMAIL_3>');
    expect(vault.placeholderFor('PERSON', 'Zoë', 'DE')).toBe('<PERSON_2>');
    expect(vault.valueOf('<EMAIL_2>')).toBeUndefined();
  });

  it('shows no value when logged or inspected', () => {
    const vault = new PseudonymVault();
    vault.placeholderFor('PERSON', 'Jürgen Weiß', 'DE');
    expect(JSON.stringify({ vault })).toBe('{"vault":{"placeholders":1}}');
    expect(inspect(vault, { depth: 5, showHidden: true })).not.toContain('Jürgen');
  });
});
