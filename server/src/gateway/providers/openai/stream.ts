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

/**
 * One stream payload → canonical chunk, in place: checks `choices`, fills a missing id/created
 * from `ctx`, a missing delta with `{}`. A usage-only chunk without `choices` gets `choices: []`.
 */
export function toChunk(payload: Record<string, unknown>, ctx: TransformContext): ChatCompletionChunk {
  const usage = normalizeUsage(payload.usage);
  if (payload.choices === undefined || payload.choices === null) {
    if (!usage) throw new ProviderProtocolError('stream chunk has neither choices nor usage');
    payload.choices = [];
  }
  if (!Array.isArray(payload.choices)) throw new ProviderProtocolError('stream chunk choices is not an array');
  payload.choices.forEach((choice: unknown, i) => {
    if (!isRecord(choice)) throw new ProviderProtocolError(`stream chunk choices[${i}] is not an object`);
    if (typeof choice.index !== 'number') choice.index = i;
    if (choice.delta === undefined || choice.delta === null) choice.delta = {};
    else if (!isRecord(choice.delta))
      throw new ProviderProtocolError(`stream chunk choices[${i}].delta is not an object`);
    choice.finish_reason = normalizeFinishReason(choice.finish_reason, `stream chunk choices[${i}]`);
  });
  if (usage) payload.usage = usage;
  if (typeof payload.id !== 'string' || payload.id === '') payload.id = ctx.id;
  if (typeof payload.created !== 'number') payload.created = ctx.created;
  if (typeof payload.model !== 'string') payload.model = '';
  payload.object = 'chat.completion.chunk';
  return payload as ChatCompletionChunk;
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
      return failure === null ? [toChunk(payload, ctx)] : [];
    },
    end: () => ({ chunks: [], complete: done }),
    error: () => failure,
  };
}
