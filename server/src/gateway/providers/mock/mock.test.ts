import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../../canonical.ts';
import { AppError } from '../../../errors.ts';
import type { ProviderTarget, UpstreamResponse } from '../types.ts';
import { TEST_CTX, contentOf, runStream, toolArgumentsOf } from '../openai/testing.ts';
import { MOCK_BASE_URL, mockAdapter } from './index.ts';

const target = (settings: Record<string, unknown> = {}): ProviderTarget => ({
  baseUrl: '',
  apiKey: null,
  upstreamModel: 'mock-1',
  settings,
});
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'mock-1',
  messages: [{ role: 'user', content }],
  ...extra,
});
const weather: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

async function send(request: ChatRequest, settings: Record<string, unknown> = {}): Promise<UpstreamResponse> {
  const transport = mockAdapter.transport;
  if (!transport) throw new Error('the mock has a transport');
  return transport.send(mockAdapter.chatRequest(target(settings), request), { signal: new AbortController().signal });
}

async function bytesOf(res: UpstreamResponse): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of res.body) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

async function completion(request: ChatRequest, settings: Record<string, unknown> = {}) {
  const res = await send(request, settings);
  expect(res.status).toBe(200);
  return mockAdapter.chatResponse(JSON.parse(await res.text()), TEST_CTX);
}

async function stream(request: ChatRequest, settings: Record<string, unknown> = {}, cuts: number[] = []) {
  const res = await send({ ...request, stream: true }, settings);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  const raw = await bytesOf(res);
  return { raw, ...runStream(mockAdapter.streamTransformer(TEST_CTX), raw, cuts) };
}

