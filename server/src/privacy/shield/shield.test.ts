import { describe, expect, it, vi } from 'vitest';
import type { ChatRequest } from '../../gateway/canonical.ts';
import type { DetectPii, PiiSpan, PiiType } from './entity-types.ts';
import { privacyPolicySchema, type PrivacyPolicyInput } from './policy.ts';
import { PseudonymVault } from './pseudonym-vault.ts';
import { PrivacyShield, PrivacyUnavailableError } from './shield.ts';

/** A stand-in detector: e-mails, a few names, German phone numbers; score 0.9 unless listed. */
const fakeDetect: DetectPii = (text) => {
  const spans: PiiSpan[] = [];
  const add = (type: PiiType, re: RegExp, score = 0.9): void => {
    for (const m of text.matchAll(re))
      spans.push({ type, start: m.index, end: m.index + m[0].length, score, text: m[0] });
  };
  add('EMAIL', /[\p{L}\d._+-]+@[\p{L}\d-]+\.[a-z]{2,}/gu);
  add('PERSON', /Jürgen Weiß|Anna Schmidt/g);
  add('PHONE', /\+49[\d ]{6,}\d/g);
  add('DATE_OF_BIRTH', /\d{2}\.\d{2}\.\d{4}/g, 0.3);
  return spans;
};

const policy = (input: PrivacyPolicyInput = {}) => privacyPolicySchema.parse(input);
const chat = (...contents: string[]): ChatRequest => ({
  model: 'm',
  messages: contents.map((content) => ({ role: 'user' as const, content })),
});

