import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import type { ChatRequest } from '../../canonical.ts';
import type { ProviderTarget } from '../types.ts';
import { anthropicAdapter } from './index.ts';

const target: ProviderTarget = {
  baseUrl: 'https://api.anthropic.com/v1',
  apiKey: 'sk-ant-test',
  upstreamModel: 'claude-sonnet-4-5',
  settings: {},
};

function build(request: Partial<ChatRequest>, t: ProviderTarget = target) {
  const upstream = anthropicAdapter.chatRequest(t, { model: 'claude-sonnet-4-5', messages: [], ...request });
  return { upstream, body: JSON.parse(upstream.body ?? 'null') as Record<string, unknown> };
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('anthropic chat request', () => {
  it('builds the URL, headers and a minimal body with the default max_tokens', () => {
    const { upstream, body } = build({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(upstream.method).toBe('POST');
    expect(upstream.url).toBe('https://api.anthropic.com/v1/messages');
    expect(upstream.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-ant-test',
    });
    expect(body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('applies version, beta, extra headers and defaultMaxTokens settings; omits the key when keyless', () => {
    const { upstream, body } = build(
      { messages: [{ role: 'user', content: 'Hi' }] },
      {
        ...target,
        apiKey: null,
        settings: {
          version: '2024-01-01',
          beta: ['a-1', 'b-2'],
          defaultMaxTokens: 1000,
          headers: { 'x-team': 'blue' },
        },
      },
    );
    expect(upstream.headers).toEqual({
      'x-team': 'blue',
      'content-type': 'application/json',
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'a-1,b-2',
    });
    expect(body.max_tokens).toBe(1000);
  });

  it('rejects invalid provider settings as provider_misconfigured', () => {
    const err = appError(() => build({}, { ...target, settings: { defaultMaxTokens: 'lots' } }));
    expect(err.code).toBe('provider_misconfigured');
    expect(err.message).toContain('"defaultMaxTokens"');
  });

  it('maps system, parameters, stop, user and stream', () => {
    const { body } = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      max_completion_tokens: 60,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      user: 'user-42',
      stream: true,
      stream_options: { include_usage: true },
      seed: 7,
      presence_penalty: 0.5,
      top_k: 40,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 60,
      system: 'Be brief.\n\nUse French.',
      messages: [{ role: 'user', content: 'Hi' }],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user-42' },
      stream: true,
    });
  });

  it('translates images, tool calls and tool results, merging turns so roles alternate', () => {
    const { body } = build({
      messages: [
        { role: 'user', content: 'Look:' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '14:00' }] },
        { role: 'user', content: 'Thanks' },
        { role: 'assistant', content: null },
        { role: 'assistant', content: [{ type: 'text', text: 'You are welcome.' }] },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'text', text: 'this' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '14:00' }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
      { role: 'assistant', content: 'You are welcome.' },
    ]);
  });

  it('maps tools, tool_choice and parallel_tool_calls', () => {
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather now',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
      { type: 'function', function: { name: 'ping' } },
    ];
    const messages: ChatRequest['messages'] = [{ role: 'user', content: 'Hi' }];
    const { body } = build({ messages, tools, tool_choice: 'required', parallel_tool_calls: false });
    expect(body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather now',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
      { name: 'ping', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(build({ messages, tools, tool_choice: 'auto' }).body.tool_choice).toEqual({ type: 'auto' });
    expect(build({ messages, tools, tool_choice: 'none' }).body.tool_choice).toEqual({ type: 'none' });
    expect(build({ messages, tools }).body.tool_choice).toBeUndefined();
    expect(build({ messages, tools, parallel_tool_calls: false }).body.tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      build({ messages, tools, tool_choice: { type: 'function', function: { name: 'ping' } } }).body.tool_choice,
    ).toEqual({ type: 'tool', name: 'ping' });
    expect(build({ messages, tool_choice: 'required' }).body).not.toHaveProperty('tool_choice');
  });

  it('emulates JSON mode with a system instruction', () => {
    const messages: ChatRequest['messages'] = [
      { role: 'system', content: 'You extract data.' },
      { role: 'user', content: 'Bob is 42' },
    ];
    const rule =
      'Answer with a single JSON object and nothing else: no prose before or after it, no Markdown code fences.';
    expect(build({ messages, response_format: { type: 'json_object' } }).body.system).toBe(
      `You extract data.\n\n${rule}`,
    );
    const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };
    expect(
      build({
        messages: messages.slice(1),
        response_format: { type: 'json_schema', json_schema: { name: 'person', schema } },
      }).body.system,
    ).toBe(`${rule} The object must match this JSON schema (person):\n${JSON.stringify(schema)}`);
    expect(build({ messages, response_format: { type: 'text' } }).body.system).toBe('You extract data.');
  });

  it('names the field when tool call arguments are not a JSON object', () => {
    const call = (args: string): ChatRequest['messages'] => [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] },
    ];
    const bad = appError(() => build({ messages: call('{"city": Paris}') }));
    expect(bad.code).toBe('invalid_request');
    expect(bad.options.param).toBe('messages[1].tool_calls[0].function.arguments');
    expect(bad.message).toMatch(/^messages\[1\]\.tool_calls\[0\]\.function\.arguments is not valid JSON \(/);
    expect(appError(() => build({ messages: call('[1,2]') })).message).toBe(
      'messages[1].tool_calls[0].function.arguments must be a JSON object',
    );
  });

  it('rejects what Anthropic cannot take: bad image URLs, unknown parts, n > 1', () => {
    const img = (url: string): ChatRequest['messages'] => [
      { role: 'user', content: [{ type: 'image_url', image_url: { url } }] },
    ];
    expect(appError(() => build({ messages: img('data:image/png,rawbytes') })).options.param).toBe(
      'messages[0].content[0].image_url.url',
    );
    expect(appError(() => build({ messages: img('ftp://x/y.png') })).code).toBe('invalid_request');
    const audio = appError(() =>
      build({
        messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }],
      }),
    );
    expect(audio.code).toBe('unsupported_capability');
    expect(audio.options.param).toBe('messages[0].content[0].type');
    expect(appError(() => build({ n: 2 })).options.param).toBe('n');
  });
});
