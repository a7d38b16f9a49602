import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../../canonical.ts';
import {
  answerText,
  chooseTool,
  countWords,
  exampleObject,
  lastUserText,
  promptTokens,
  textAnswer,
  toolAnswer,
} from './answer.ts';
import { embeddingInputs, mockEmbedding } from './embeddings.ts';

const weather: ToolDefinition = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer' },
      },
      required: ['city', 'unit'],
    },
  },
};

describe('mock text answers', () => {
  it('echoes the last user message after a fixed sentence', () => {
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hello' },
          { type: 'image_url', image_url: { url: 'x' } },
          { type: 'text', text: 'world' },
        ],
      },
    ];
    expect(answerText(lastUserText(messages), null)).toBe('This is the Gatehouse mock. You said: Hello world');
    expect(answerText('', null)).toBe('This is the Gatehouse mock. You said: (nothing)');
    expect(answerText('ignored', 'Fixed.')).toBe('Fixed.');
  });

  it('sends min(chunks, words) pieces that join to the content; completion tokens = words', () => {
    const answer = textAnswer('This is the Gatehouse mock. You said: Hello there friend', 3, null, false);
    expect(answer.pieces).toEqual(['This is the Gatehouse ', 'mock. You said: ', 'Hello there friend']);
    expect(answer.content).toBe('This is the Gatehouse mock. You said: Hello there friend');
    expect(answer.completionTokens).toBe(10);
    expect(answer.finishReason).toBe('stop');
  });

  it('repeats the words until there are as many as chunks', () => {
    const answer = textAnswer('OK then', 5, null, false);
    expect(answer.pieces).toEqual(['OK ', 'then ', 'OK ', 'then ', 'OK']);
    expect(answer.content).toBe('OK then OK then OK');
    expect(answer.completionTokens).toBe(5);
  });

  it('stops at max_tokens with finish_reason length', () => {
    const answer = textAnswer('one two three four five', 8, 2, false);
    expect(answer.content).toBe('one two');
    expect(answer.finishReason).toBe('length');
    expect(answer.completionTokens).toBe(2);
  });

  it('answers valid JSON in JSON mode, streamed in pieces that join to it', () => {
    const answer = textAnswer('Say "hi" to me', 3, null, true);
    expect(JSON.parse(answer.content ?? '')).toEqual({ answer: 'Say "hi" to me' });
    expect(answer.pieces.join('')).toBe(answer.content);
    expect(answer.pieces).toHaveLength(3);
  });

  it('counts prompt tokens as words plus 3 per message plus 3', () => {
    expect(countWords('  Hello,\n big   world ')).toBe(3);
    expect(promptTokens([{ role: 'user', content: 'Hello world' }])).toBe(8);
    expect(
      promptTokens([
        { role: 'system', content: 'a b c' },
        { role: 'user', content: [{ type: 'text', text: 'd' }] },
      ]),
    ).toBe(13);
  });

  it('caps the echo at 2000 characters, on a word boundary', () => {
    const long = 'word '.repeat(1000);
    const echoed = lastUserText([{ role: 'user', content: long }]);
    expect(echoed.length).toBe(1999);
    expect(echoed.endsWith('word')).toBe(true);
  });
});

describe('mock tool calls', () => {
  it('fills the required parameters deterministically', () => {
    expect(exampleObject(weather.function.parameters)).toEqual({ city: 'mock', unit: 'celsius' });
    expect(exampleObject({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({});
    expect(exampleObject(undefined)).toEqual({});
    expect(
      exampleObject({
        type: 'object',
        properties: {
          n: { type: ['null', 'number'] },
          o: { type: 'object', properties: { b: { type: 'boolean' } }, required: ['b'] },
          l: { type: 'array' },
        },
        required: ['n', 'o', 'l'],
      }),
    ).toEqual({ n: 0, o: { b: false }, l: [] });
  });

  it('answers a tool call whose argument pieces join to the arguments', () => {
    const answer = toolAnswer(weather, 4);
    expect(answer.toolCall?.function).toEqual({ name: 'get_weather', arguments: '{"city":"mock","unit":"celsius"}' });
    expect(answer.toolCall?.id).toMatch(/^call_mock_[0-9a-z]+$/);
    expect(answer.pieces).toHaveLength(4);
    expect(answer.pieces.join('')).toBe('{"city":"mock","unit":"celsius"}');
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.completionTokens).toBe(11);
  });

  it('chooses the named tool, the first for required, none for auto', () => {
    const other: ToolDefinition = { type: 'function', function: { name: 'search' } };
    expect(chooseTool([weather, other], 'required')).toBe(weather);
    expect(chooseTool([weather, other], { type: 'function', function: { name: 'search' } })).toBe(other);
    expect(chooseTool([weather, other], 'auto')).toBeNull();
    expect(chooseTool([weather], undefined)).toBeNull();
    expect(chooseTool([], 'required')).toBe("tool_choice 'required' needs at least one tool");
    expect(chooseTool([weather], { type: 'function', function: { name: 'nope' } })).toBe(
      "tool_choice names function 'nope', which is not in tools",
    );
  });
});

describe('mock embeddings', () => {
  it('gives the same unit vector for the same input, different ones otherwise', () => {
    const a = mockEmbedding('Guten Tag', 16);
    expect(a).toHaveLength(16);
    expect(mockEmbedding('Guten Tag', 16)).toEqual(a);
    expect(mockEmbedding('Hello', 16)).not.toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 12);
    expect(Math.hypot(...mockEmbedding('x', 3))).toBeCloseTo(1, 12);
  });

  it('reads every input form, rejecting malformed ones', () => {
    expect(embeddingInputs('a b')).toEqual([{ key: 'a b', tokens: 2 }]);
    expect(embeddingInputs(['a', 'b c'])).toEqual([
      { key: 'a', tokens: 1 },
      { key: 'b c', tokens: 2 },
    ]);
    expect(embeddingInputs([1, 2, 3])).toEqual([{ key: '[1,2,3]', tokens: 3 }]);
    expect(embeddingInputs([[1], [2, 3]])).toEqual([
      { key: '[1]', tokens: 1 },
      { key: '[2,3]', tokens: 2 },
    ]);
    for (const bad of ['', [], [''], [{}], 5, null]) expect(embeddingInputs(bad)).toBeNull();
  });
});
