import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../lib/sse.ts';
import type { ChatCompletionChunk } from '../../canonical.ts';
import { ProviderProtocolError } from '../types.ts';
import { anthropicAdapter } from './index.ts';

const ctx = { id: 'chatcmpl-test', created: 1_700_000_000 };
const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Splits bytes at the given cut points (which may land inside a UTF-8 character). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(at, cut));
    at = cut;
  }
  return out;
}

/** Feeds byte pieces through SseParser and the adapter's transformer, like the pipeline does. */
function run(pieces: Uint8Array[], { flush = true } = {}) {
  const parser = new SseParser();
  const transformer = anthropicAdapter.streamTransformer(ctx);
  const chunks: ChatCompletionChunk[] = [];
  for (const piece of pieces) for (const ev of parser.push(piece)) chunks.push(...transformer.push(ev));
  if (flush) for (const ev of parser.end()) chunks.push(...transformer.push(ev));
  const end = transformer.end();
  chunks.push(...end.chunks);
  return { chunks, complete: end.complete, error: transformer.error() };
}

const base = { object: 'chat.completion.chunk', created: 1_700_000_000, model: 'claude-sonnet-4-5-20250929' };
const textId = 'msg_01QC4g3HwBThD4BaNtBckFDJ';
const delta = (id: string, d: object, finish: string | null = null) => ({
  id,
  ...base,
  choices: [{ index: 0, delta: d, finish_reason: finish, logprobs: null }],
});

