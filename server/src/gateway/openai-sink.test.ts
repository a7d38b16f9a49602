import { describe, expect, it } from 'vitest';
import { SseParser } from '../lib/sse.ts';
import type { ChatCompletionChunk } from './canonical.ts';
import { OpenAiSink, withModel } from './openai-sink.ts';
import { createCompatibleStreamTransformer } from './providers/openai-compatible/stream.ts';
import { createOpenAiStreamTransformer, verbatimEvent } from './providers/openai/stream.ts';

const ctx = { id: 'chatcmpl-gh', created: 1_700_000_000 };
/** A content chunk; `literal` is the content as JSON string text (escapes as the upstream wrote them). */
const content = (literal: string, extra = '') =>
  `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"up-model",${extra}"choices":[{"index":0,"delta":{"content":"${literal}"},"logprobs":null,"finish_reason":null}],"usage":null}`;

/** Runs upstream SSE text through a transformer and the sink as the relay does (alias set first). */
function relay(upstream: string, includeUsage: boolean, compatible = false): string {
  const transformer = (compatible ? createCompatibleStreamTransformer : createOpenAiStreamTransformer)(ctx);
  const sink = new OpenAiSink(includeUsage);
  let out = '';
  const parser = new SseParser();
  const emit = (chunks: ChatCompletionChunk[]) => {
    for (const chunk of chunks) {
      chunk.model = 'alias/one';
      out += sink.chunk(chunk);
    }
  };
  for (const event of [...parser.push(upstream), ...parser.end()]) emit(transformer.push(event));
  emit(transformer.end().chunks);
  return out;
}

describe('OpenAI sink relays unchanged upstream events as received', () => {
  it('keeps the upstream bytes (key order, extra fields, escapes) and renames only the model', () => {
    const data = content('Grüße \\u00e4 \\"quoted\\" \\"model\\":\\"up-model\\"', '"system_fingerprint":"fp_x",');
    const out = relay(`data: ${data}\n\ndata: [DONE]\n\n`, false);
    expect(out).toBe(`data: ${data.replace('"model":"up-model"', '"model":"alias/one"')}\n\n`);
    const chunk = JSON.parse(out.slice(6)) as ChatCompletionChunk;
    expect(chunk.model).toBe('alias/one');
    expect(chunk.choices[0]!.delta.content).toBe('Grüße ä "quoted" "model":"up-model"');
  });

  it('serialises a chunk that normalising changed, and strips usage the client did not ask for', () => {
    const noIndex =
      '{"id":"","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[{"delta":{"content":"x"},"finish_reason":""}]}';
    const usage =
      '{"id":"c1","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}';
    const out = relay(`data: ${noIndex}\n\ndata: ${usage}\n\ndata: [DONE]\n\n`, false);
    const events = out
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.slice(6)) as ChatCompletionChunk);
    expect(events).toHaveLength(1); // the usage-only chunk is not for this client
    expect(events[0]).toMatchObject({
      id: 'chatcmpl-gh',
      model: 'alias/one',
      choices: [{ index: 0, finish_reason: null }],
    });
    const withUsage = relay(`data: ${usage}\n\ndata: [DONE]\n\n`, true);
    expect(JSON.parse(withUsage.slice(6))).toMatchObject({ model: 'alias/one', usage: { total_tokens: 5 } });
  });

  it('does not relay a content chunk whose usage an OpenAI-compatible server put on it', () => {
    const data = `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}`;
    const out = relay(`data: ${data}\n\n`, false, true);
    const events = out
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.slice(6)) as ChatCompletionChunk);
    expect(events).toHaveLength(1);
    expect(events[0]!.usage).toBeUndefined();
    expect(events[0]!.choices[0]!.delta.content).toBe('hi');
  });

  it('remembers no text for a payload split over several data lines, or for a copied chunk', () => {
    const transformer = createOpenAiStreamTransformer(ctx);
    const [multi] = transformer.push({ data: content('a').replace(',"choices"', ',\n"choices"') });
    expect(verbatimEvent(multi!)).toBeUndefined();
    const [single] = transformer.push({ data: content('b') });
    expect(verbatimEvent(single!)).toBeDefined();
    expect(verbatimEvent({ ...single! })).toBeUndefined();
  });

  it('renames the model on the text only where the member occurs exactly once', () => {
    expect(withModel({ data: '{"model":"m","x":{"model":"m"}}', model: 'm' }, 'a')).toBeNull();
    expect(withModel({ data: '{"model": "m"}', model: 'm' }, 'a')).toBeNull();
    expect(withModel({ data: '{"model":"m"}', model: 'm' }, 'a "b"')).toBe('{"model":"a \\"b\\""}');
    expect(withModel({ data: '{"model":"m"}', model: 'm' }, 'm')).toBe('{"model":"m"}');
  });
});
