import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical.ts';
import { AppError } from '../../../errors.ts';
import type { ProviderTarget } from '../types.ts';
import { ProviderProtocolError } from '../types.ts';
import { TEST_CTX, fixtureText } from '../openai/testing.ts';
import { openaiCompatibleAdapter as adapter } from './index.ts';

const target = (apiKey: string | null, settings: Record<string, unknown> = {}): ProviderTarget => ({
  baseUrl: 'http://localhost:11434/v1',
  apiKey,
  upstreamModel: 'llama3.2',
  settings,
});
const chat: ChatRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] };
const stream: ChatRequest = { ...chat, stream: true, stream_options: { include_usage: false } };
const fixture = (name: string): unknown => JSON.parse(fixtureText(import.meta.url, name));

describe('openai-compatible chatRequest', () => {
  it('sends no Authorization header without a key', () => {
    const req = adapter.chatRequest(target(null), chat);
    expect(req.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(req.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(req.body ?? '')).toEqual(chat);
  });

  it('sends bearer auth and extra headers with a key', () => {
    const req = adapter.chatRequest(
      {
        ...target('sk-or-v1-abc', { headers: { 'HTTP-Referer': 'https://gatehouse.example', 'X-Title': 'Gatehouse' } }),
        baseUrl: 'https://openrouter.ai/api/v1',
      },
      chat,
    );
    expect(req.url).toBe('https://openrouter.ai/api/v1/chat/completions');
    expect(req.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'http-referer': 'https://gatehouse.example',
      'x-title': 'Gatehouse',
      authorization: 'Bearer sk-or-v1-abc',
    });
  });

  it('asks for usage on streams by default', () => {
    const body = JSON.parse(adapter.chatRequest(target(null), stream).body ?? '');
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(adapter.chatRequest(target(null), stream).headers.accept).toBe('text/event-stream');
  });

  it('drops stream_options entirely with streamUsage: false', () => {
    const body = JSON.parse(adapter.chatRequest(target(null, { streamUsage: false }), stream).body ?? '');
    expect(body).toEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });

  it('has no OpenAI organization setting and no default base URL', () => {
    expect(() => adapter.chatRequest(target('k', { organization: 'org-1' }), chat)).toThrow(
      'invalid openai-compatible provider settings: settings: Unrecognized key: "organization"',
    );
    expect(() => adapter.chatRequest(target('k', { streamUsage: 'no' }), chat)).toThrow('streamUsage:');
    expect(adapter.defaultBaseUrl).toBeNull();
    expect(() => adapter.chatRequest({ ...target(null), baseUrl: '' }, chat)).toThrow(AppError);
  });

  it('builds an embeddings request without a key', () => {
    const req = adapter.embeddingsRequest?.(target(null), { model: 'nomic-embed-text', input: 'hello' });
    expect(req?.url).toBe('http://localhost:11434/v1/embeddings');
    expect(req?.headers.authorization).toBeUndefined();
    expect(JSON.parse(req?.body ?? '')).toEqual({ model: 'nomic-embed-text', input: 'hello' });
  });
});

describe('openai-compatible chatResponse', () => {
  it('reads a Mistral completion (tool_calls: null is dropped)', () => {
    const completion = adapter.chatResponse(fixture('mistral-chat.json'), TEST_CTX);
    expect(completion.id).toBe('5c1d9e8a7b6f4a3e9d2c1b0a9f8e7d6c');
    expect(completion.choices[0]?.message).toEqual({ role: 'assistant', content: 'Bonjour à tous !' });
    expect(completion.usage).toEqual({ prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 });
  });

  it('reads an Ollama tool call', () => {
    const completion = adapter.chatResponse(fixture('ollama-tool-call.json'), TEST_CTX);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBe('');
    expect(completion.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Berlin"}',
    });
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_k2x9qm7f');
  });

  it('joins content sent as text parts and stringifies object arguments', () => {
    const completion = adapter.chatResponse(
      {
        choices: [
          {
            message: {
              content: [
                { type: 'text', text: 'a' },
                { type: 'thinking', thinking: [] },
                { type: 'text', text: 'b' },
              ],
              tool_calls: [{ function: { name: 'f', arguments: { x: 1 } } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
      },
      TEST_CTX,
    );
    expect(completion.choices[0]?.message.content).toBe('ab');
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_0', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
    ]);
  });

  it('throws ProviderProtocolError for a 2xx garbage body', () => {
    expect(() => adapter.chatResponse({ object: 'error', message: 'boom', code: 500 }, TEST_CTX)).toThrow(
      'upstream answered 2xx with an error: boom',
    );
    expect(() => adapter.chatResponse('OK', TEST_CTX)).toThrow(ProviderProtocolError);
  });
});

describe('openai-compatible errorResponse', () => {
  it.each([
    [
      'vllm-error-400.json',
      400,
      400,
      'upstream_bad_request',
      false,
      "This model's maximum context length is 8192 tokens.",
    ],
    ['ollama-error-404.json', 404, 502, 'upstream_not_found', false, 'model "llama9" not found, try pulling it first'],
    ['openrouter-error-402.json', 402, 502, 'upstream_error', false, 'Insufficient credits.'],
    ['openrouter-error-503.json', 503, 503, 'upstream_overloaded', true, 'No endpoints found'],
    [
      'error-422-extra-forbidden.json',
      422,
      400,
      'upstream_bad_request',
      false,
      '{"object":"error","message":{"detail"',
    ],
  ])('%s with HTTP %i → %i %s', (file, upstream, status, code, retryable, message) => {
    const error = adapter.errorResponse(upstream, fixtureText(import.meta.url, file));
    expect(error).toMatchObject({ status, code, retryable, upstreamStatus: upstream });
    expect(error.message.startsWith(message)).toBe(true);
  });
});
