// Gemini stream (streamGenerateContent?alt=sse) → canonical chunks. Every `data:` event is a whole
// GenerateContentResponse fragment: new text, whole function calls, maybe a finishReason, and the
// usage so far (cumulative; the last one counts). There is no [DONE]: a stream is complete when
// every answer it started carried a finishReason.
import type { ChatCompletionChunk, FinishReason } from '../../canonical.ts';
import type { SseEvent } from '../../../lib/sse.ts';
import { classifyUpstreamStatus } from '../upstream-errors.ts';
import { ProviderProtocolError } from '../types.ts';
import type { StreamTransformer, TransformContext, UpstreamError } from '../types.ts';
import { mapFinishReason, mapUsage, modelName, readParts, toolCallId } from './response.ts';
import { generateContentResponseSchema, googleErrorStatus, parseWire, redactGoogleKeys } from './wire.ts';
import type { GeminiCandidate, GeminiUsage } from './wire.ts';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** Translates one Gemini stream. Stateful: one per request. */
export class GeminiStreamTransformer implements StreamTransformer {
  private readonly started = new Set<number>();
  private readonly finished = new Set<number>();
  /** Per choice: how many tool calls it has streamed (the next tool call's `index`). */
  private readonly toolCounts = new Map<number, number>();
  /** Function calls without a Gemini id, across all choices (for generated ids). */
  private calls = 0;
  private usage: GeminiUsage | undefined;
  private model = '';
  private failure: UpstreamError | null = null;
  /** The start of an event that was not valid JSON, held until we know whether it was the last. */
  private truncated: string | null = null;

  constructor(private readonly ctx: TransformContext) {}

  /** One SSE event in, canonical chunks out. Throws ProviderProtocolError on a body that is not a response. */
  push(event: SseEvent): ChatCompletionChunk[] {
    if (this.truncated !== null) {
      throw new ProviderProtocolError(`gemini stream event is not JSON: ${redactGoogleKeys(this.truncated)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      // A cut connection leaves a half event that SseParser.end() still delivers: a JSON prefix.
      // Only if another event follows is it garbage; as the last one it means "cut off midway".
      if (event.data.startsWith('{')) {
        this.truncated = event.data.slice(0, 80);
        return [];
      }
      throw new ProviderProtocolError(`gemini stream event is not JSON: ${redactGoogleKeys(event.data.slice(0, 80))}`);
    }
    const response = parseWire(generateContentResponseSchema, json, 'stream event');
    if (response.error !== undefined) {
      const message = redactGoogleKeys(response.error.message ?? response.error.status ?? 'error inside the stream');
      this.failure = classifyUpstreamStatus(googleErrorStatus(response.error), message);
      return [];
    }
    if (response.modelVersion !== undefined) this.model = modelName(response);
    if (response.usageMetadata !== undefined) this.usage = response.usageMetadata;

    const candidates = response.candidates ?? [];
    if (candidates.length === 0 && response.promptFeedback?.blockReason !== undefined && !this.started.has(0)) {
      // The prompt was blocked before any answer began: one empty, filtered answer.
      return [...this.start(0), this.finish(0, 'content_filter')];
    }
    return candidates.flatMap((candidate, i) => this.candidate(candidate, candidate.index ?? i));
  }

  /** The stream ended: the usage chunk (if any usage was seen), and whether it ended properly. */
  end(): { chunks: ChatCompletionChunk[]; complete: boolean } {
    const chunks: ChatCompletionChunk[] = [];
    if (this.usage !== undefined) {
      chunks.push({ ...this.envelope(), choices: [], usage: mapUsage(this.usage) });
    }
    const allFinished = this.started.size > 0 && [...this.started].every((i) => this.finished.has(i));
    return { chunks, complete: this.failure === null && this.truncated === null && allFinished };
  }

  /** The error Gemini reported inside the stream, classified like an HTTP error; null if none. */
  error(): UpstreamError | null {
    return this.failure;
  }

  private candidate(candidate: GeminiCandidate, index: number): ChatCompletionChunk[] {
    if (this.finished.has(index)) return [];
    const chunks = this.start(index);
    const { text, toolCalls } = readParts(candidate.content?.parts, () => toolCallId(this.ctx, this.calls++));
    if (text.length > 0) chunks.push(this.chunk(index, { content: text }));
    if (toolCalls.length > 0) {
      const first = this.toolCounts.get(index) ?? 0;
      this.toolCounts.set(index, first + toolCalls.length);
      const deltas = toolCalls.map((call, k) => ({
        index: first + k,
        id: call.id,
        type: call.type,
        function: call.function,
      }));
      chunks.push(this.chunk(index, { tool_calls: deltas }));
    }
    if (candidate.finishReason !== undefined) {
      chunks.push(this.finish(index, mapFinishReason(candidate.finishReason, this.toolCounts.has(index))));
    }
    return chunks;
  }

  /** The role chunk, the first time a choice appears. */
  private start(index: number): ChatCompletionChunk[] {
    if (this.started.has(index)) return [];
    this.started.add(index);
    return [this.chunk(index, { role: 'assistant', content: '' })];
  }

  private finish(index: number, reason: FinishReason): ChatCompletionChunk {
    this.finished.add(index);
    return this.chunk(index, {}, reason);
  }

  private chunk(index: number, delta: Delta, finishReason: FinishReason | null = null): ChatCompletionChunk {
    return { ...this.envelope(), choices: [{ index, delta, finish_reason: finishReason }] };
  }

  private envelope(): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.ctx.id, object: 'chat.completion.chunk', created: this.ctx.created, model: this.model };
  }
}
