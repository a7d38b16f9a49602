import { describe, expect, it } from 'vitest';
import { previewFindings } from './privacy-routes.ts';
import { privacyPolicySchema } from './shield/index.ts';

const TEXT = 'Bitte schreiben Sie an anna.schmidt@example.de, Aktenzeichen 12 O 345/24, IBAN DE89370400440532013000.';
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });

describe('previewFindings', () => {
  it('lists what the policy acts on with the mode applied, blocking findings included', () => {
    const policy = privacyPolicySchema.parse({ mode: { default: 'mask', byType: { EMAIL: 'block' } } });
    const findings = previewFindings(TEXT, policy);
    expect(findings).toContainEqual({ type: 'EMAIL', mode: 'block', ...at('anna.schmidt@example.de') });
    expect(findings).toContainEqual({ type: 'IBAN', mode: 'mask', ...at('DE89370400440532013000') });
  });

  it('leaves out types that are off and values on the allow-list', () => {
    const off = privacyPolicySchema.parse({ mode: { default: 'pseudonymize', byType: { IBAN: 'off' } } });
    expect(previewFindings(TEXT, off).map((f) => f.type)).not.toContain('IBAN');
    const allowed = privacyPolicySchema.parse({ allowList: ['anna.schmidt@example.de'] });
    expect(previewFindings(TEXT, allowed).map((f) => f.type)).not.toContain('EMAIL');
  });

  it('finds custom patterns with their own mode', () => {
    const policy = privacyPolicySchema.parse({
      customPatterns: [{ name: 'Aktenzeichen', pattern: '\\d+ O \\d+/\\d{2}', mode: 'block' }],
    });
    expect(previewFindings(TEXT, policy)).toContainEqual({
      type: 'CUSTOM:AKTENZEICHEN',
      mode: 'block',
      ...at('12 O 345/24'),
    });
  });

  it('finds nothing when every type is off', () => {
    expect(previewFindings(TEXT, privacyPolicySchema.parse({ mode: { default: 'off' } }))).toEqual([]);
  });
});
