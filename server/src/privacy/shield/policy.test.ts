import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIVACY_POLICY, modeFor, privacyPolicySchema } from './policy.ts';

describe('privacyPolicySchema', () => {
  it('fills every default from {}', () => {
    expect(DEFAULT_PRIVACY_POLICY).toEqual({
      mode: { default: 'pseudonymize', byType: {} },
      minScore: 0.5,
      region: 'DE',
      customPatterns: [],
      allowList: [],
    });
  });

  it('keeps per-type overrides and upper-cases custom pattern names', () => {
    const policy = privacyPolicySchema.parse({
      mode: { default: 'mask', byType: { EMAIL: 'pseudonymize', IBAN: 'block' } },
      customPatterns: [
        { name: 'Aktenzeichen', pattern: '\\d+ O \\d+/\\d{2}', mode: 'block' },
        { name: 'mandant_nr', pattern: 'M-\\d{6}' },
      ],
      allowList: ['  Müller & Partner  ', '+49 30 1234567'],
    });
    expect(policy.customPatterns).toEqual([
      { name: 'AKTENZEICHEN', pattern: '\\d+ O \\d+/\\d{2}', flags: '', mode: 'block' },
      { name: 'MANDANT_NR', pattern: 'M-\\d{6}', flags: '' },
    ]);
    expect(policy.allowList).toEqual(['Müller & Partner', '+49 30 1234567']);
    expect(modeFor(policy, 'EMAIL')).toBe('pseudonymize');
    expect(modeFor(policy, 'IBAN')).toBe('block');
    expect(modeFor(policy, 'PERSON')).toBe('mask');
    expect(modeFor(policy, 'CUSTOM:AKTENZEICHEN')).toBe('block');
    expect(modeFor(policy, 'CUSTOM:MANDANT_NR')).toBe('mask');
  });

  it('reports every invalid custom pattern with its path and a clear message', () => {
    const result = privacyPolicySchema.safeParse({
      customPatterns: [
        { name: 'ok', pattern: 'AZ-\\d+' },
        { name: 'look', pattern: '(?<=Herr )\\w+' },
        { name: 'empty', pattern: '\\d*' },
        { name: 'flagged', pattern: 'x', flags: 'g' },
        { name: '1bad', pattern: 'x' },
      ],
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect(issues).toEqual([
      {
        path: 'customPatterns.1.pattern',
        message:
          'Invalid regular expression: invalid named capture: `(?<=Herr )\\w+` (RE2 syntax: lookahead, lookbehind and backreferences are not supported)',
      },
      { path: 'customPatterns.2.pattern', message: 'Pattern matches empty text; it must match at least one character' },
      { path: 'customPatterns.3.flags', message: 'Flags must be distinct letters from "i", "m", "s"' },
      { path: 'customPatterns.4.name', message: 'Name must be 1-32 letters, digits or "_", starting with a letter' },
    ]);
  });

  it('rejects duplicate names case-insensitively, bad regions, scores and too many patterns', () => {
    const duplicate = privacyPolicySchema.safeParse({
      customPatterns: [
        { name: 'Ref', pattern: 'R-\\d+' },
        { name: 'REF', pattern: 'Q-\\d+' },
      ],
    });
    expect(duplicate.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['customPatterns.1.name', 'Duplicate name REF'],
    ]);
    expect(privacyPolicySchema.safeParse({ region: 'de' }).error?.issues[0]?.message).toBe(
      'Region must be an ISO 3166-1 alpha-2 code such as "DE"',
    );
    expect(privacyPolicySchema.safeParse({ minScore: 1.5 }).success).toBe(false);
    const many = Array.from({ length: 33 }, (_, i) => ({ name: `P${i}`, pattern: `P${i}-\\d+` }));
    expect(privacyPolicySchema.safeParse({ customPatterns: many }).error?.issues[0]?.message).toBe(
      'At most 32 custom patterns',
    );
    expect(privacyPolicySchema.safeParse({ mode: { byType: { NAME: 'mask' } } }).success).toBe(false);
  });
});
