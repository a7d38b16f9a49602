import { describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../types.ts';
import { geminiAdapter } from './index.ts';
import { fixtureJson } from './test-helpers.ts';

const ctx = { id: 'chatcmpl-t1', created: 1_750_000_000 };

describe('gemini chatResponse', () => {
  it('translates a plain answer, skipping thought parts, with thinking counted as completion', () => {
    expect(geminiAdapter.chatResponse(fixtureJson('generate-plain.json'), ctx)).toEqual({
      id: 'chatcmpl-t1',
      object: 'chat.completion',
      created: 1_750_000_000,
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'The capital of France is Paris. It sits on the Seine.' },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 58,
        total_tokens: 67,
        completion_tokens_details: { reasoning_tokens: 45 },
      },
    });
  });

  it('translates function calls to tool_calls with generated ids and finish_reason tool_calls', () => {
    const completion = geminiAdapter.chatResponse(fixtureJson('generate-tool-call.json'), ctx);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_t1_0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
            },
            {
              id: 'call_t1_1',
              type: 'function',
              function: { name: 'get_time', arguments: '{"timezone":"Europe/Paris"}' },
            },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 112,
      completion_tokens: 101,
      total_tokens: 213,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 63 },
    });
  });

  it('keeps Gemini function call ids when it gives them', () => {
    const completion = geminiAdapter.chatResponse(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ text: 'Checking.' }, { functionCall: { id: 'fc-9', name: 'f', args: {} } }],
            },
            finishReason: 'STOP',
          },
        ],
      },
      ctx,
    );
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [{ id: 'fc-9', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });

  it('a blocked prompt is an empty, content_filter completion', () => {
    expect(geminiAdapter.chatResponse(fixtureJson('generate-prompt-blocked.json'), ctx)).toEqual({
      id: 'chatcmpl-t1',
      object: 'chat.completion',
      created: 1_750_000_000,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' }],
      usage: { prompt_tokens: 14, completion_tokens: 0, total_tokens: 14 },
    });
  });

  it('a candidate stopped for safety is content_filter with empty content', () => {
    const completion = geminiAdapter.chatResponse(fixtureJson('generate-candidate-safety.json'), ctx);
    expect(completion.model).toBe('gemini-2.0-flash');
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' },
    ]);
  });

  it('maps every finish reason and orders several candidates by index', () => {
    const candidate = (index: number, finishReason: string) => ({
      index,
      finishReason,
      content: { role: 'model', parts: [{ text: `c${index}` }] },
    });
    const completion = geminiAdapter.chatResponse(
      {
        modelVersion: 'models/gemini-1.5-pro-002',
        candidates: [
          candidate(2, 'RECITATION'),
          candidate(0, 'MAX_TOKENS'),
          candidate(1, 'OTHER'),
          candidate(3, 'SPII'),
          candidate(4, 'BLOCKLIST'),
        ],
      },
      ctx,
    );
    expect(completion.model).toBe('gemini-1.5-pro-002');
    expect(completion.usage).toBeUndefined();
    expect(completion.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'c0', 'length'],
      [1, 'c1', 'stop'],
      [2, 'c2', 'content_filter'],
      [3, 'c3', 'content_filter'],
      [4, 'c4', 'content_filter'],
    ]);
  });

  it('throws ProviderProtocolError on malformed bodies', () => {
    const malformed: Array<[unknown, string]> = [
      ['not json', 'gemini generateContent response: (body): Invalid input: expected object, received string'],
      [
        { candidates: {} },
        'gemini generateContent response: candidates: Invalid input: expected array, received object',
      ],
      [
        { candidates: [{ content: { parts: [{ text: 42 }] } }] },
        'gemini generateContent response: candidates.0.content.parts.0.text: Invalid input: expected string, received number',
      ],
      [{}, 'gemini generateContent response has neither candidates nor a promptFeedback.blockReason'],
      [
        { error: { code: 500, message: 'Internal error', status: 'INTERNAL' } },
        'gemini generateContent response carried an error: Internal error',
      ],
    ];
    for (const [body, message] of malformed) {
      let thrown: unknown;
      try {
        geminiAdapter.chatResponse(body, ctx);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProviderProtocolError);
      expect((thrown as Error).message).toBe(message);
    }
  });
});
