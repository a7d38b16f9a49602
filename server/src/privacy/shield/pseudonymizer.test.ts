import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../gateway/canonical.ts';
import type { EntitySpan, EntityType, PrivacyMode } from './entity-types.ts';
import { AllowList } from './identity.ts';
import { pseudonymizeChatRequest, pseudonymizeText, type PseudonymizeRules } from './pseudonymizer.ts';
import { PseudonymVault } from './pseudonym-vault.ts';

/** The span of the `nth` occurrence of `value` in `text`, built by hand as the detector would. */
function at(text: string, value: string, type: EntityType, nth = 0): EntitySpan {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(value, start + 1);
  if (start < 0) throw new Error(`"${value}" not in text`);
  return { type, start, end: start + value.length };
}

function rules(modes: Partial<Record<EntityType, PrivacyMode>> = {}, allow: string[] = []): PseudonymizeRules {
  return { modeFor: (type) => modes[type] ?? 'pseudonymize', allowList: new AllowList(allow, 'DE'), region: 'DE' };
}

function protect(text: string, spans: EntitySpan[], r = rules(), vault = new PseudonymVault()) {
  const result = pseudonymizeText(text, spans, r, vault);
  if (!result.ok) throw new Error(`blocked: ${result.blockedTypes.join(',')}`);
  return result;
}

describe('pseudonymizeText', () => {
  it('replaces German findings amid umlauts, NBSP and emoji', () => {
    const text =
      'Sehr geehrter Herr Jürgen Weiß 😀, rufen Sie\u00A0+49 30 1234567 an oder an jürgen.weiß@example.de 👩‍⚖️!';
    const result = protect(text, [
      at(text, 'Jürgen Weiß', 'PERSON'),
      at(text, '+49 30 1234567', 'PHONE'),
      at(text, 'jürgen.weiß@example.de', 'EMAIL'),
    ]);
    expect(result.value).toBe('Sehr geehrter Herr <PERSON_1> 😀, rufen Sie\u00A0<PHONE_1> an oder an <EMAIL_1> 👩‍⚖️!');
    expect(result.counts).toEqual({ PERSON: 1, PHONE: 1, EMAIL: 1 });
    expect(result.vault.valueOf('<PERSON_1>')).toBe('Jürgen Weiß');
  });

  it('gives the same identity the same placeholder, across texts of one vault', () => {
    const vault = new PseudonymVault();
    const first = 'Max Müller trifft Erika Straße. Tel. 030 1234567.';
    const second = 'MAX\u00A0 MÜLLER und erika strasse; Rückruf +49 (30) 123 45 67.';
    const a = protect(
      first,
      [at(first, 'Max Müller', 'PERSON'), at(first, 'Erika Straße', 'PERSON'), at(first, '030 1234567', 'PHONE')],
      rules(),
      vault,
    );
    const b = protect(
      second,
      [
        at(second, 'MAX\u00A0 MÜLLER', 'PERSON'),
        at(second, 'erika strasse', 'PERSON'),
        at(second, '+49 (30) 123 45 67', 'PHONE'),
      ],
      rules(),
      vault,
    );
    expect(a.value).toBe('<PERSON_1> trifft <PERSON_2>. Tel. <PHONE_1>.');
    expect(b.value).toBe('<PERSON_1> und <PERSON_2>; Rückruf <PHONE_1>.');
    expect(vault.valueOf('<PERSON_2>')).toBe('Erika Straße');
    expect(vault.size).toBe(3);
  });

  it('numbers custom types by their own tag', () => {
    const text = 'Az. 12 O 345/21 und 7 O 1/24, erneut 12 O 345/21.';
    const result = protect(text, [
      at(text, '12 O 345/21', 'CUSTOM:AKTENZEICHEN'),
      at(text, '7 O 1/24', 'CUSTOM:AKTENZEICHEN'),
      at(text, '12 O 345/21', 'CUSTOM:AKTENZEICHEN', 1),
    ]);
    expect(result.value).toBe(
      'Az. <CUSTOM_AKTENZEICHEN_1> und <CUSTOM_AKTENZEICHEN_2>, erneut <CUSTOM_AKTENZEICHEN_1>.',
    );
    expect(result.counts).toEqual({ 'CUSTOM:AKTENZEICHEN': 3 });
  });

  it('masks, skips and blocks per mode', () => {
    const text = 'Mail an anna@example.com, IBAN DE89 3704 0044 0532 0130 00, IP 10.0.0.1.';
    const spans = [
      at(text, 'anna@example.com', 'EMAIL'),
      at(text, 'DE89 3704 0044 0532 0130 00', 'IBAN'),
      at(text, '10.0.0.1', 'IP_ADDRESS'),
    ];
    const masked = protect(text, spans, rules({ EMAIL: 'mask', IBAN: 'mask', IP_ADDRESS: 'off' }));
    expect(masked.value).toBe('Mail an [EMAIL], IBAN [IBAN], IP 10.0.0.1.');
    expect(masked.counts).toEqual({ EMAIL: 1, IBAN: 1 });
    expect(masked.vault.size).toBe(0);

    const vault = new PseudonymVault();
    const blocked = pseudonymizeText(text, spans, rules({ IBAN: 'block', IP_ADDRESS: 'block' }), vault);
    expect(blocked).toEqual({ ok: false, blockedTypes: ['IBAN', 'IP_ADDRESS'] });
    expect(vault.size).toBe(0);
  });

  it('never touches allow-listed values, also inside a listed firm name', () => {
    const text = 'Müller & Partner Rechtsanwälte, Zentrale 030 / 123 45 67, Sachbearbeiter Max Müller.';
    const result = protect(
      text,
      [at(text, 'Müller', 'PERSON'), at(text, '030 / 123 45 67', 'PHONE'), at(text, 'Max Müller', 'PERSON')],
      rules({}, ['MÜLLER & PARTNER Rechtsanwälte', '+49 30 1234567']),
    );
    expect(result.value).toBe('Müller & Partner Rechtsanwälte, Zentrale 030 / 123 45 67, Sachbearbeiter <PERSON_1>.');
    expect(result.counts).toEqual({ PERSON: 1 });
  });

  it('merges overlapping findings into one placeholder typed by the longest', () => {
    const text = 'Mandant Dr. Hans Meier-Schmidt GmbH zahlt.';
    const result = protect(text, [
      at(text, 'Hans Meier', 'PERSON'),
      at(text, 'Meier-Schmidt GmbH', 'CUSTOM:FIRMA'),
      at(text, 'Dr. Hans', 'PERSON'),
    ]);
    expect(result.value).toBe('Mandant <CUSTOM_FIRMA_1> zahlt.');
    expect(result.vault.valueOf('<CUSTOM_FIRMA_1>')).toBe('Dr. Hans Meier-Schmidt GmbH');
    expect(result.counts).toEqual({ 'CUSTOM:FIRMA': 1 });
  });

  it('widens spans to whole code points and rejects spans outside the text', () => {
    const text = 'Zoë 🧑‍💻 ok';
    const result = protect(text, [{ type: 'PERSON', start: 0, end: 5 }]); // ends inside the first surrogate pair
    expect(result.value).toBe('<PERSON_1>\u200D💻 ok');
    expect(result.vault.valueOf('<PERSON_1>')).toBe('Zoë 🧑');
    expect(() => protect(text, [{ type: 'PERSON', start: 3, end: 99 }])).toThrow(RangeError);
    expect(() => protect(text, [{ type: 'PERSON', start: 2, end: 2 }])).toThrow(RangeError);
  });

  it('never hands out a placeholder the client wrote themselves', () => {
    const text = 'Vorlage: Sehr geehrte/r <PERSON_1>, <PERSON_2>; heute an Anna Schmidt.';
    const result = protect(text, [at(text, 'Anna Schmidt', 'PERSON')]);
    expect(result.value).toBe('Vorlage: Sehr geehrte/r <PERSON_1>, <PERSON_2>; heute an <PERSON_3>.');
    expect(result.vault.valueOf('<PERSON_1>')).toBeUndefined();
    expect(result.vault.valueOf('<PERSON_3>')).toBe('Anna Schmidt');
  });
});

