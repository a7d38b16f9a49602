import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseParser } from '../../../lib/sse.ts';
import { startMockServer } from './server.ts';
import type { MockServer } from './server.ts';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await mock.close();
});

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
type Body = {
  data: Array<{ id: string }>;
  usage: unknown;
  choices: Array<{ message: { content: string } }>;
  error: { type: string; code: string };
};

const post = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });

describe('startMockServer', () => {
  it('listens on loopback and gives an OpenAI-style base URL', () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}/v1`);
    expect(mock.port).toBeGreaterThan(0);
  });

  it('lists its models', async () => {
    const res = await fetch(`${mock.url}/models`);
    expect(res.status).toBe(200);
    expect((await json<Body>(res)).data.map((m) => m.id)).toEqual(['mock-1', 'mock-embed-1']);
  });

  it('answers a chat completion as JSON', async () => {
    const res = await post('/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await json<Body>(res);
    expect(body.choices[0]?.message.content).toBe('This is the Gatehouse mock. You said: Hello');
    expect(body.usage).toEqual({ prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 });
  });

  it('streams SSE ending with data: [DONE], the usage chunk when asked', async () => {
    const res = await post('/chat/completions', {
      model: 'gpt-4o-mini@c20t0i0',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = new SseParser().push(await res.text()).map((e) => e.data);
    expect(events).toHaveLength(24);
    expect(events.at(-1)).toBe('[DONE]');
    expect(JSON.parse(events.at(-2) ?? '').usage).toEqual({
      prompt_tokens: 7,
      completion_tokens: 20,
      total_tokens: 27,
    });
  });

  it('paces a stream by the model suffix', async () => {
    const started = performance.now();
    const res = await post('/chat/completions', {
      model: 'm@c5t30i20',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    const text = await res.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(30 + 4 * 20 - 5);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('stops writing when the client goes away, releasing its pacing timer', async () => {
    const controller = new AbortController();
    const res = await post(
      '/chat/completions',
      { model: 'm@c100i2000', stream: true, messages: [{ role: 'user', content: 'x' }] },
      controller.signal,
    );
    const reader = res.body?.getReader();
    await reader?.read();
    expect(mock.stats.active).toBe(1);
    controller.abort();
    await expect(reader?.read()).rejects.toThrow();
    // Well before the next 2 s pause would end, the answer is no longer being written.
    const started = performance.now();
    while (mock.stats.active > 0 && performance.now() - started < 1000) await new Promise((r) => setTimeout(r, 5));
    expect(mock.stats.active).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers embeddings, hooks and unknown paths in the OpenAI shape', async () => {
    const embed = await post('/embeddings', { model: 'mock-embed-1', input: 'Hello world' });
    expect((await json<Body>(embed)).usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    const failing = await post('/chat/completions', {
      model: 'm@error503',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(failing.status).toBe(503);
    expect((await json<Body>(failing)).error.type).toBe('server_error');
    const missing = await fetch(`${mock.url}/nothing`);
    expect(missing.status).toBe(404);
    expect((await json<Body>(missing)).error.code).toBe('model_not_found');
  });

  it('counts what it answered', () => {
    expect(mock.stats.requests).toBeGreaterThanOrEqual(6);
    expect(mock.stats.streams).toBeGreaterThanOrEqual(3);
  });

  it('refuses bad default options with a clear error', async () => {
    await expect(startMockServer({ chunks: 0 })).rejects.toThrow('invalid mock server options: chunks: Too small');
  });
});
