import { describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../types.ts';
import { openaiAdapter } from './index.ts';
import { TEST_CTX, fixtureText } from './testing.ts';

const fixture = (name: string): unknown => JSON.parse(fixtureText(import.meta.url, name));

describe('openai chatResponse', () => {
  it('returns a plain completion with its usage', () => {
    const completion = openaiAdapter.chatResponse(fixture('chat-completion.json'), TEST_CTX);
    expect(completion.id).toBe('chatcmpl-CJq7dW3yv0Xq2mNfR8sTuVbA1cDeF');
    expect(completion.created).toBe(1758793245);
    expect(completion.model).toBe('gpt-4o-mini-2024-07-18');
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens).toBe(19);
    expect(completion.usage?.completion_tokens).toBe(9);
    expect(completion.usage?.total_tokens).toBe(28);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(completion.system_fingerprint).toBe('fp_560af6e559');
    expect(completion.service_tier).toBe('default');
  });

  it('returns a tool call with its arguments as a JSON string', () => {
    const completion = openaiAdapter.chatResponse(fixture('chat-tool-call.json'), TEST_CTX);
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toEqual([
      {
        id: 'call_Wf3kT9bQmZxR2vLp8sYdN1aE',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Berlin","unit":"celsius"}' },
      },
    ]);
    expect(completion.usage?.total_tokens).toBe(99);
  });

  it('fills a missing id and created from the context and a missing total from the counts', () => {
    const completion = openaiAdapter.chatResponse(
      {
        model: 'llama3',
        choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1 },
      },
      TEST_CTX,
    );
    expect(completion.id).toBe('chatcmpl-gatehouse-test');
    expect(completion.created).toBe(1_700_000_000);
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.index).toBe(0);
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 });
  });

  it.each([
    ['a string', '<html>502 Bad Gateway</html>', 'not a JSON object'],
    ['null', null, 'not a JSON object'],
    ['an array', [], 'not a JSON object'],
    ['no choices', { id: 'x', object: 'chat.completion' }, 'no choices'],
    ['empty choices', { choices: [] }, 'no choices'],
    ['choices not an array', { choices: 'nope' }, 'no choices'],
    ['a choice without message', { choices: [{ index: 0, text: 'hi' }] }, 'choices[0] has no message'],
    ['content of the wrong type', { choices: [{ message: { content: 42 } }] }, 'content is neither a string nor null'],
    ['tool_calls not an array', { choices: [{ message: { content: null, tool_calls: {} } }] }, 'not an array'],
    [
      'a tool call without name',
      { choices: [{ message: { tool_calls: [{ id: 'c', function: {} }] } }] },
      'no function name',
    ],
    ['malformed usage', { choices: [{ message: { content: 'x' } }], usage: { prompt_tokens: 'many' } }, 'usage is not'],
    [
      'an error in a 2xx body',
      { error: { message: 'model overloaded' } },
      'upstream answered 2xx with an error: model overloaded',
    ],
  ])('throws ProviderProtocolError for %s', (_name, body, message) => {
    expect(() => openaiAdapter.chatResponse(body, TEST_CTX)).toThrow(ProviderProtocolError);
    expect(() => openaiAdapter.chatResponse(body, TEST_CTX)).toThrow(message);
  });
});

describe('openai errorResponse', () => {
  it.each([
    [
      'error-400-context-length.json',
      400,
      400,
      'upstream_bad_request',
      false,
      "This model's maximum context length is 128000 tokens.",
    ],
    ['error-401.json', 401, 502, 'upstream_auth_failed', false, 'Incorrect API key provided: sk-proj-****'],
    ['error-429.json', 429, 429, 'upstream_rate_limited', true, 'Rate limit reached for gpt-4o-mini'],
    ['error-500.json', 500, 502, 'upstream_error', true, 'The server had an error while processing your request.'],
    ['error-500.json', 503, 503, 'upstream_overloaded', true, 'The server had an error'],
    ['error-502.html', 502, 502, 'upstream_error', true, '<html> <head><title>502 Bad Gateway</title></head>'],
  ])('%s with HTTP %i → %i %s', (file, upstream, status, code, retryable, message) => {
    const error = openaiAdapter.errorResponse(upstream, fixtureText(import.meta.url, file));
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.upstreamStatus).toBe(upstream);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('never throws on an empty body', () => {
    expect(openaiAdapter.errorResponse(404, '')).toEqual({
      status: 502,
      code: 'upstream_not_found',
      message: 'upstream returned HTTP 404',
      retryable: false,
      upstreamStatus: 404,
    });
  });
});

describe('openai embeddingsResponse', () => {
  const request = { model: 'text-embedding-3-small', input: ['The food was delicious', 'and the waiter'] };

  it('returns the vectors and usage', () => {
    const response = openaiAdapter.embeddingsResponse?.(fixture('embeddings.json'), request);
    expect(response?.data.map((d) => d.index)).toEqual([0, 1]);
    expect(response?.data[1]?.embedding).toEqual([0.011863728, -0.031208245, 0.0072930977, 0.019355424]);
    expect(response?.model).toBe('text-embedding-3-small');
    expect(response?.usage).toEqual({ prompt_tokens: 9, total_tokens: 9 });
  });

  it('estimates usage (never zero) when a server sends none', () => {
    const response = openaiAdapter.embeddingsResponse?.(
      { data: [{ embedding: [1, 0] }, { embedding: [0, 1] }] },
      request,
    );
    expect(response?.usage).toEqual({ prompt_tokens: 10, total_tokens: 10 });
    expect(response?.model).toBe('text-embedding-3-small');
  });

  it.each([
    ['not an object', 'garbage'],
    ['no data', { object: 'list' }],
    ['a vector of strings', { data: [{ embedding: ['a'] }] }],
    ['usage without prompt_tokens', { data: [{ embedding: [1] }], usage: { total_tokens: 'x' } }],
  ])('throws ProviderProtocolError for %s', (_name, body) => {
    expect(() => openaiAdapter.embeddingsResponse?.(body, request)).toThrow(ProviderProtocolError);
  });
});
