import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../canonical.ts';
import { toMessagesBody } from '../providers/anthropic/request.ts';
import { parseMessagesRequest, type MessagesRequestBody } from './anthropic-messages-schema.ts';
import { anthropicError, chatCompletionToMessage, messagesToChatRequest, toMessageId } from './anthropic-messages.ts';

function parse(body: unknown): MessagesRequestBody {
  const result = parseMessagesRequest(body);
  if (!result.success) throw new Error(result.message);
  return result.data;
}

const conversation = {
  model: 'claude-sonnet-4-5',
  max_tokens: 512,
  system: 'You are a weather bot.',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather where this photo was taken?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Looks like Paris.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '14:00' }] },
        { type: 'text', text: 'And tomorrow?' },
      ],
    },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather',
      input_schema: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ],
  tool_choice: { type: 'any', disable_parallel_tool_use: true },
  stop_sequences: ['END'],
  temperature: 0.3,
  top_p: 0.8,
  metadata: { user_id: 'user-7' },
};

describe('messagesToChatRequest', () => {
  it('translates a conversation with images, tool calls and tool results', () => {
    expect(
      messagesToChatRequest(parse({ ...conversation, stream: true, top_k: 5, thinking: { type: 'enabled' } })),
    ).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this photo was taken?' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Looks like Paris.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: '14:00' },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
      stop: ['END'],
      temperature: 0.3,
      top_p: 0.8,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      user: 'user-7',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('round-trips through the Anthropic adapter back to the same Messages body', () => {
    const canonical = messagesToChatRequest(parse(conversation));
    // The only normalization: a tool result of one text block comes back as a plain string.
    const [first, second, third] = conversation.messages;
    const toolResults = {
      ...third,
      content: [
        third?.content[0],
        { type: 'tool_result', tool_use_id: 'toolu_2', content: '14:00' },
        third?.content[2],
      ],
    };
    expect(toMessagesBody(canonical, 4096)).toEqual({ ...conversation, messages: [first, second, toolResults] });
  });

  it('maps system blocks, tool_choice variants, url images and error tool results', () => {
    const request = messagesToChatRequest(
      parse({
        model: 'm',
        max_tokens: 10,
        system: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 't1', is_error: true, content: 'boom' },
              { type: 'tool_result', tool_use_id: 't2', is_error: true },
              {
                type: 'tool_result',
                tool_use_id: 't3',
                content: [{ type: 'image', source: { type: 'url', url: 'https://x.test/p.png' } }],
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'redacted_thinking', data: 'xx' },
              { type: 'tool_use', id: 't4', name: 'f', input: {} },
            ],
          },
        ],
        tools: [{ name: 'f', input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name: 'f' },
      }),
    );
    expect(request.messages).toEqual([
      {
        role: 'system',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
      },
      { role: 'tool', tool_call_id: 't1', content: 'Error: boom' },
      { role: 'tool', tool_call_id: 't2', content: 'Error' },
      { role: 'tool', tool_call_id: 't3', content: '' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/p.png' } }] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 't4', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
    ]);
    expect(request.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(request).not.toHaveProperty('parallel_tool_calls');
    const choice = (type: 'auto' | 'none') =>
      messagesToChatRequest(parse({ ...conversation, tool_choice: { type } })).tool_choice;
    expect(choice('auto')).toBe('auto');
    expect(choice('none')).toBe('none');
  });
});

const completion: ChatCompletion = {
  id: 'chatcmpl-abc123',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 30,
    total_tokens: 150,
    prompt_tokens_details: { cached_tokens: 100 },
  },
};

describe('chatCompletionToMessage', () => {
  it('produces the exact Messages response shape', () => {
    expect(chatCompletionToMessage(completion, 'claude-via-gatehouse')).toEqual({
      id: 'msg_abc123',
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'call_9', name: 'get_weather', input: { city: 'Oslo' } },
      ],
      model: 'claude-via-gatehouse',
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 30, cache_read_input_tokens: 100 },
    });
  });

  it('maps finish reasons and handles empty content and bad tool arguments', () => {
    const one = (
      message: ChatCompletion['choices'][number]['message'],
      finish_reason: ChatCompletion['choices'][number]['finish_reason'],
    ) =>
      chatCompletionToMessage(
        {
          ...completion,
          id: 'msg_keep',
          usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 },
          choices: [{ index: 0, message, finish_reason }],
        },
        'm',
      );
    const empty = one({ role: 'assistant', content: '' }, 'length');
    expect(empty.id).toBe('msg_keep');
    expect(empty.content).toEqual([]);
    expect(empty.stop_reason).toBe('max_tokens');
    expect(empty.usage).toEqual({ input_tokens: 5, output_tokens: 0 });
    expect(one({ role: 'assistant', content: 'x' }, 'stop').stop_reason).toBe('end_turn');
    expect(one({ role: 'assistant', content: null, refusal: 'I cannot help.' }, 'content_filter')).toMatchObject({
      content: [{ type: 'text', text: 'I cannot help.' }],
      stop_reason: 'refusal',
    });
    const bad = one(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }],
      },
      null,
    );
    expect(bad.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
    expect(bad.stop_reason).toBe('tool_use');
  });

  it('is read by the Anthropic SDK as a normal Message', async () => {
    const body = chatCompletionToMessage(completion, 'claude-via-gatehouse');
    const client = new Anthropic({
      apiKey: 'gh-test',
      baseURL: 'http://gatehouse.test',
      maxRetries: 0,
      fetch: async () =>
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    const message = await client.messages.create({
      model: 'claude-via-gatehouse',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message).toEqual(body);
  });
});

describe('anthropicError and ids', () => {
  it('maps HTTP statuses to Anthropic error types', () => {
    const types = [400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529].map(
      (s) => anthropicError(s).error.type,
    );
    expect(types).toEqual([
      'invalid_request_error',
      'authentication_error',
      'billing_error',
      'permission_error',
      'not_found_error',
      'timeout_error',
      'request_too_large',
      'invalid_request_error',
      'rate_limit_error',
      'api_error',
      'api_error',
      'overloaded_error',
      'timeout_error',
      'overloaded_error',
    ]);
    expect(anthropicError(429, 'Slow down')).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Slow down' },
    });
    expect(anthropicError(529)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('derives msg_ ids', () => {
    expect(toMessageId('chatcmpl-xyz')).toBe('msg_xyz');
    expect(toMessageId('msg_01abc')).toBe('msg_01abc');
    expect(toMessageId('gen-42')).toBe('msg_gen-42');
  });
});
