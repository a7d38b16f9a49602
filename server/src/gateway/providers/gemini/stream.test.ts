import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../canonical.ts';
import { ProviderProtocolError } from '../types.ts';
import { geminiAdapter } from './index.ts';
import { fixtureText, runStream, split } from './test-helpers.ts';

const ctx = { id: 'chatcmpl-s1', created: 1_750_000_100 };
const head = { id: 'chatcmpl-s1', object: 'chat.completion.chunk', created: 1_750_000_100 } as const;

function bytes(name: string): Uint8Array {
  return new TextEncoder().encode(fixtureText(name));
}

/** The fixture in one piece, byte by byte, and in several uneven splits (cutting \r\n and UTF-8). */
function everySplit(name: string): Array<{ chunks: ChatCompletionChunk[]; complete: boolean }> {
  const raw = bytes(name);
  return [[raw.length], [1], [2], [3, 7, 1], [13, 5, 64], [100, 1, 2, 333]].map((sizes) =>
    runStream(geminiAdapter.streamTransformer(ctx), split(raw, sizes)),
  );
}

describe('gemini stream transformer', () => {
  it('fixtures are on the wire as Gemini sends them: data lines ended by \\r\\n\\r\\n', () => {
    const text = fixtureText('stream-plain.sse');
    expect(text.startsWith('data: {"candidates": [')).toBe(true);
    expect(text.endsWith('}\r\n\r\n')).toBe(true);
    expect(text.split('\r\n\r\n').length - 1).toBe(4);
  });

  it('streams a plain answer: role, text deltas, finish, one final usage chunk, in any byte split', () => {
    const expected = [
      {
        ...head,
        model: 'gemini-2.5-flash',
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      },
      {
        ...head,
        model: 'gemini-2.5-flash',
        choices: [{ index: 0, delta: { content: 'Bonjour ! Comment ça' }, finish_reason: null }],
      },
      {
        ...head,
        model: 'gemini-2.5-flash',
        choices: [{ index: 0, delta: { content: ' va aujourd’hui ? 🇫🇷' }, finish_reason: null }],
      },
      { ...head, model: 'gemini-2.5-flash', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      {
        ...head,
        model: 'gemini-2.5-flash',
        choices: [],
        usage: {
          prompt_tokens: 7,
          completion_tokens: 43,
          total_tokens: 50,
          completion_tokens_details: { reasoning_tokens: 28 },
        },
      },
    ];
    for (const run of everySplit('stream-plain.sse')) {
      expect(run.complete).toBe(true);
      expect(run.chunks).toEqual(expected);
    }
  });

  it('streams function calls whole, one tool index each, and finishes with tool_calls', () => {
    for (const run of everySplit('stream-tool-call.sse')) {
      expect(run.complete).toBe(true);
      expect(run.chunks.map((c) => c.choices[0] ?? c.usage)).toEqual([
        { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index: 0,
                id: 'call_s1_0',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          finish_reason: null,
        },
        {
          index: 0,
          delta: {
            tool_calls: [
              {
                index: 1,
                id: 'call_s1_1',
                type: 'function',
                function: { name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
              },
            ],
          },
          finish_reason: null,
        },
        { index: 0, delta: {}, finish_reason: 'tool_calls' },
        {
          prompt_tokens: 58,
          completion_tokens: 72,
          total_tokens: 130,
          completion_tokens_details: { reasoning_tokens: 41 },
        },
      ]);
    }
  });

  it('a stream cut off before any finishReason is incomplete, still with the usage seen so far', () => {
    for (const run of everySplit('stream-cut-off.sse')) {
      expect(run.complete).toBe(false);
      expect(run.chunks.map((c) => c.choices[0]?.delta.content ?? c.choices[0]?.finish_reason ?? c.usage)).toEqual([
        '',
        'Once upon a time',
        ', in a kingdom by the sea,',
        { prompt_tokens: 11, completion_tokens: 12, total_tokens: 23 },
      ]);
    }
  });

  it('a stream cut inside its last event drops that half event and is incomplete', () => {
    const raw = bytes('stream-plain.sse');
    for (const sizes of [[raw.length - 40], [1], [5, 9]]) {
      const run = runStream(geminiAdapter.streamTransformer(ctx), split(raw.subarray(0, raw.length - 40), sizes));
      expect(run.complete).toBe(false);
      expect(run.chunks.map((c) => c.choices[0]?.delta.content ?? c.choices[0]?.finish_reason ?? c.usage)).toEqual([
        '',
        'Bonjour ! Comment ça',
        ' va aujourd’hui ? 🇫🇷',
        {
          prompt_tokens: 7,
          completion_tokens: 42,
          total_tokens: 49,
          completion_tokens_details: { reasoning_tokens: 28 },
        },
      ]);
    }
  });

  it('half an event after the finish still marks the stream incomplete', () => {
    const raw = fixtureText('stream-plain.sse') + 'data: {"candidates": [{"content": {"par';
    const run = runStream(geminiAdapter.streamTransformer(ctx), [new TextEncoder().encode(raw)]);
    expect(run.chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(run.complete).toBe(false);
  });

  it('an empty stream is incomplete and has no usage chunk', () => {
    const transformer = geminiAdapter.streamTransformer(ctx);
    expect(transformer.end()).toEqual({ chunks: [], complete: false });
    expect(transformer.error()).toBeNull();
  });

  it('reports an error object inside the stream through error()', () => {
    const transformer = geminiAdapter.streamTransformer(ctx);
    const run = runStream(transformer, [bytes('stream-error.sse')]);
    expect(run.complete).toBe(false);
    expect(run.chunks.map((c) => c.choices[0]?.delta.content ?? c.usage)).toEqual([
      '',
      'Let me think',
      { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
    ]);
    expect(transformer.error()).toEqual({
      status: 503,
      code: 'upstream_overloaded',
      message: 'The model is overloaded. Please try again later.',
      retryable: true,
      upstreamStatus: 503,
    });
  });

  it('a prompt blocked for safety is one empty content_filter answer, complete', () => {
    const run = runStream(geminiAdapter.streamTransformer(ctx), [bytes('stream-prompt-blocked.sse')]);
    expect(run.complete).toBe(true);
    expect(run.chunks).toEqual([
      {
        ...head,
        model: 'gemini-2.0-flash',
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      },
      { ...head, model: 'gemini-2.0-flash', choices: [{ index: 0, delta: {}, finish_reason: 'content_filter' }] },
      {
        ...head,
        model: 'gemini-2.0-flash',
        choices: [],
        usage: { prompt_tokens: 16, completion_tokens: 0, total_tokens: 16 },
      },
    ]);
  });

  it('a candidate stopped for safety mid-answer finishes with content_filter', () => {
    const transformer = geminiAdapter.streamTransformer(ctx);
    transformer.push({
      data: '{"candidates": [{"content": {"parts": [{"text": "Step one"}],"role": "model"},"index": 0}]}',
    });
    const last = transformer.push({
      data: '{"candidates": [{"content": {"role": "model"},"finishReason": "SAFETY","index": 0}]}',
    });
    expect(last.map((c) => c.choices[0])).toEqual([{ index: 0, delta: {}, finish_reason: 'content_filter' }]);
    expect(transformer.end().complete).toBe(true);
  });

  it('with several candidates, is complete only when every one finished', () => {
    const transformer = geminiAdapter.streamTransformer(ctx);
    const chunks = transformer.push({
      data: '{"candidates": [{"content": {"parts": [{"text": "A"}]},"finishReason": "STOP","index": 0},{"content": {"parts": [{"text": "B"}]},"index": 1}]}',
    });
    expect(chunks.map((c) => [c.choices[0]?.index, c.choices[0]?.delta, c.choices[0]?.finish_reason])).toEqual([
      [0, { role: 'assistant', content: '' }, null],
      [0, { content: 'A' }, null],
      [0, {}, 'stop'],
      [1, { role: 'assistant', content: '' }, null],
      [1, { content: 'B' }, null],
    ]);
    expect(transformer.end().complete).toBe(false);
  });

  it('throws ProviderProtocolError on events that are not GenerateContentResponses', () => {
    const transformer = geminiAdapter.streamTransformer(ctx);
    expect(() => transformer.push({ data: '{"candidates": "nope"}' })).toThrow(
      'gemini stream event: candidates: Invalid input: expected array, received string',
    );
    expect(() => geminiAdapter.streamTransformer(ctx).push({ data: '<html>502 Bad Gateway</html>' })).toThrow(
      'gemini stream event is not JSON: <html>502 Bad Gateway</html>',
    );
    // Half an event is only acceptable as the last one: another event after it is a protocol error.
    const cut = geminiAdapter.streamTransformer(ctx);
    expect(cut.push({ data: '{"candidates": [{"content": {"parts": [{"te' })).toEqual([]);
    expect(() => cut.push({ data: '{"candidates": []}' })).toThrow(ProviderProtocolError);
    expect(() => cut.push({ data: '{"candidates": []}' })).toThrow(
      'gemini stream event is not JSON: {"candidates": [{"content": {"parts": [{"te',
    );
  });
});
