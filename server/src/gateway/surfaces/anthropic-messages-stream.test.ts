import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../lib/sse.ts';
import type { ChatCompletionChunk, ChunkToolCall, FinishReason, Usage } from '../canonical.ts';
import { anthropicAdapter } from '../providers/anthropic/index.ts';
import { MessagesStreamEncoder } from './anthropic-messages.ts';

type Delta = ChatCompletionChunk['choices'][number]['delta'];
const chunk = (delta: Delta, finish: FinishReason | null = null): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
const usageChunk = (usage: Usage): ChatCompletionChunk => ({ ...chunk({}), choices: [], usage });
const tool = (index: number, args: string, id?: string, name?: string): Delta => {
  const call: ChunkToolCall = { index, function: { arguments: args } };
  if (id && name) Object.assign(call, { id, type: 'function', function: { name, arguments: args } });
  return { tool_calls: [call] };
};

/** Parses SSE text back into `[event name, JSON data]` pairs. */
function events(text: string): Array<[string | undefined, unknown]> {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((e) => [e.event, JSON.parse(e.data)]);
}

const messageStart = (id: string, model: string) => [
  'message_start',
  {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    },
  },
];
const blockStart = (index: number, content_block: object) => [
  'content_block_start',
  { type: 'content_block_start', index, content_block },
];
const textDelta = (index: number, text: string) => [
  'content_block_delta',
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
];
const jsonDelta = (index: number, partial_json: string) => [
  'content_block_delta',
  { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } },
];
const blockStop = (index: number) => ['content_block_stop', { type: 'content_block_stop', index }];
const messageDelta = (stop_reason: string, usage: object) => [
  'message_delta',
  { type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage },
];
const messageStop = ['message_stop', { type: 'message_stop' }];