describe('mock adapter request', () => {
  it('builds an OpenAI request to its own base URL, with include_usage and its settings header', () => {
    const req = mockAdapter.chatRequest(target({ chunks: 3, text: 'Grüße' }), ask('hi', { stream: true }));
    expect(req.url).toBe(`${MOCK_BASE_URL}/chat/completions`);
    expect(req.headers).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-gatehouse-mock-settings': encodeURIComponent('{"chunks":3,"text":"Grüße"}'),
    });
    expect(JSON.parse(req.body ?? '').stream_options).toEqual({ include_usage: true });
    expect(mockAdapter.chatRequest(target(), ask('hi')).headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  it('rejects bad settings with provider_misconfigured', () => {
    expect(() => mockAdapter.chatRequest(target({ chunks: 0 }), ask('hi'))).toThrow(AppError);
    expect(() => mockAdapter.chatRequest(target({ chunks: 0 }), ask('hi'))).toThrow(
      'invalid mock provider settings: chunks:',
    );
  });
});

describe('mock adapter answers', () => {
  it('answers a plain completion deterministically, with usage', async () => {
    const first = await completion(ask('Hello'));
    expect(first.choices[0]?.message.content).toBe('This is the Gatehouse mock. You said: Hello');
    expect(first.choices[0]?.finish_reason).toBe('stop');
    expect(first.usage).toEqual({ prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 });
    expect(first.model).toBe('mock-1');
    const again = await completion(ask('Hello'));
    expect(again.id).toBe(first.id);
    expect(again.choices).toEqual(first.choices);
  });

  it('streams the same text in `chunks` pieces, usage chunk and [DONE] at the end', async () => {
    const run = await stream(ask('Hello'));
    expect(run.complete).toBe(true);
    expect(run.chunks).toHaveLength(11);
    expect(run.chunks.slice(1, 9).map((c) => c.choices[0]?.delta.content)).toEqual([
      'This ',
      'is ',
      'the ',
      'Gatehouse ',
      'mock. ',
      'You ',
      'said: ',
      'Hello',
    ]);
    expect(contentOf(run.chunks)).toBe('This is the Gatehouse mock. You said: Hello');
    expect(run.chunks[9]?.choices[0]?.finish_reason).toBe('stop');
    expect(run.chunks[10]?.choices).toEqual([]);
    expect(run.chunks[10]?.usage).toEqual({ prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 });
    expect(new TextDecoder().decode(run.raw).endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('parses identically however the stream bytes are split', async () => {
    const whole = await stream(ask('Grüße aus Köln 👋'), { chunks: 5 });
    for (let cut = 1; cut < whole.raw.length; cut += 7) {
      expect(runStream(mockAdapter.streamTransformer(TEST_CTX), whole.raw, [cut, cut + 1, cut + 3]).chunks).toEqual(
        whole.chunks,
      );
    }
    expect(contentOf(whole.chunks)).toBe('This is the Gatehouse mock. You said: Grüße aus Köln 👋');
  });

  it('sends the usage chunk only when asked', async () => {
    const res = await mockAdapter.transport?.send(
      {
        method: 'POST',
        url: 'http://x/v1/chat/completions',
        headers: {},
        body: JSON.stringify(ask('hi', { stream: true })),
      },
      { signal: new AbortController().signal },
    );
    const text = (await res?.text()) ?? '';
    expect(text).not.toContain('"usage"');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('honours provider settings and the model suffix (suffix wins)', async () => {
    expect((await stream(ask('a b c d e f'), { chunks: 2 })).chunks).toHaveLength(5);
    expect((await stream(ask('x', { model: 'mock-1@c4' }), { chunks: 2 })).chunks).toHaveLength(7);
    expect((await completion(ask('x'), { text: 'Fixed answer.' })).choices[0]?.message.content).toBe(
      'Fixed answer. Fixed answer. Fixed answer. Fixed answer.',
    );
  });

  it('answers a tool call when the tool is required', async () => {
    const result = await completion(ask('Weather?', { tools: [weather], tool_choice: 'required' }));
    expect(result.choices[0]?.finish_reason).toBe('tool_calls');
    expect(result.choices[0]?.message.content).toBeNull();
    expect(result.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"mock"}',
    });
    expect(result.usage?.completion_tokens).toBe(7);
    const auto = await completion(ask('Weather?', { tools: [weather], tool_choice: 'auto' }));
    expect(auto.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('streams a named tool call as argument deltas', async () => {
    const run = await stream(
      ask('Weather?', { tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } }),
      { chunks: 3 },
    );
    expect(run.complete).toBe(true);
    expect(run.chunks[0]?.choices[0]?.delta.tool_calls?.[0]?.function?.name).toBe('get_weather');
    expect(run.chunks.slice(1, 4).map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments)).toEqual([
      '{"cit',
      'y":"m',
      'ock"}',
    ]);
    expect(toolArgumentsOf(run.chunks)).toBe('{"city":"mock"}');
    expect(run.chunks[4]?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers valid JSON for response_format json_object', async () => {
    const result = await completion(ask('Hi', { response_format: { type: 'json_object' } }));
    expect(JSON.parse(result.choices[0]?.message.content ?? '')).toEqual({
      answer: 'This is the Gatehouse mock. You said: Hi',
    });
  });

  it.each([
    [400, 400, 'upstream_bad_request', false],
    [401, 502, 'upstream_auth_failed', false],
    [429, 429, 'upstream_rate_limited', true],
    [500, 502, 'upstream_error', true],
    [503, 503, 'upstream_overloaded', true],
  ])('@error%i answers an OpenAI-shaped error, classified %i %s', async (upstream, status, code, retryable) => {
    const res = await send(ask('x', { model: `mock-1@error${upstream}` }));
    expect(res.status).toBe(upstream);
    expect(mockAdapter.errorResponse(res.status, await res.text())).toEqual({
      status,
      code,
      retryable,
      upstreamStatus: upstream,
      message: `The mock was asked to fail with HTTP ${upstream} (model suffix @error${upstream}).`,
    });
  });

  it('@cut<n> streams n chunks and stops without [DONE]', async () => {
    const run = await stream(ask('Hello', { model: 'mock-1@cut3' }));
    expect(run.complete).toBe(false);
    expect(run.error).toBeNull();
    expect(run.chunks).toHaveLength(4);
    expect(contentOf(run.chunks)).toBe('This is the ');
  });

  it('@cut<n> on a non-streamed call gives a truncated (malformed) body', async () => {
    const res = await send(ask('Hello', { model: 'mock-1@cut10' }));
    expect(await res.text()).toBe('{"id":"cha');
  });

  it('answers a malformed request with 400 and a bad suffix with a clear message', async () => {
    const transport = mockAdapter.transport;
    const signal = new AbortController().signal;
    const bad = await transport?.send(
      { method: 'POST', url: 'http://x/v1/chat/completions', headers: {}, body: '{"model":' },
      { signal },
    );
    expect(bad?.status).toBe(400);
    expect(mockAdapter.errorResponse(400, (await bad?.text()) ?? '').message).toBe(
      'We could not parse the JSON body of your request.',
    );
    const suffix = await send(ask('x', { model: 'mock-1@c0' }));
    expect(suffix.status).toBe(400);
    expect(JSON.parse(await suffix.text()).error).toEqual({
      message: 'mock model suffix @c0: chunks must be 1..10000, got 0',
      type: 'invalid_request_error',
      param: 'model',
      code: null,
    });
    const missing = await transport?.send({ method: 'GET', url: 'http://x/v1/nothing', headers: {} }, { signal });
    expect(missing?.status).toBe(404);
  });

  it('answers deterministic normalized embeddings with usage', async () => {
    const request = { model: 'mock-embed', input: ['Guten Tag', 'Hello'], dimensions: 8 };
    const up = mockAdapter.embeddingsRequest?.(target(), request);
    expect(up?.url).toBe(`${MOCK_BASE_URL}/embeddings`);
    const res = await mockAdapter.transport?.send(up ?? { method: 'POST', url: '', headers: {} }, {
      signal: new AbortController().signal,
    });
    const body = mockAdapter.embeddingsResponse?.(JSON.parse((await res?.text()) ?? ''), request);
    expect(body?.data).toHaveLength(2);
    const [first] = body?.data ?? [];
    expect(first?.embedding).toHaveLength(8);
    expect(Math.hypot(...(first?.embedding as number[]))).toBeCloseTo(1, 12);
    expect(body?.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const again = await mockAdapter.transport?.send(up ?? { method: 'POST', url: '', headers: {} }, {
      signal: new AbortController().signal,
    });
    expect(JSON.parse((await again?.text()) ?? '').data[0].embedding).toEqual(first?.embedding);
  });
});
