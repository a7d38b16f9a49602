import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../gateway/canonical.ts';
import type { EntitySpan, EntityType } from './entity-types.ts';
import { AllowList, identityKey } from './identity.ts';
import { pseudonymizeText, type PseudonymizeRules } from './pseudonymizer.ts';
import { PseudonymVault } from './pseudonym-vault.ts';
import { restoreCompletion, restoreText, StreamRestorer } from './restorer.ts';

const RULES: PseudonymizeRules = { modeFor: () => 'pseudonymize', allowList: new AllowList([], 'DE'), region: 'DE' };

function vaultWith(entries: Array<[EntityType, string]>): PseudonymVault {
  const vault = new PseudonymVault();
  for (const [type, value] of entries) vault.placeholderFor(type, value, 'DE');
  return vault;
}

const vault = vaultWith([
  ['PERSON', 'Jürgen "Jo" Weiß'],
  ['EMAIL', 'anna@example.com'],
  ['CUSTOM:AKTENZEICHEN', '12 O 345/21'],
]);

function streamed(text: string, sizes: number[], restorer: StreamRestorer): string[] {
  const out: string[] = [];
  let i = 0;
  for (const size of sizes) {
    out.push(restorer.push(text.slice(i, i + size)));
    i += size;
  }
  out.push(restorer.push(text.slice(i)), restorer.flush());
  return out;
}

describe('restoreText', () => {
  it('restores only the vault’s own placeholders', () => {
    expect(
      restoreText(
        'Hallo <PERSON_1>, Mail <EMAIL_1>, Az. <CUSTOM_AKTENZEICHEN_1>; <PERSON_2> und <person_1> bleiben.',
        vault,
      ),
    ).toBe('Hallo Jürgen "Jo" Weiß, Mail anna@example.com, Az. 12 O 345/21; <PERSON_2> und <person_1> bleiben.');
    expect(restoreText('<<PERSON_1>>😀', vault)).toBe('<Jürgen "Jo" Weiß>😀');
  });

  it('escapes restored values for a JSON string context', () => {
    const json = restoreText('{"name":"<PERSON_1>","mail":"<EMAIL_1>"}', vault, { json: true });
    expect(json).toBe('{"name":"Jürgen \\"Jo\\" Weiß","mail":"anna@example.com"}');
    expect(JSON.parse(json)).toEqual({ name: 'Jürgen "Jo" Weiß', mail: 'anna@example.com' });
  });
});

describe('restoreCompletion', () => {
  it('restores content, refusal and tool-call arguments, leaving the input untouched', () => {
    const completion: ChatCompletion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Ich schreibe <PERSON_1>.',
            refusal: null,
            tool_calls: [
              {
                id: 't',
                type: 'function',
                function: { name: 'mail', arguments: '{"to":"<EMAIL_1>","who":"<PERSON_1>"}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const restored = restoreCompletion(completion, vault);
    expect(restored.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Ich schreibe Jürgen "Jo" Weiß.',
      refusal: null,
      tool_calls: [
        {
          id: 't',
          type: 'function',
          function: { name: 'mail', arguments: '{"to":"anna@example.com","who":"Jürgen \\"Jo\\" Weiß"}' },
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Ich schreibe <PERSON_1>.');
  });
});

describe('StreamRestorer', () => {
  it('restores a placeholder split across chunks and delays nothing else', () => {
    const restorer = new StreamRestorer(vault);
    expect(restorer.push('Hallo <PER')).toBe('Hallo ');
    expect(restorer.push('SON_1>, a < b, x<')).toBe('Jürgen "Jo" Weiß, a < b, x');
    expect(restorer.push('3 <EMAIL_')).toBe('<3 ');
    expect(restorer.push('1')).toBe('');
    expect(restorer.push('> ✓')).toBe('anna@example.com ✓');
    expect(restorer.push('<CUSTOM_AKTEN')).toBe('');
    expect(restorer.flush()).toBe('<CUSTOM_AKTEN');
  });

  it('does not hold back a tail no placeholder of the vault starts with', () => {
    const restorer = new StreamRestorer(vault);
    expect(restorer.push('<EMAIL_2')).toBe('<EMAIL_2');
    expect(restorer.push('<DIV')).toBe('<DIV');
    expect(restorer.push('<P')).toBe('');
    expect(restorer.push('ERSON_1')).toBe('');
    expect(restorer.push('>')).toBe('Jürgen "Jo" Weiß');
  });

  it('passes every delta through untouched when the vault is empty', () => {
    const restorer = new StreamRestorer(new PseudonymVault());
    expect(restorer.push('<PERS')).toBe('<PERS');
    expect(restorer.flush()).toBe('');
  });

  it('escapes in JSON mode, for tool-call argument streams', () => {
    const out = streamed('{"who":"<PERSON_1>"}', [3, 8, 2, 1], new StreamRestorer(vault, { json: true }));
    expect(out.join('')).toBe('{"who":"Jürgen \\"Jo\\" Weiß"}');
  });
});

/** mulberry32: a small seeded PRNG, so a failing case names its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'B',
  'ß',
  'ü',
  'Ä',
  ' ',
  '\u00A0',
  '\n',
  '😀',
  '👩‍⚖️',
  '<',
  '>',
  '_',
  '1',
  'P',
  'S',
  '"',
  '\\',
  '{',
  '€',
  '<PERSON_1>',
  '<EMAIL_',
  '<CUSTOM_X_1>',
  'ON_2>',
];
const TYPES: EntityType[] = ['PERSON', 'EMAIL', 'PHONE', 'CUSTOM:X'];

describe('pseudonymize → restore (property)', () => {
  it('gives back the original exactly, whole and streamed in chunks of 1..7 characters, plain and JSON', () => {
    for (let seed = 1; seed <= 3_000; seed++) {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const piece = (max: number): string =>
        Array.from({ length: Math.floor(random() * max) }, () => pick(PIECES)).join('');
      let text = '';
      const spans: EntitySpan[] = [];
      const seen = new Map<string, string>();
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        text += piece(4);
        const type = pick(TYPES);
        const value = pick(PIECES) + piece(4);
        const key = `${type}:${identityKey(value, type, 'DE')}`;
        if ((seen.get(key) ?? value) !== value) continue; // distinct surface forms of one identity restore to the first
        seen.set(key, value);
        spans.push({ type, start: text.length, end: text.length + value.length });
        text += value;
      }
      text += piece(4);

      const result = pseudonymizeText(text, spans, RULES);
      if (!result.ok) throw new Error('blocked');
      const context = `seed ${seed}: ${JSON.stringify(text)}`;
      expect(restoreText(result.value, result.vault), context).toBe(text);

      const sizes = Array.from({ length: result.value.length }, () => 1 + Math.floor(random() * 7));
      expect(streamed(result.value, sizes, new StreamRestorer(result.vault)).join(''), context).toBe(text);

      const json = JSON.stringify({ k: result.value });
      const restoredJson = streamed(json, sizes, new StreamRestorer(result.vault, { json: true })).join('');
      expect((JSON.parse(restoredJson) as { k: string }).k, context).toBe(text);
    }
  });
});
