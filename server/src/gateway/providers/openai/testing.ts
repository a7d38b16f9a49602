// Test helpers shared by the OpenAI-protocol adapters' tests (openai, openai-compatible, mock).
import { readFileSync } from 'node:fs';
import type { ChatCompletionChunk } from '../../canonical.ts';
import { SseParser } from '../../../lib/sse.ts';
import type { StreamTransformer, TransformContext, UpstreamError } from '../types.ts';

/** The transform context the adapter tests use. */
export const TEST_CTX: TransformContext = { id: 'chatcmpl-gatehouse-test', created: 1_700_000_000 };

/** A fixture file's bytes, read relative to `base` (pass `import.meta.url`). */
export function fixtureBytes(base: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, base)));
}

/** A fixture file's text, read relative to `base` (pass `import.meta.url`). */
export function fixtureText(base: string, name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, base), 'utf8');
}

/** What one upstream stream turned into. */
export interface StreamRun {
  chunks: ChatCompletionChunk[];
  complete: boolean;
  error: UpstreamError | null;
}

/**
 * Feeds raw SSE bytes through SseParser and a transformer, split at the given byte offsets (as the
 * network might deliver them), then ends the transformer. The parser is not flushed: an event
 * without its blank line at the end was cut off and is not delivered.
 */
export function runStream(transformer: StreamTransformer, raw: Uint8Array, cuts: number[] = []): StreamRun {
  const parser = new SseParser();
  const chunks: ChatCompletionChunk[] = [];
  let from = 0;
  for (const to of [...cuts, raw.length]) {
    for (const event of parser.push(raw.subarray(from, to))) chunks.push(...transformer.push(event));
    from = to;
  }
  const end = transformer.end();
  return { chunks: [...chunks, ...end.chunks], complete: end.complete, error: transformer.error() };
}

/** The text content a run's chunks spell out for choice 0. */
export function contentOf(chunks: ChatCompletionChunk[]): string {
  return chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
}

/** The tool-call arguments a run's chunks spell out for choice 0, tool call `index`. */
export function toolArgumentsOf(chunks: ChatCompletionChunk[], index = 0): string {
  return chunks
    .flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])
    .filter((t) => t.index === index)
    .map((t) => t.function?.arguments ?? '')
    .join('');
}