describe('pseudonymizeChatRequest', () => {
  const names = ['Jürgen Weiß', 'anna@example.com', 'Grüner Weg 5'];
  const types: Record<string, EntityType> = {
    'Jürgen Weiß': 'PERSON',
    'anna@example.com': 'EMAIL',
    'Grüner Weg 5': 'ADDRESS',
  };
  const findSpans = (text: string): EntitySpan[] =>
    names.flatMap((value) => {
      const spans: EntitySpan[] = [];
      for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
        spans.push({ type: types[value] ?? 'PERSON', start: i, end: i + value.length });
      }
      return spans;
    });

  const request: ChatRequest = {
    model: 'gpt-x',
    messages: [
      { role: 'system', content: 'Du bist die Assistenz von Jürgen Weiß.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Schreib anna@example.com 😀' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'send', arguments: '{"to":"anna@example.com","note":"„Jürgen Weiß\\" – Grüner Weg 5"}' },
          },
          { id: 'c2', type: 'function', function: { name: 'raw', arguments: 'not json: Jürgen Weiß' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'gesendet an anna@example.com' }] },
      { role: 'user', content: 'Danke! Nichts Persönliches hier.' },
    ],
  };

  it('protects every outgoing text and counts per type', () => {
    const before = JSON.stringify(request);
    const result = pseudonymizeChatRequest(request, findSpans, rules());
    if (!result.ok) throw new Error('blocked');
    expect(result.value.messages).toEqual([
      { role: 'system', content: 'Du bist die Assistenz von <PERSON_1>.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Schreib <EMAIL_1> 😀' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'send', arguments: '{"to":"<EMAIL_1>","note":"„<PERSON_1>\\" – <ADDRESS_1>"}' },
          },
          { id: 'c2', type: 'function', function: { name: 'raw', arguments: 'not json: <PERSON_1>' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'gesendet an <EMAIL_1>' }] },
      { role: 'user', content: 'Danke! Nichts Persönliches hier.' },
    ]);
    expect(result.counts).toEqual({ PERSON: 3, EMAIL: 3, ADDRESS: 1 });
    expect(JSON.stringify(request)).toBe(before);
    expect(result.value.messages[4]).toBe(request.messages[4]);
    expect(result.value.model).toBe('gpt-x');
  });

  it('blocks on any text without handing out placeholders', () => {
    const vault = new PseudonymVault();
    const result = pseudonymizeChatRequest(request, findSpans, rules({ ADDRESS: 'block' }), vault);
    expect(result).toEqual({ ok: false, blockedTypes: ['ADDRESS'] });
    expect(vault.size).toBe(0);
  });

  it('gives the same placeholders when the same history is sent again through a fresh vault', () => {
    const a = pseudonymizeChatRequest(request, findSpans, rules());
    const b = pseudonymizeChatRequest(request, findSpans, rules());
    expect(a.ok && b.ok && JSON.stringify(a.value) === JSON.stringify(b.value)).toBe(true);
  });
});