describe('MessagesStreamEncoder', () => {
  it('encodes a text answer as Anthropic’s exact event sequence', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_1', model: 'claude-x' });
    const first = encoder.push(chunk({ role: 'assistant', content: '' }));
    expect(first).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}}\n\n',
    );
    let out = first;
    out += encoder.push(chunk({ content: 'Hel' }));
    out += encoder.push(chunk({ content: 'lo' }));
    out += encoder.push(chunk({}, 'stop'));
    out += encoder.push(usageChunk({ prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 }));
    out += encoder.finish();
    expect(events(out)).toEqual([
      messageStart('msg_1', 'claude-x'),
      blockStart(0, { type: 'text', text: '' }),
      textDelta(0, 'Hel'),
      textDelta(0, 'lo'),
      blockStop(0),
      messageDelta('end_turn', { input_tokens: 10, output_tokens: 2 }),
      messageStop,
    ]);
    expect(encoder.finish()).toBe('');
    expect(encoder.push(chunk({ content: 'late' }))).toBe('');
  });

  it('encodes a tool-use answer with one block per tool call', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_2', model: 'claude-x' });
    const out = [
      encoder.push(chunk({ role: 'assistant', content: 'Checking.' })),
      encoder.push(chunk(tool(0, '', 'call_a', 'get_weather'))),
      encoder.push(chunk(tool(0, '{"city":'))),
      encoder.push(chunk(tool(0, '"Oslo"}'))),
      encoder.push(chunk(tool(1, '{}', 'call_b', 'get_time'))),
      encoder.push(chunk({}, 'tool_calls')),
      encoder.finish({
        prompt_tokens: 50,
        completion_tokens: 20,
        total_tokens: 70,
        prompt_tokens_details: { cached_tokens: 30 },
      }),
    ].join('');
    expect(events(out)).toEqual([
      messageStart('msg_2', 'claude-x'),
      blockStart(0, { type: 'text', text: '' }),
      textDelta(0, 'Checking.'),
      blockStop(0),
      blockStart(1, { type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} }),
      jsonDelta(1, '{"city":'),
      jsonDelta(1, '"Oslo"}'),
      blockStop(1),
      blockStart(2, { type: 'tool_use', id: 'call_b', name: 'get_time', input: {} }),
      jsonDelta(2, '{}'),
      blockStop(2),
      messageDelta('tool_use', { input_tokens: 20, output_tokens: 20, cache_read_input_tokens: 30 }),
      messageStop,
    ]);
  });

  it('keeps block indices right when text and tool calls interleave', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_3', model: 'm' });
    const out = [
      encoder.push(chunk({ content: 'A' })),
      encoder.push(chunk(tool(0, '{"x":', 'call_0', 'f'))),
      encoder.push(chunk({ content: 'B' })),
      encoder.push(chunk(tool(1, '', undefined, undefined))),
      encoder.push(chunk(tool(0, '1}'))),
      encoder.finish(undefined, 'length'),
    ].join('');
    expect(events(out)).toEqual([
      messageStart('msg_3', 'm'),
      blockStart(0, { type: 'text', text: '' }),
      textDelta(0, 'A'),
      blockStop(0),
      blockStart(1, { type: 'tool_use', id: 'call_0', name: 'f', input: {} }),
      jsonDelta(1, '{"x":'),
      blockStop(1),
      blockStart(2, { type: 'text', text: '' }),
      textDelta(2, 'B'),
      blockStop(2),
      blockStart(3, { type: 'tool_use', id: 'toolu_3_1', name: '', input: {} }),
      jsonDelta(1, '1}'),
      blockStop(3),
      messageDelta('max_tokens', { input_tokens: 0, output_tokens: 0 }),
      messageStop,
    ]);
  });

  it('emits a bare error event and then stays silent', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_4', model: 'm' });
    encoder.push(chunk({ content: 'partial' }));
    expect(encoder.error('overloaded_error', 'Overloaded')).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(encoder.finish()).toBe('');
    expect(encoder.ping()).toBe('');
  });

  it('still opens and closes the message when finish() comes first', () => {
    const encoder = new MessagesStreamEncoder({ id: 'msg_5', model: 'm' });
    expect(encoder.ping()).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    expect(events(encoder.finish())).toEqual([
      messageStart('msg_5', 'm'),
      messageDelta('end_turn', { input_tokens: 0, output_tokens: 0 }),
      messageStop,
    ]);
  });

  it('round-trips an Anthropic stream: upstream SSE → canonical → encoder → the Anthropic SDK', async () => {
    const upstream = readFileSync(
      new URL('../providers/anthropic/fixtures/stream-tool-use.sse', import.meta.url),
      'utf8',
    );
    const transformer = anthropicAdapter.streamTransformer({ id: 'chatcmpl-x', created: 1 });
    const parser = new SseParser();
    const encoder = new MessagesStreamEncoder({
      id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
      model: 'claude-sonnet-4-5-20250929',
    });
    let out = '';
    for (const ev of [...parser.push(upstream), ...parser.end()])
      for (const c of transformer.push(ev)) out += encoder.push(c);
    out += encoder.finish();

    const sdkFinal = async (sse: string) => {
      const client = new Anthropic({
        apiKey: 'gh-test',
        baseURL: 'http://gatehouse.test',
        maxRetries: 0,
        fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
      });
      const stream = client.messages.stream({
        model: 'm',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      });
      return stream.finalMessage();
    };
    const ours = await sdkFinal(out);
    const theirs = await sdkFinal(upstream);
    expect(ours.content).toEqual([
      { type: 'text', text: 'Let me check both.' },
      { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'Paris' } },
      { type: 'tool_use', id: 'toolu_01VmNr4ZvJ8JnXfJhXxQ5pDo', name: 'get_time', input: { tz: 'Europe/Paris' } },
    ]);
    expect(ours.content).toEqual(theirs.content);
    expect(ours.stop_reason).toBe('tool_use');
    expect(ours.usage).toMatchObject({ input_tokens: 472, output_tokens: 89 });
    expect(ours.id).toBe(theirs.id);
  });
});
