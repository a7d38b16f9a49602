import type { ChatCompletionChunk } from '../../canonical.ts';
import type { SseEvent } from '../../../lib/sse.ts';
import { ProviderProtocolError } from '../types.ts';
import type { StreamTransformer, TransformContext, UpstreamError } from '../types.ts';
import { classifyUpstreamStatus } from '../upstream-errors.ts';
import { isRecord, normalizeFinishReason, normalizeUsage } from './response.ts';

/** True for the `data: [DONE]` sentinel that ends an OpenAI-protocol stream. */
export function isDoneEvent(event: SseEvent): boolean {
  return event.data === '[DONE]' || event.data.trim() === '[DONE]';
}

/** Parses one SSE data payload as a JSON object; throws ProviderProtocolError otherwise. */
export function parsePayload(data: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    const excerpt = data.length > 80 ? `${data.slice(0, 80)}…` : data;
    throw new ProviderProtocolError(`stream event is not JSON: ${excerpt}`);
  }
  if (!isRecord(payload)) throw new ProviderProtocolError('stream event is not a JSON object');
  return payload;
}

/** The HTTP status an in-band error stands for: a numeric code when given, else read from its type/code. */
function inBandStatus(error: Record<string, unknown>): number {
  for (const value of [error.code, error.status]) {
    const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && n >= 400 && n <= 599) return n;
  }
  const kind = `${String(error.type ?? '')} ${String(error.code ?? '')}`.toLowerCase();
  if (kind.includes('rate_limit') || kind.includes('insufficient_quota')) return 429;
  if (kind.includes('invalid_request') || kind.includes('badrequest')) return 400;
  if (kind.includes('authentication')) return 401;
  if (kind.includes('permission')) return 403;
  if (kind.includes('not_found')) return 404;
  if (kind.includes('timeout')) return 408;
  if (kind.includes('overloaded') || kind.includes('unavailable')) return 503;
  return 500;
}

/**
 * The error a stream reported in-band, classified like an HTTP error of the same kind (OpenAI's
 * `{"error":{...}}`, OpenRouter's error on a chunk, vLLM's `{"object":"error",...}`, or a named
 * `error` event); null for a normal chunk. `upstreamStatus` is left out: the HTTP status was 2xx.
 */
export function inBandError(payload: Record<string, unknown>, eventName: string | undefined): UpstreamError | null {
  let error: Record<string, unknown> | null = null;
  if (isRecord(payload.error)) error = payload.error;
  else if (typeof payload.error === 'string') error = { message: payload.error };
  else if (payload.object === 'error' || eventName === 'error') error = payload;
  if (error === null) return null;
  const message = typeof error.message === 'string' && error.message !== '' ? error.message : 'upstream stream failed';
  const { upstreamStatus: _http, ...classified } = classifyUpstreamStatus(inBandStatus(error), message);
  return classified;
}

/** A chunk's upstream event text, kept when normalising changed nothing in it. */
export interface VerbatimEvent {
  /** The event's `data:` payload exactly as received (one line of JSON). */
  data: string;
  /** The `model` the payload names (the upstream model). */
  model: string;
}

// Keyed by the chunk object: a copy of the chunk (the privacy restorer's, say) has no entry, so
// only a chunk that is still exactly what came in can be relayed as its upstream text.
const verbatimEvents = new WeakMap<ChatCompletionChunk, VerbatimEvent>();

/** The upstream text of `chunk` when it can be relayed as received (but for its model name). */
export function verbatimEvent(chunk: ChatCompletionChunk): VerbatimEvent | undefined {
  return verbatimEvents.get(chunk);
}

/** Call after changing a chunk in place: it is no longer what the upstream sent. */
export function forgetVerbatim(chunk: ChatCompletionChunk): void {
  verbatimEvents.delete(chunk);
}

/**
 * One stream payload → canonical chunk, in place: checks `choices`, fills a missing id/created
 * from `ctx`, a missing delta with `{}`. A usage-only chunk without `choices` gets `choices: []`.
 * Given the payload's text (`data`), a chunk that needed no change remembers it (verbatimEvent),
 * so a sink may relay the upstream's bytes instead of serialising the chunk again.
 */
export function toChunk(payload: Record<string, unknown>, ctx: TransformContext, data?: string): ChatCompletionChunk {
  let pristine = payload.usage === undefined || payload.usage === null;
  const usage = normalizeUsage(payload.usage);
  if (payload.choices === undefined || payload.choices === null) {
    if (!usage) throw new ProviderProtocolError('stream chunk has neither choices nor usage');
    payload.choices = [];
    pristine = false;
  }
  if (!Array.isArray(payload.choices)) throw new ProviderProtocolError('stream chunk choices is not an array');
  const choices = payload.choices as unknown[];
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i];
    if (!isRecord(choice)) throw new ProviderProtocolError(`stream chunk choices[${i}] is not an object`);
    if (typeof choice.index !== 'number') {
      choice.index = i;
      pristine = false;
    }
    if (choice.delta === undefined || choice.delta === null) {
      choice.delta = {};
      pristine = false;
    } else if (!isRecord(choice.delta))
      throw new ProviderProtocolError(`stream chunk choices[${i}].delta is not an object`);
    const finish = normalizeFinishReason(choice.finish_reason, `stream chunk choices[${i}]`);
    if (finish !== choice.finish_reason) {
      choice.finish_reason = finish;
      pristine = false;
    }
  }
  if (usage) payload.usage = usage;
  if (typeof payload.id !== 'string' || payload.id === '') {
    payload.id = ctx.id;
    pristine = false;
  }
  if (typeof payload.created !== 'number') {
    payload.created = ctx.created;
    pristine = false;
  }
  if (typeof payload.model !== 'string') {
    payload.model = '';
    pristine = false;
  }
  if (payload.object !== 'chat.completion.chunk') {
    payload.object = 'chat.completion.chunk';
    pristine = false;
  }
  const chunk = payload as ChatCompletionChunk;
  // A payload spread over several data: lines cannot be relayed as one line.
  if (pristine && data !== undefined && !data.includes('\n') && !data.includes('\r'))
    verbatimEvents.set(chunk, { data, model: chunk.model });
  return chunk;
}

/**
 * The OpenAI stream transformer: each event's JSON chunk passes through (the usage chunk with
 * `choices: []` included), `[DONE]` marks completion, an in-band error ends the stream and is
 * reported by `error()`. Events after either are ignored.
 */
export function createOpenAiStreamTransformer(ctx: TransformContext): StreamTransformer {
  let done = false;
  let failure: UpstreamError | null = null;
  return {
    push(event) {
      if (done || failure !== null) return [];
      if (isDoneEvent(event)) {
        done = true;
        return [];
      }
      const payload = parsePayload(event.data);
      failure = inBandError(payload, event.event);
      return failure === null ? [toChunk(payload, ctx, event.data)] : [];
    },
    end: () => ({ chunks: [], complete: done }),
    error: () => failure,
  };
}
