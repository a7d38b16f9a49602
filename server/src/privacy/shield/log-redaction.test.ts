import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { DetectPii, PiiSpan, PiiType } from './entity-types.ts';
import { LOG_REDACTION_LIMITS, piiRedactingPinoOptions, redactLogString, redactLogValue } from './log-redaction.ts';

const fakeDetect: DetectPii = (text) => {
  const spans: PiiSpan[] = [];
  const add = (type: PiiType, re: RegExp): void => {
    for (const m of text.matchAll(re))
      spans.push({ type, start: m.index, end: m.index + m[0].length, score: 0.9, text: m[0] });
  };
  add('EMAIL', /[\p{L}\d._+-]+@[\p{L}\d-]+\.[a-z]{2,}/gu);
  add('PERSON', /Jürgen Weiß|Zoë Müller/g);
  add('IP_ADDRESS', /\b\d{1,3}(?:\.\d{1,3}){3}\b/g);
  return spans;
};

describe('redactLogValue', () => {
  it('masks findings in every string of nested objects and arrays, leaving keys and numbers', () => {
    const record = {
      level: 30,
      time: 1732350000000,
      msg: 'Anfrage von Jürgen Weiß 😀 über\u00A0jw@kanzlei.de',
      'jw@kanzlei.de': 'key stays',
      req: { ip: '203.0.113.7', tags: ['Zoë Müller', 'plain', 42, null, true] },
    };
    expect(redactLogValue(record, fakeDetect)).toEqual({
      level: 30,
      time: 1732350000000,
      msg: 'Anfrage von [PERSON] 😀 über\u00A0[EMAIL]',
      'jw@kanzlei.de': 'key stays',
      req: { ip: '[IP_ADDRESS]', tags: ['[PERSON]', 'plain', 42, null, true] },
    });
  });

  it('skips the detector for strings without digits, "@" or capitals', () => {
    const detect = vi.fn(fakeDetect);
    expect(redactLogValue({ msg: 'request completed', path: 'äöü ß straße' }, detect)).toEqual({
      msg: 'request completed',
      path: 'äöü ß straße',
    });
    expect(detect).not.toHaveBeenCalled();
    expect(redactLogString('Zoë Müller', detect)).toBe('[PERSON]');
    expect(redactLogString('Zoë Müller', detect)).toBe('[PERSON]');
    expect(detect).toHaveBeenCalledTimes(1); // repeated short strings come from the cache
  });

  it('turns errors into plain records with redacted message and stack', () => {
    const error = Object.assign(new Error('no mailbox jw@kanzlei.de'), { code: 'E_MAIL', to: 'jw@kanzlei.de' });
    const redacted = redactLogValue({ err: error }, fakeDetect) as { err: Record<string, unknown> };
    expect(redacted.err.type).toBe('Error');
    expect(redacted.err.message).toBe('no mailbox [EMAIL]');
    expect(redacted.err.code).toBe('E_MAIL');
    expect(redacted.err.to).toBe('[EMAIL]');
    expect(String(redacted.err.stack)).toMatch(/^Error: no mailbox \[EMAIL\]\n/);
  });

  it('stays bounded on deep, cyclic and long values', () => {
    const cyclic: Record<string, unknown> = { name: 'Zoë Müller' };
    cyclic.self = cyclic;
    const out = redactLogValue(cyclic, fakeDetect) as Record<string, unknown>;
    expect(out.name).toBe('[PERSON]');
    let depth = 0;
    for (
      let node: unknown = out;
      typeof node === 'object' && node !== null;
      node = (node as Record<string, unknown>).self
    )
      depth++;
    expect(depth).toBe(LOG_REDACTION_LIMITS.maxDepth);

    const long = 'x'.repeat(LOG_REDACTION_LIMITS.maxStringLength - 5) + ' Zoë Müller hinten';
    expect(redactLogString(long, fakeDetect)).toBe(
      'x'.repeat(LOG_REDACTION_LIMITS.maxStringLength - 5) + ' [PER…[truncated]',
    );

    const wide = Array.from({ length: 5_000 }, (_, i) => `v${i}`);
    const redactedWide = redactLogValue(wide, fakeDetect) as string[];
    expect(redactedWide[0]).toBe('v0');
    expect(redactedWide[4_999]).toBe('[Truncated]');
  });
});

describe('piiRedactingPinoOptions', () => {
  function capture(detect: DetectPii): { logger: pino.Logger; lines: string[] } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: pino({ ...piiRedactingPinoOptions(detect), base: { host: 'gw-1' } }, stream), lines };
  }

  it('redacts message, merged object, serialized error and child bindings of every line', () => {
    const { logger, lines } = capture(fakeDetect);
    logger
      .child({ user: 'jw@kanzlei.de' })
      .error({ err: new Error('send to Zoë Müller failed'), ip: '198.51.100.4' }, 'Mail für %s', 'Jürgen Weiß');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 50,
      host: 'gw-1',
      user: '[EMAIL]',
      ip: '[IP_ADDRESS]',
      msg: 'Mail für [PERSON]',
    });
    expect(line.err).toMatchObject({ type: 'Error', message: 'send to [PERSON] failed' });
    expect(lines[0]).not.toMatch(/Zoë|Jürgen|kanzlei|198\.51/);
  });

  it('withholds a line it cannot redact instead of writing it', () => {
    const { logger, lines } = capture(() => {
      throw new Error('detector down');
    });
    logger.warn('Anruf von Jürgen Weiß');
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).toEqual({ level: 40, time: line.time, msg: '[log line withheld: PII redaction failed]' });
  });
});

describe('redactLogString fast path', () => {
  it('skips identifiers and route templates but still scans paths that may carry data', () => {
    const calls: string[] = [];
    const detect = ((text: string) => {
      calls.push(text);
      return [];
    }) as unknown as Parameters<typeof redactLogString>[1];
    for (const safe of [
      '8245e015-5d0a-4ef3-9502-ef71e6c33bfd',
      'req_tLmUQ6E33_ws_FpC',
      '/v1/chat/completions',
      '/api/people/:userId',
    ])
      redactLogString(safe, detect);
    expect(calls).toEqual([]);
    for (const risky of ['/v1/DE89370400440532013000', '/v1/03012345678', '/v1/+4930123'])
      redactLogString(risky, detect);
    expect(calls).toEqual(['/v1/DE89370400440532013000', '/v1/03012345678', '/v1/+4930123']);
  });
});
