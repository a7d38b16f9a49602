import { describe, expect, it } from 'vitest';
import { TEST_CTX, contentOf, fixtureBytes, runStream, toolArgumentsOf } from '../openai/testing.ts';
import { openaiCompatibleAdapter } from './index.ts';

const transformer = () => openaiCompatibleAdapter.streamTransformer(TEST_CTX);
const bytes = (name: string) => fixtureBytes(import.meta.url, name);
const run = (name: string, cuts: number[] = []) => runStream(transformer(), bytes(name), cuts);

describe('openai-compatible streamTransformer', () => {
  it('moves Mistral usage off the last content chunk into a final usage chunk', () => {
    const { chunks, complete, error } = run('mistral-stream.sse');
    expect(complete).toBe(true);
    expect(error).toBeNull();
    expect(chunks).toHaveLength(6);
    expect(contentOf(chunks)).toBe('Bonjour à tous !');
    expect(chunks[4]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[4]?.usage).toBeUndefined();
    expect(chunks[5]).toEqual({
      id: 'a3f9c1e27b5d4e8f9c0b1a2d3e4f5a6b',
      object: 'chat.completion.chunk',
      created: 1758800000,
      model: 'mistral-small-latest',
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
    });
  });

  it('gives the same chunks however the bytes are split', () => {
    const raw = bytes('mistral-stream.sse');
    const whole = runStream(transformer(), raw);
    for (let cut = 1; cut < raw.length; cut++) expect(runStream(transformer(), raw, [cut])).toEqual(whole);
    expect(
      runStream(
        transformer(),
        raw,
        Array.from({ length: raw.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
  });

  it('skips OpenRouter keep-alive comments and takes usage from a trailing choice chunk', () => {
    const { chunks, complete } = run('openrouter-stream.sse', [10, 30]);
    expect(complete).toBe(true);
    expect(contentOf(chunks)).toBe('Hi there');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBe(10);
    expect(last?.usage).toMatchObject({ cost: 0.0000024, is_byok: false });
    expect(chunks.filter((c) => c.usage)).toHaveLength(1);
  });

  it('passes an Ollama tool call (whole arguments in one delta) and its usage chunk', () => {
    const { chunks, complete } = run('ollama-tool-call-stream.sse');
    expect(complete).toBe(true);
    expect(toolArgumentsOf(chunks)).toBe('{"city":"Berlin"}');
    expect(chunks[0]?.choices[0]?.delta.tool_calls?.[0]?.function?.name).toBe('get_weather');
    expect(chunks[1]?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks[2]?.usage).toEqual({ prompt_tokens: 152, completion_tokens: 18, total_tokens: 170 });
  });

  it('treats a llama.cpp stream without [DONE] as complete once every choice finished', () => {
    const { chunks, complete } = run('llamacpp-no-done.sse');
    expect(complete).toBe(true);
    expect(contentOf(chunks)).toBe('Hallo Welt');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    expect(chunks.at(-2)?.timings).toEqual({ prompt_n: 11, prompt_ms: 21.4, predicted_n: 3, predicted_ms: 38.9 });
  });

  it('reports a stream cut before any finish as incomplete, with the chunks so far', () => {
    const { chunks, complete, error } = run('llamacpp-cut.sse');
    expect(complete).toBe(false);
    expect(error).toBeNull();
    expect(chunks).toHaveLength(3);
    expect(contentOf(chunks)).toBe('Hallo Welt');
  });

  it('still emits usage seen before a cut, so what was generated can be billed', () => {
    const t = transformer();
    t.push({
      data: '{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}',
    });
    t.push({
      data: '{"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"b"}}],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}',
    });
    const end = t.end();
    expect(end.complete).toBe(false);
    expect(end.chunks).toHaveLength(1);
    expect(end.chunks[0]?.usage).toEqual({ prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 });
  });

  it('lets a proper usage chunk supersede usage seen on content chunks', () => {
    const t = transformer();
    t.push({
      data: '{"id":"x","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}}',
    });
    const [usageChunk] = t.push({
      data: '{"id":"x","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}',
    });
    expect(usageChunk?.usage?.total_tokens).toBe(10);
    expect(t.push({ data: '[DONE]' })).toEqual([]);
    expect(t.end()).toEqual({ chunks: [], complete: true });
  });

  it('reads an empty finish_reason (older Ollama) as not finished', () => {
    const t = transformer();
    const [chunk] = t.push({ data: '{"id":"c","choices":[{"index":0,"delta":{"content":" if"},"finish_reason":""}]}' });
    expect(chunk?.choices[0]?.finish_reason).toBeNull();
    expect(t.end().complete).toBe(false);
  });

  it('classifies a vLLM in-stream error object', () => {
    const { chunks, complete, error } = run('vllm-error-stream.sse');
    expect(complete).toBe(false);
    expect(contentOf(chunks)).toBe('Once');
    expect(error).toEqual({
      status: 502,
      code: 'upstream_error',
      message: 'CUDA out of memory while decoding',
      retryable: true,
    });
  });

  it('classifies an OpenRouter error chunk and drops its finish_reason "error"', () => {
    const { chunks, complete, error } = run('openrouter-error-stream.sse');
    expect(complete).toBe(false);
    expect(chunks).toHaveLength(1);
    expect(error).toEqual({
      status: 502,
      code: 'upstream_error',
      message: 'Provider disconnected unexpectedly',
      retryable: true,
    });
  });
});
