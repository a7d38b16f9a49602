import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../types.ts';
import { anthropicAdapter } from './index.ts';

const ctx = { id: 'chatcmpl-test', created: 1_700_000_000 };
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('anthropic chat response', () => {
  it('translates a plain text answer', () => {
    expect(anthropicAdapter.chatResponse(fixture('message-text.json'), ctx)).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello! How can I help you today?' },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 12,
        total_tokens: 24,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    });
  });

  it('translates tool_use blocks to tool_calls and counts cached input tokens', () => {
    const completion = anthropicAdapter.chatResponse(fixture('message-tool-use.json'), ctx);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: "I'll check the weather in both cities.",
          tool_calls: [
            {
              id: 'toolu_01A09q90qw90lq917835lq9',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
            },
            {
              id: 'toolu_01B7sdf8a0sd8f7a0s8df7a',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Tokyo, Japan","unit":"celsius"}' },
            },
          ],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 2002,
      completion_tokens: 98,
      total_tokens: 2100,
      prompt_tokens_details: { cached_tokens: 1500 },
    });
  });

  it('maps every stop reason', () => {
    const body = fixture('message-text.json') as Record<string, unknown>;
    const finish = (stop_reason: unknown) =>
      anthropicAdapter.chatResponse({ ...body, stop_reason }, ctx).choices[0]?.finish_reason;
    expect(finish('end_turn')).toBe('stop');
    expect(finish('stop_sequence')).toBe('stop');
    expect(finish('max_tokens')).toBe('length');
    expect(finish('model_context_window_exceeded')).toBe('length');
    expect(finish('tool_use')).toBe('tool_calls');
    expect(finish('refusal')).toBe('content_filter');
    expect(finish('pause_turn')).toBe('stop');
    expect(finish(null)).toBeNull();
  });

  it('gives null content for a tool-only answer and ignores thinking blocks', () => {
    const completion = anthropicAdapter.chatResponse(
      {
        id: 'msg_x',
        model: 'm',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'sig' },
          { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 1, output_tokens: 2 },
      },
      ctx,
    );
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });

  it('throws ProviderProtocolError for malformed bodies', () => {
    const good = fixture('message-text.json') as Record<string, unknown>;
    const cases: Array<[unknown, RegExp]> = [
      ['<html>', /not a JSON object/],
      [{ ...good, content: 'hi' }, /no content array/],
      [{ ...good, usage: undefined }, /no usage/],
      [{ ...good, content: [{ type: 'text' }] }, /content\[0\]\.text is not a string/],
      [{ ...good, content: [{ type: 'tool_use', name: 'f' }] }, /tool_use lacks id or name/],
      [{ ...good, content: [42] }, /content\[0\] is not a content block/],
    ];
    for (const [body, message] of cases) {
      expect(() => anthropicAdapter.chatResponse(body, ctx)).toThrow(ProviderProtocolError);
      expect(() => anthropicAdapter.chatResponse(body, ctx)).toThrow(message);
    }
  });
});
