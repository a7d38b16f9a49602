// The OpenAI-compatible path end to end against the mock provider's HTTP server on loopback:
// request built by the adapter, sent with fetch, answer read through SseParser and the transformer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical.ts';
import type { ProviderTarget } from '../types.ts';
import { startMockServer } from '../mock/server.ts';
import type { MockServer } from '../mock/server.ts';
import { TEST_CTX, contentOf, runStream } from '../openai/testing.ts';
import { openaiCompatibleAdapter as adapter } from './index.ts';

let mock: MockServer;
let target: ProviderTarget;
beforeAll(async () => {
  mock = await startMockServer({ host: '127.0.0.1', port: 0 });
  target = { baseUrl: mock.url, apiKey: 'sk-local', upstreamModel: 'mock-1', settings: {} };
});
afterAll(() => mock.close());

async function send(request: ChatRequest, settings: Record<string, unknown> = {}): Promise<Response> {
  const req = adapter.chatRequest({ ...target, settings }, request);
  return fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
}

const hello: ChatRequest = { model: 'mock-1', messages: [{ role: 'user', content: 'Hello' }] };

describe('openai-compatible adapter against the mock server', () => {
  it('gets a completion', async () => {
    const res = await send(hello);
    expect(res.status).toBe(200);
    const completion = adapter.chatResponse(await res.json(), TEST_CTX);
    expect(completion.choices[0]?.message.content).toBe('This is the Gatehouse mock. You said: Hello');
    expect(completion.usage?.total_tokens).toBe(15);
  });

  it('streams with the usage it asked for', async () => {
    const res = await send({ ...hello, model: 'mock-1@c3', stream: true });
    const run = runStream(adapter.streamTransformer(TEST_CTX), new Uint8Array(await res.arrayBuffer()));
    expect(run.complete).toBe(true);
    expect(contentOf(run.chunks)).toBe('This is the Gatehouse mock. You said: Hello');
    expect(run.chunks.at(-1)?.usage).toEqual({ prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 });
  });

  it('streams without usage when streamUsage is off', async () => {
    const res = await send({ ...hello, stream: true }, { streamUsage: false });
    const run = runStream(adapter.streamTransformer(TEST_CTX), new Uint8Array(await res.arrayBuffer()));
    expect(run.complete).toBe(true);
    expect(run.chunks.some((c) => c.usage)).toBe(false);
  });

  it('classifies an upstream error and a cut stream', async () => {
    const failing = await send({ ...hello, model: 'mock-1@error429' });
    expect(adapter.errorResponse(failing.status, await failing.text())).toMatchObject({
      status: 429,
      code: 'upstream_rate_limited',
      retryable: true,
    });
    const cut = await send({ ...hello, model: 'mock-1@cut2', stream: true });
    const run = runStream(adapter.streamTransformer(TEST_CTX), new Uint8Array(await cut.arrayBuffer()));
    expect(run.complete).toBe(false);
    expect(contentOf(run.chunks)).toBe('This is ');
  });
});