describe('PrivacyShield.protectChat', () => {
  it('pseudonymizes per policy and reuses the conversation vault', () => {
    const shield = new PrivacyShield(fakeDetect);
    const vault = new PseudonymVault();
    const first = shield.protectChat(
      chat('Jürgen Weiß (jw@kanzlei.de, +49 30 1234567), geb. 01.02.1970'),
      policy(),
      vault,
    );
    expect(first).toEqual({
      ok: true,
      request: chat('<PERSON_1> (<EMAIL_1>, <PHONE_1>), geb. 01.02.1970'),
      vault,
      counts: { PERSON: 1, EMAIL: 1, PHONE: 1 },
    });
    const second = shield.protectChat(chat('Und Anna Schmidt an jw@kanzlei.de'), policy(), vault);
    expect(second.ok && second.request).toEqual(chat('Und <PERSON_2> an <EMAIL_1>'));
  });

  it('runs the org’s custom patterns and blocks by their mode', () => {
    const shield = new PrivacyShield(fakeDetect);
    const p = policy({
      mode: { byType: { EMAIL: 'mask' } },
      customPatterns: [
        { name: 'mandant', pattern: 'M-\\d{6}' },
        { name: 'geheim', pattern: 'VS-NfD', flags: 'i', mode: 'block' },
      ],
    });
    expect(shield.protectChat(chat('Akte M-123456 für Anna Schmidt 👩‍⚖️ an a@b.de'), p)).toMatchObject({
      ok: true,
      request: chat('Akte <CUSTOM_MANDANT_1> für <PERSON_1> 👩‍⚖️ an [EMAIL]'),
      counts: { 'CUSTOM:MANDANT': 1, PERSON: 1, EMAIL: 1 },
    });
    expect(shield.protectChat(chat('ok', 'Vermerk: vs-nfd, Anna Schmidt'), p)).toEqual({
      ok: false,
      blockedTypes: ['CUSTOM:GEHEIM'],
    });
  });

  it('asks the detector only for active types and drops what it returns below minScore or for other types', () => {
    const detect = vi.fn(fakeDetect);
    const shield = new PrivacyShield(detect);
    const p = policy({
      mode: { default: 'off', byType: { PERSON: 'pseudonymize', DATE_OF_BIRTH: 'mask' } },
      minScore: 0.5,
    });
    const result = shield.protectChat(chat('Jürgen Weiß, jw@kanzlei.de, 01.02.1970'), p);
    expect(result.ok && result.request).toEqual(chat('<PERSON_1>, jw@kanzlei.de, 01.02.1970'));
    expect(detect).toHaveBeenCalledWith('Jürgen Weiß, jw@kanzlei.de, 01.02.1970', {
      region: 'DE',
      types: new Set(['PERSON', 'DATE_OF_BIRTH']),
      minScore: 0.5,
    });
  });

  it('does no work when every type is off', () => {
    const detect = vi.fn(fakeDetect);
    const request = chat('Jürgen Weiß');
    const result = new PrivacyShield(detect).protectChat(request, policy({ mode: { default: 'off' } }));
    expect(result.ok && result.request).toBe(request);
    expect(detect).not.toHaveBeenCalled();
  });

  it('fails closed when the detector throws or returns a span outside the text', () => {
    const boom = new PrivacyShield(() => {
      throw new Error('model not loaded');
    });
    const error = (() => {
      try {
        boom.protectChat(chat('Jürgen Weiß'), policy());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PrivacyUnavailableError);
    expect(error).toMatchObject({
      code: 'privacy_unavailable',
      message: 'Privacy scan failed; the request was not forwarded',
    });
    expect((error as Error).cause).toEqual(new Error('model not loaded'));

    const broken = new PrivacyShield(() => [{ type: 'PERSON', start: 0, end: 999, score: 1, text: '' }]);
    expect(() => broken.protectChat(chat('Jürgen Weiß'), policy())).toThrow(PrivacyUnavailableError);
  });

  it('fails closed when a stored custom pattern cannot run', () => {
    const unchecked = { ...policy(), customPatterns: [{ name: 'BAD', pattern: '(?=x)', flags: '' }] };
    expect(() => new PrivacyShield(fakeDetect).protectChat(chat('x'), unchecked)).toThrow(PrivacyUnavailableError);
  });

  it('fails closed once the scan budget is spent, checked between texts', () => {
    let now = 0;
    const detect = vi.fn((text: string) => {
      now += 300;
      return fakeDetect(text);
    });
    const shield = new PrivacyShield(detect, { timeoutMs: 500, clock: () => now });
    expect(() => shield.protectChat(chat('a', 'b', 'c', 'd'), policy())).toThrow(
      'Privacy scan exceeded its 500 ms budget',
    );
    expect(detect).toHaveBeenCalledTimes(2);
  });

  it('bounds real time by the budget plus one slow scan', () => {
    const slow: DetectPii = (text) => {
      const until = performance.now() + 20;
      while (performance.now() < until);
      return fakeDetect(text);
    };
    const started = performance.now();
    expect(() =>
      new PrivacyShield(slow, { timeoutMs: 30 }).protectChat(chat('1', '2', '3', '4', '5', '6'), policy()),
    ).toThrow(PrivacyUnavailableError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(30);
    expect(elapsed).toBeLessThan(30 + 20 + 25);
  });
});

describe('PrivacyShield.protectEmbeddingsInput', () => {
  const shield = new PrivacyShield(fakeDetect);

  it('masks (never pseudonymizes) strings and string arrays', () => {
    expect(shield.protectEmbeddingsInput('Akte Jürgen Weiß', policy())).toEqual({
      ok: true,
      input: 'Akte [PERSON]',
      counts: { PERSON: 1 },
    });
    expect(shield.protectEmbeddingsInput(['a@b.de', 'nichts', 'Anna Schmidt, a@b.de'], policy())).toEqual({
      ok: true,
      input: ['[EMAIL]', 'nichts', '[PERSON], [EMAIL]'],
      counts: { EMAIL: 2, PERSON: 1 },
    });
  });

  it('blocks per policy and fails closed on token ids it cannot read', () => {
    expect(
      shield.protectEmbeddingsInput(['x', 'Jürgen Weiß'], policy({ mode: { byType: { PERSON: 'block' } } })),
    ).toEqual({
      ok: false,
      blockedTypes: ['PERSON'],
    });
    expect(() => shield.protectEmbeddingsInput([[1, 2, 3]], policy())).toThrow(PrivacyUnavailableError);
    expect(shield.protectEmbeddingsInput([1, 2, 3], policy({ mode: { default: 'off' } }))).toEqual({
      ok: true,
      input: [1, 2, 3],
      counts: {},
    });
  });
});
