import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../lib/sse.ts';
import { ProviderProtocolError } from '../types.ts';
import { openaiAdapter } from './index.ts';
import { TEST_CTX, contentOf, fixtureBytes, runStream, toolArgumentsOf } from './testing.ts';

const transformer = () => openaiAdapter.streamTransformer(TEST_CTX);
const bytes = (name: string) => fixtureBytes(import.meta.url, name);

describe('openai streamTransformer', () => {
  it('passes a text stream through, usage chunk included, and completes on [DONE]', () => {
    const run = runStream(transformer(), bytes('stream-text.sse'));
    expect(run.complete).toBe(true);
    expect(run.error).toBeNull();
    expect(run.chunks).toHaveLength(7);
    expect(contentOf(run.chunks)).toBe('Grüße aus Köln 👋');
    expect(run.chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(run.chunks[5]?.choices[0]?.finish_reason).toBe('stop');
    const usageChunk = run.chunks[6];
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.prompt_tokens).toBe(12);
    expect(usageChunk?.usage?.completion_tokens).toBe(6);
    expect(usageChunk?.usage?.total_tokens).toBe(18);
    expect(run.chunks.every((c) => c.id === 'chatcmpl-CJq9Zr4kP2sLmN7xQ0wYtB3vA8uEd')).toBe(true);
    expect(run.chunks[1]?.obfuscation).toBe('k9P');
  });

  it('gives the same chunks however the bytes are split (every boundary, and byte by byte)', () => {
    const raw = bytes('stream-text.sse');
    const whole = runStream(transformer(), raw);
    for (let cut = 1; cut < raw.length; cut++) {
      expect(runStream(transformer(), raw, [cut])).toEqual(whole);
    }
    const everyByte = Array.from({ length: raw.length - 1 }, (_, i) => i + 1);
    expect(runStream(transformer(), raw, everyByte)).toEqual(whole);
  });

  it('streams tool-call argument deltas', () => {
    const run = runStream(transformer(), bytes('stream-tool-call.sse'), [333, 334, 1000, 2047]);
    expect(run.complete).toBe(true);
    const first = run.chunks[0]?.choices[0]?.delta.tool_calls?.[0];
    expect(first).toEqual({
      index: 0,
      id: 'call_Wf3kT9bQmZxR2vLp8sYdN1aE',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(toolArgumentsOf(run.chunks)).toBe('{"city":"Berlin","unit":"celsius"}');
    expect(run.chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(run.chunks.at(-1)?.usage?.total_tokens).toBe(99);
  });

  it('reports a stream cut off midway as incomplete and keeps the chunks received', () => {
    const run = runStream(transformer(), bytes('stream-cut.sse'));
    expect(run.complete).toBe(false);
    expect(run.error).toBeNull();
    expect(run.chunks).toHaveLength(3);
    expect(contentOf(run.chunks)).toBe('Grüße aus');
  });

  it('rejects the truncated last event if the parser is flushed after a cut', () => {
    const parser = new SseParser();
    const t = transformer();
    for (const event of parser.push(bytes('stream-cut.sse'))) t.push(event);
    const [partial] = parser.end();
    expect(partial).toBeDefined();
    expect(() => t.push(partial ?? { data: '' })).toThrow(ProviderProtocolError);
  });

  it('turns an in-stream error into error(), classified, with the chunks before it', () => {
    const run = runStream(transformer(), bytes('stream-error.sse'));
    expect(run.complete).toBe(false);
    expect(contentOf(run.chunks)).toBe('The question');
    expect(run.error).toEqual({
      status: 502,
      code: 'upstream_error',
      message: 'The server had an error while processing your request. Sorry about that!',
      retryable: true,
    });
  });

  it('classifies an in-stream rate limit as 429 and ignores events after the error', () => {
    const t = transformer();
    expect(
      t.push({ data: '{"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded"}}' }),
    ).toEqual([]);
    expect(t.push({ data: '{"choices":[{"index":0,"delta":{"content":"late"}}]}' })).toEqual([]);
    expect(t.error()).toEqual({ status: 429, code: 'upstream_rate_limited', message: 'slow down', retryable: true });
    expect(t.end()).toEqual({ chunks: [], complete: false });
  });

  it('ignores events after [DONE]', () => {
    const t = transformer();
    t.push({ data: '[DONE]' });
    expect(t.push({ data: '{"choices":[{"index":0,"delta":{"content":"x"}}]}' })).toEqual([]);
    expect(t.end().complete).toBe(true);
  });

  it('fills a missing id, created and delta from the context', () => {
    const [chunk] = transformer().push({ data: '{"model":"m","choices":[{"finish_reason":"stop"}]}' });
    expect(chunk).toEqual({
      id: 'chatcmpl-gatehouse-test',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'm',
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    });
  });

  it.each([
    ['broken JSON', '{"id":"x","choices":[{"delta":{"content":"a'],
    ['a non-object', '42'],
    ['a chunk without choices or usage', '{"id":"x"}'],
    ['choices not an array', '{"choices":{"0":{}}}'],
    ['a delta that is not an object', '{"choices":[{"delta":"hi"}]}'],
  ])('throws ProviderProtocolError for %s', (_name, data) => {
    expect(() => transformer().push({ data })).toThrow(ProviderProtocolError);
  });
});