describe('anthropic stream transformer', () => {
  it('translates a text stream event by event', () => {
    const { chunks, complete, error } = run([fixture('stream-text.sse')]);
    expect(complete).toBe(true);
    expect(error).toBeNull();
    expect(chunks).toEqual([
      delta(textId, { role: 'assistant', content: '' }),
      delta(textId, { content: 'Hello' }),
      delta(textId, { content: '! Ünïcødé ✓ — ' }),
      delta(textId, { content: 'how are you?' }),
      delta(textId, {}, 'stop'),
      {
        id: textId,
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 20,
          completion_tokens: 15,
          total_tokens: 35,
          prompt_tokens_details: { cached_tokens: 8 },
        },
      },
    ]);
  });

  it('gives the same chunks whatever the byte split', () => {
    const bytes = fixture('stream-text.sse');
    const whole = run([bytes]).chunks;
    const oneByOne = run(Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)));
    expect(oneByOne.chunks).toEqual(whole);
    let seed = 7;
    for (let round = 0; round < 20; round++) {
      const cuts: number[] = [];
      for (let at = 0; ;) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        at += 1 + (seed % 40);
        if (at >= bytes.length) break;
        cuts.push(at);
      }
      expect(run(split(bytes, cuts)).chunks).toEqual(whole);
    }
    const crlf = new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll('\n', '\r\n'));
    expect(run(split(crlf, [1, 100, 101, 333])).chunks).toEqual(whole);
  });

  it('streams tool calls with ordinals, not block indices, and argument pieces', () => {
    const { chunks, complete } = run(split(fixture('stream-tool-use.sse'), [50, 600, 1200]));
    const id = 'msg_014p7gG3wDgGV9EUtLvnow3U';
    expect(complete).toBe(true);
    expect(chunks).toEqual([
      delta(id, { role: 'assistant', content: '' }),
      delta(id, { content: 'Let me check both.' }),
      delta(id, {
        tool_calls: [
          {
            index: 0,
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            type: 'function',
            function: { name: 'get_weather', arguments: '' },
          },
        ],
      }),
      delta(id, { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }),
      delta(id, { tool_calls: [{ index: 0, function: { arguments: ' "Paris"}' } }] }),
      delta(id, {
        tool_calls: [
          {
            index: 1,
            id: 'toolu_01VmNr4ZvJ8JnXfJhXxQ5pDo',
            type: 'function',
            function: { name: 'get_time', arguments: '' },
          },
        ],
      }),
      delta(id, { tool_calls: [{ index: 1, function: { arguments: '{"tz": "Europe/Paris"}' } }] }),
      delta(id, {}, 'tool_calls'),
      {
        id,
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 472,
          completion_tokens: 89,
          total_tokens: 561,
          prompt_tokens_details: { cached_tokens: 0 },
        },
      },
    ]);
  });

  it('reports complete=false and the usage so far when cut off midway', () => {
    const text = new TextDecoder().decode(fixture('stream-tool-use.sse'));
    const boundary = text.indexOf('event: content_block_delta', text.indexOf('{\\"location\\":'));
    const id = 'msg_014p7gG3wDgGV9EUtLvnow3U';
    const cutUsage = {
      id,
      ...base,
      choices: [],
      usage: {
        prompt_tokens: 472,
        completion_tokens: 2,
        total_tokens: 474,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    };
    const lastPiece = delta(id, { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] });

    const atBoundary = run([new TextEncoder().encode(text.slice(0, boundary))]);
    expect(atBoundary.complete).toBe(false);
    expect(atBoundary.chunks).toHaveLength(5); // role, text, tool start, first piece, usage
    expect(atBoundary.chunks.slice(-2)).toEqual([lastPiece, cutUsage]);

    // Cut inside the next event: what the parser holds back is simply never delivered.
    const midEvent = run([new TextEncoder().encode(text.slice(0, boundary + 60))], { flush: false });
    expect(midEvent.complete).toBe(false);
    expect(midEvent.chunks).toEqual(atBoundary.chunks);
  });

  it('treats a truncated event flushed at the end as malformed, and end() still reports usage', () => {
    const t = anthropicAdapter.streamTransformer(ctx);
    t.push({
      event: 'message_start',
      data: '{"message":{"id":"msg_1","model":"m","usage":{"input_tokens":3,"output_tokens":1}}}',
    });
    expect(() => t.push({ event: 'content_block_delta', data: '{"type":"content_block_delta","ind' })).toThrow(
      ProviderProtocolError,
    );
    expect(t.end()).toEqual({
      complete: false,
      chunks: [
        {
          id: 'msg_1',
          object: 'chat.completion.chunk',
          created: 1_700_000_000,
          model: 'm',
          choices: [],
          usage: {
            prompt_tokens: 3,
            completion_tokens: 1,
            total_tokens: 4,
            prompt_tokens_details: { cached_tokens: 0 },
          },
        },
      ],
    });
  });

  it('emits nothing from end() when even message_start never came', () => {
    expect(run([new TextEncoder().encode('event: ping\ndata: {"type": "ping"}\n\n')])).toEqual({
      chunks: [],
      complete: false,
      error: null,
    });
  });

  it('classifies an error event (overloaded → 503 upstream_overloaded, retryable)', () => {
    const { chunks, complete, error } = run([fixture('stream-error.sse')]);
    expect(complete).toBe(false);
    expect(error).toEqual({
      status: 503,
      code: 'upstream_overloaded',
      message: 'Overloaded',
      retryable: true,
      upstreamStatus: 529,
    });
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Once upon', undefined]);
  });

  it('classifies other error event types by their status', () => {
    const t = anthropicAdapter.streamTransformer(ctx);
    t.push({ event: 'error', data: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}' });
    expect(t.error()).toMatchObject({
      status: 429,
      code: 'upstream_rate_limited',
      retryable: true,
      message: 'slow down',
    });
    const u = anthropicAdapter.streamTransformer(ctx);
    u.push({ event: 'error', data: '{"type":"error","error":{"type":"something_new"}}' });
    expect(u.error()).toMatchObject({
      status: 502,
      code: 'upstream_error',
      retryable: true,
      message: 'Anthropic stream error',
    });
  });

  it('throws ProviderProtocolError on malformed events', () => {
    const t = anthropicAdapter.streamTransformer(ctx);
    expect(() => t.push({ event: 'message_start', data: '{not json' })).toThrow(ProviderProtocolError);
    expect(() => t.push({ event: 'message_start', data: '{"type":"message_start"}' })).toThrow(/no message/);
    expect(() =>
      t.push({ event: 'content_block_delta', data: '{"index":3,"delta":{"type":"text_delta","text":"x"}}' }),
    ).toThrow(/block 3, which never started/);
  });

  it('ignores thinking blocks and unknown events', () => {
    const t = anthropicAdapter.streamTransformer(ctx);
    t.push({
      event: 'message_start',
      data: '{"message":{"id":"msg_1","model":"m","usage":{"input_tokens":1,"output_tokens":1}}}',
    });
    expect(
      t.push({ event: 'content_block_start', data: '{"index":0,"content_block":{"type":"thinking","thinking":""}}' }),
    ).toEqual([]);
    expect(
      t.push({ event: 'content_block_delta', data: '{"index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}' }),
    ).toEqual([]);
    expect(t.push({ event: 'future_event', data: '{"type":"future_event"}' })).toEqual([]);
  });
});
