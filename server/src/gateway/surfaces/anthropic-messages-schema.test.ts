import { describe, expect, it } from 'vitest';
import { parseMessagesRequest } from './anthropic-messages-schema.ts';

const minimal = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

function failure(body: unknown): { param: string; message: string } {
  const result = parseMessagesRequest(body);
  if (result.success) throw new Error('expected a validation failure');
  return { param: result.param, message: result.message };
}

describe('messages request schema', () => {
  it('accepts a full body and keeps unknown fields', () => {
    const body = {
      ...minimal,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'ok' }], is_error: false },
          ],
        },
      ],
      tools: [{ name: 'f', description: 'does f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'u1' },
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    };
    const result = parseMessagesRequest(body);
    expect(result.success).toBe(true);
    if (result.success) {
      expect(result.data).toEqual(body);
      expect(result.data.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    }
  });

  it('requires model, max_tokens and at least one message', () => {
    expect(failure({ ...minimal, model: undefined })).toEqual({
      param: 'model',
      message: 'model: Invalid input: expected string, received undefined',
    });
    expect(failure({ ...minimal, max_tokens: undefined }).param).toBe('max_tokens');
    expect(failure({ ...minimal, max_tokens: 1.5 }).param).toBe('max_tokens');
    expect(failure({ ...minimal, messages: [] }).param).toBe('messages');
  });

  it('names the wrong field deep inside content blocks', () => {
    const withContent = (content: unknown) => ({ ...minimal, messages: [{ role: 'user', content }] });
    expect(
      failure(
        withContent([
          { type: 'text', text: 'ok' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 3 } },
        ]),
      ),
    ).toEqual({
      param: 'messages[0].content[1].source.data',
      message: 'messages[0].content[1].source.data: Invalid input: expected string, received number',
    });
    expect(failure(withContent([{ type: 'video' }])).param).toBe('messages[0].content[0].type');
    expect(failure(withContent([{ type: 'tool_result', content: 'x' }])).param).toBe(
      'messages[0].content[0].tool_use_id',
    );
    expect(failure(withContent([{ type: 'image', source: { type: 'url', url: 'ftp://x/y' } }])).message).toBe(
      'messages[0].content[0].source.url: expected an http(s) URL',
    );
    expect(failure(withContent(42))).toEqual({
      param: 'messages[0].content',
      message:
        'messages[0].content: Invalid input: expected string, received number; or Invalid input: expected array, received number',
    });
    expect(failure({ ...minimal, messages: [{ role: 'system', content: 'x' }] }).param).toBe('messages[0].role');
  });

  it('rejects server tools, bad tool_choice and out-of-range sampling', () => {
    expect(failure({ ...minimal, tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).toEqual({
      param: 'tools[0].type',
      message: 'tools[0].type: only custom tools (name + input_schema) are supported',
    });
    expect(failure({ ...minimal, tool_choice: { type: 'tool' } }).param).toBe('tool_choice.name');
    expect(failure({ ...minimal, temperature: 1.5 }).param).toBe('temperature');
    expect(failure({ ...minimal, system: [{ type: 'image' }] }).param).toBe('system[0].type');
  });
});
