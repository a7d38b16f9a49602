import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse.ts';

const STREAM =
  ': keep-alive\n' +
  'data: {"a":1}\n\n' +
  'event: error\r\nid: 7\r\ndata:{"b":"Grüße 👋"}\r\n\r\n' +
  'data: line one\rdata: line two\r\r' +
  'data\n\n' +
  'data: \n\n' +
  'retry: 100\nunknown\ndata: [DONE]\n\n' +
  'data: {"tail":true}';

const EXPECTED: SseEvent[] = [
  { data: '{"a":1}' },
  { event: 'error', id: '7', data: '{"b":"Grüße 👋"}' },
  { data: 'line one\nline two', id: '7' },
  { data: '', id: '7' },
  { data: '', id: '7' },
  { data: '[DONE]', id: '7' },
  { data: '{"tail":true}', id: '7' },
];

function parseIn(parts: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const events = parts.flatMap((p) => parser.push(p));
  return [...events, ...parser.end()];
}

describe('SseParser', () => {
  it('reads \\n, \\r\\n and \\r line ends, comments, fields, multi-line data and a last event without its blank line', () => {
    expect(parseIn([Buffer.from(STREAM)])).toEqual(EXPECTED);
    const parser = new SseParser();
    expect([...parser.push(STREAM), ...parser.end()]).toEqual(EXPECTED);
  });

  it('gives the same events however the bytes are split, also inside a UTF-8 character or a \\r\\n', () => {
    const bytes = Buffer.from(STREAM);
    for (let at = 1; at < bytes.length; at++) {
      expect(parseIn([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual(EXPECTED);
    }
    expect(parseIn([...bytes].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
  });
});
