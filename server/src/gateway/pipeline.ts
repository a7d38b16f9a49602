import type { Logger } from 'pino';
import { AppError, isErrorCode, type ErrorCode } from '../errors.ts';
import type { KeyDirectory, KeyRecord } from '../keys/key-directory.ts';
import type { Metering, Reservation } from '../metering/metering.ts';
import { computeCost } from '../metering/pricing.ts';
import { countPromptTokens, countTextTokens } from '../metering/token-count.ts';
import type { UsageWriter } from '../metering/usage-writer.ts';
import type { Catalog, ModelRoute } from '../models/catalog.ts';
import { modelAccessDenial } from '../models/model-access.ts';
import { randomId } from '../lib/ids.ts';
import { ipAllowed } from '../lib/ip-ranges.ts';
import { SseParser } from '../lib/sse.ts';
import type { CancelSignal } from '../lib/cancel-signal.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, Usage } from './canonical.ts';
import type { GatewayCall } from './gateway-call.ts';
import type { PrivacyDeps } from './privacy-step.ts';
import type { ChunkRestorer } from '../privacy/shield/index.ts';
import { TransportError } from './http-transport.ts';
import { malformedUpstream } from './providers/upstream-errors.ts';
import {
  ProviderProtocolError,
  type ProviderTarget,
  type TransformContext,
  type Transport,
  type UpstreamError,
  type UpstreamRequest,
  type UpstreamResponse,
} from './providers/types.ts';

/** What the gateway pipeline needs, built once in main.ts. */
export interface GatewayDeps {
  keys: KeyDirectory;
  catalog: Catalog;
  metering: Metering;
  usage: UsageWriter;
  http: Transport;
  metrics: Metrics;
  logger: Logger;
  durability: 'sync' | 'async';
  privacy: PrivacyDeps;
}

const KEY_MESSAGES: Record<string, string> = {
  invalid_api_key: 'Incorrect API key provided.',
  revoked_api_key: 'This API key has been revoked.',
  expired_api_key: 'This API key has expired.',
  org_suspended: 'The organization of this API key is suspended.',
  forbidden: 'The owner of this API key is disabled in the organization.',
};

/** The secret a client presented: `Authorization: Bearer`, `x-api-key` or `X-License-Key`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1]!;
  }
  for (const name of ['x-api-key', 'x-license-key']) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/** Step 1: the key decides who is calling. Identity never comes from the body. */
export async function authenticate(
  deps: GatewayDeps,
  call: GatewayCall,
  secret: string | null,
  ip: string,
): Promise<KeyRecord> {
  if (!secret)
    throw new AppError(
      'missing_api_key',
      'No API key provided. Send it as "Authorization: Bearer <key>", "x-api-key: <key>" or "X-License-Key: <key>".',
    );
  const result = await deps.keys.check(secret);
  if ('key' in result) call.key = result.key;
  if (!result.ok) throw new AppError(result.code, KEY_MESSAGES[result.code] ?? 'Invalid API key.');
  if (!ipAllowed(result.key.gatewayRanges, ip))
    throw new AppError('forbidden', `Requests from ${ip} are not allowed by this organization's gateway IP ranges.`);
  return result.key;
}

/** Step 2: the alias → the org's model route, if this key may use it. */
export async function resolveModel(
  deps: GatewayDeps,
  call: GatewayCall,
  alias: string,
  kind: 'chat' | 'embedding',
): Promise<ModelRoute> {
  const key = call.key!;
  call.requestedModel = alias;
  let catalog = await deps.catalog.forOrg(key.orgId);
  let model = catalog.models.get(alias);
  if (!model) {
    catalog = await deps.catalog.afterMiss(key.orgId, catalog);
    model = catalog.models.get(alias);
  }
  if (!model)
    throw new AppError('model_not_found', `The model "${alias}" does not exist or is not available.`, {
      param: 'model',
    });
  const denial = modelAccessDenial(catalog.access, key, model);
  if (denial) throw new AppError('model_not_allowed', denial, { param: 'model' });
  if (model.kind !== kind) {
    const where = model.kind === 'embedding' ? '/v1/embeddings' : '/v1/chat/completions';
    throw new AppError(
      'unsupported_capability',
      `The model "${alias}" is a ${model.kind} model; call it through ${where}.`,
      {
        param: 'model',
      },
    );
  }
  call.model = model;
  if (model.provider.problem) throw new AppError('provider_misconfigured', model.provider.problem);
  return model;
}

/** The output cap the reservation assumes: the request's max tokens, else the model's, else what fits. */
export function outputCap(request: ChatRequest, model: ModelRoute, promptTokens: number): number {
  const asked = request.max_completion_tokens ?? request.max_tokens;
  if (asked) return asked;
  if (model.maxOutputTokens) return model.maxOutputTokens;
  if (model.contextWindow) return Math.max(1, model.contextWindow - promptTokens);
  return 4096;
}

/** Step 4: reserve the worst case against every limit in one step; refusals become 402/429. */
export async function reserve(
  deps: GatewayDeps,
  call: GatewayCall,
  model: ModelRoute,
  promptTokens: () => number,
  maxOutput: () => number,
): Promise<Reservation> {
  const key = call.key!;
  const result = await deps.metering.reserve({
    requestId: call.requestId,
    endpoint: call.endpoint,
    stream: call.stream,
    orgId: key.orgId,
    departmentId: key.departmentId,
    userId: key.ownerUserId,
    keyId: key.id,
    modelAlias: model.alias,
    unpriced: model.prices.input === null || model.prices.output === null,
    estimate: () => {
      const input = promptTokens();
      const output = maxOutput();
      const worst = computeCost(model.prices, { input, output, cached: 0 });
      return { inputTokens: input, outputTokens: output, costMicros: worst.micros };
    },
  });
  if (result.ok) {
    call.reservationId = result.reservation.id;
    return result.reservation;
  }
  const { refusal } = result;
  const headers: Record<string, string> = {};
  if (refusal.retryAfterSeconds !== undefined) headers['retry-after'] = String(refusal.retryAfterSeconds);
  const code: ErrorCode =
    refusal.kind === 'rate'
      ? 'rate_limited'
      : refusal.kind === 'credits'
        ? 'credits_exhausted'
        : refusal.kind === 'unpriced'
          ? 'model_unpriced'
          : 'budget_exceeded';
  throw new AppError(code, refusal.message, { headers });
}

/** An upstream failure as a client-facing error (status and code from the shared classification). */
export function upstreamAppError(error: UpstreamError): AppError {
  const code: ErrorCode = isErrorCode(error.code) ? error.code : 'upstream_error';
  return new AppError(code, `Provider error: ${error.message}`, { status: error.status });
}

function target(model: ModelRoute): ProviderTarget {
  return {
    baseUrl: model.provider.baseUrl,
    apiKey: model.provider.apiKey,
    upstreamModel: model.upstreamModel,
    settings: model.provider.settings,
  };
}

/** Step 5: send to the provider. Returns the response, or throws an AppError (classified). */
export async function callProvider(
  deps: GatewayDeps,
  model: ModelRoute,
  build: (t: ProviderTarget) => UpstreamRequest,
  signal: CancelSignal,
): Promise<UpstreamResponse> {
  const adapter = model.provider.adapter;
  let req: UpstreamRequest;
  try {
    req = build(target(model));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_request', `The request cannot be sent to this model: ${(error as Error).message}`);
  }
  const transport = adapter.transport ?? deps.http;
  const started = performance.now();
  try {
    const res = await transport.send(req, { signal });
    deps.metrics.observeUpstream(model.provider.kind, (performance.now() - started) / 1000);
    return res;
  } catch (error) {
    if (error instanceof TransportError) throw upstreamAppError(error.upstream);
    // The client left while we waited for the provider: not our failure, and nobody to answer.
    if (signal.aborted)
      throw new AppError('client_closed_request', 'The client closed the connection before the answer.');
    throw error;
  }
}

/** Reads a non-2xx upstream answer into a client-facing error. */
export async function upstreamFailure(model: ModelRoute, res: UpstreamResponse): Promise<AppError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // the body could not be read: classify by status alone
  }
  return upstreamAppError(model.provider.adapter.errorResponse(res.status, text));
}

/** A `chatcmpl-…` id for answers whose provider gives none. */
export function completionId(): string {
  return randomId('chatcmpl-');
}

/** One request's transform context; its fallback id is made only if something reads it. */
export function transformContext(): TransformContext {
  let id: string | null = null;
  return {
    get id() {
      return (id ??= completionId());
    },
    created: Math.floor(Date.now() / 1000),
  };
}

/** Step 5b (non-streaming): the whole answer, canonical, with the alias as model name. */
export async function readCompletion(
  model: ModelRoute,
  res: UpstreamResponse,
  ctx: TransformContext,
): Promise<ChatCompletion> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw upstreamAppError(malformedUpstream('the body is not JSON'));
  }
  try {
    const completion = model.provider.adapter.chatResponse(json, ctx);
    completion.model = model.alias;
    return completion;
  } catch (error) {
    if (error instanceof ProviderProtocolError) throw upstreamAppError(malformedUpstream(error.message));
    throw error;
  }
}

/** Step 6: bills the call from the provider's usage, or counts locally when none came. */
export function applyUsage(
  call: GatewayCall,
  usage: Usage | null | undefined,
  prompt: () => number,
  output: () => string,
): void {
  if (usage && typeof usage.prompt_tokens === 'number') {
    call.useProviderUsage(
      usage.prompt_tokens,
      usage.completion_tokens ?? 0,
      usage.prompt_tokens_details?.cached_tokens ?? 0,
    );
  } else {
    call.useEstimatedUsage(prompt(), countTextTokens(output()));
  }
}

/** Text of a completion, for local counting when the provider reports no usage. */
export function completionText(completion: ChatCompletion): string {
  let text = '';
  for (const choice of completion.choices) {
    text += choice.message.content ?? '';
    for (const call of choice.message.tool_calls ?? []) text += call.function.name + call.function.arguments;
  }
  return text;
}

/** Renders canonical chunks for one client protocol (OpenAI SSE, Anthropic SSE). */
export interface StreamSink {
  /** SSE text for one chunk ('' to send nothing). */
  chunk(chunk: ChatCompletionChunk): string;
  /** SSE text that ends a complete stream (async when the surface stores the answer first). */
  done(usage: Usage | null): string | Promise<string>;
  /** SSE text reporting an error after the stream began (async like done). */
  error(error: AppError): string | Promise<string>;
}

/** How a stream ended, for settlement and the usage event. */
export interface StreamOutcome {
  usage: Usage | null;
  error: AppError | null;
  clientGone: boolean;
}

/**
 * Step 5b (streaming): relays the upstream stream through the adapter's transformer to the sink,
 * chunk by chunk, honouring back-pressure. Captures usage and the generated text as it goes.
 * The caller writes the final bytes after the usage event is durable.
 */
export async function relayStream(
  call: GatewayCall,
  model: ModelRoute,
  res: UpstreamResponse,
  sink: StreamSink,
  write: (text: string) => Promise<boolean>,
  ctx: TransformContext,
  output: { text: string },
  restorer: ChunkRestorer,
): Promise<StreamOutcome> {
  const parser = new SseParser();
  const transformer = model.provider.adapter.streamTransformer(ctx);
  let usage: Usage | null = null;
  let last: ChatCompletionChunk | null = null;
  const emit = (chunks: ChatCompletionChunk[]): string => {
    let out = '';
    for (const chunk of chunks) {
      chunk.model = model.alias;
      last = chunk;
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        const delta = choice.delta;
        if (delta.content) output.text += delta.content;
        if (delta.tool_calls)
          for (const t of delta.tool_calls) output.text += (t.function?.name ?? '') + (t.function?.arguments ?? '');
      }
      // Pseudonyms go back to the originals here, also when a placeholder is split across chunks.
      out += sink.chunk(restorer.restore(chunk));
    }
    return out;
  };
  // Text the restorer still holds back when a stream ends without finishing its choices.
  const held = (): string => {
    const rest = last ? restorer.flush(last) : null;
    return rest ? sink.chunk(rest) : '';
  };
  try {
    for await (const bytes of res.body) {
      let out = '';
      for (const event of parser.push(bytes)) out += emit(transformer.push(event));
      if (out) {
        call.markFirstToken();
        if (!(await write(out))) return { usage, error: null, clientGone: true };
      }
    }
    let out = '';
    try {
      for (const event of parser.end()) out += emit(transformer.push(event));
    } catch (error) {
      // A half-received last event means the stream was cut off; end() still reports usage so far.
      if (!(error instanceof ProviderProtocolError)) throw error;
    }
    const end = transformer.end();
    out += emit(end.chunks);
    out += held();
    if (out && !(await write(out))) return { usage, error: null, clientGone: true };
    const inStream = transformer.error();
    if (inStream) return { usage, error: upstreamAppError(inStream), clientGone: false };
    if (!end.complete)
      return {
        usage,
        error: upstreamAppError({
          ...malformedUpstream('the stream ended before it was complete'),
          code: 'upstream_error',
        }),
        clientGone: false,
      };
    return { usage, error: null, clientGone: false };
  } catch (error) {
    if (error instanceof ProviderProtocolError)
      return { usage, error: upstreamAppError(malformedUpstream(error.message)), clientGone: false };
    if (error instanceof AppError) return { usage, error, clientGone: false };
    const aborted =
      (error as { name?: string }).name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED';
    if (aborted) return { usage, error: null, clientGone: true };
    return {
      usage,
      error: new AppError('upstream_error', 'Provider error: the stream was interrupted.', { status: 502 }),
      clientGone: false,
    };
  } finally {
    res.dispose();
  }
}

/** Counts prompt tokens once per request (the reservation and any local billing share it). */
export function promptCounter(request: ChatRequest): () => number {
  let n: number | null = null;
  return () => (n ??= countPromptTokens(request));
}

/**
 * Step 7: the usage event goes to the ledger; resolves when durable (sync) or at once (async).
 * Exactly once per request.
 */
export async function recordUsage(
  deps: GatewayDeps,
  call: GatewayCall,
  status: number,
  errorCode: string | null,
): Promise<void> {
  if (call.recorded) return;
  call.recorded = true;
  const event = call.toUsageEvent(status, errorCode);
  deps.metrics.observeCall(call, status, errorCode);
  if (!event) return;
  const written = deps.usage.record(event);
  if (deps.durability === 'async') {
    written.catch(() => {});
    return;
  }
  try {
    await written;
  } catch {
    throw ledgerUnavailable();
  }
}

/**
 * Step 6b/7: the usage event first (with the credits the settle will charge), then the settle. A
 * process that dies in between leaves an event the reaper settles the reservation from. The
 * settle is not awaited — the client's last byte need not wait for the metering store — and a
 * failed one is logged: the reaper settles it from the event later. Throws only what
 * recordUsage throws (the ledger could not be written).
 */
export async function finishMetered(
  deps: GatewayDeps,
  call: GatewayCall,
  reservation: Reservation,
  status: number,
  errorCode: string | null,
): Promise<void> {
  const actual = { tokensIn: call.tokensIn, tokensOut: call.tokensOut, costMicros: call.cost().micros };
  call.creditsMicros = deps.metering.creditsFor(reservation, actual);
  try {
    await recordUsage(deps, call, status, errorCode);
  } finally {
    if (reservation.id !== null) {
      deps.metering.settle(reservation, actual).catch((error: unknown) => {
        deps.logger.warn(
          { err: error, requestId: call.requestId },
          'settle failed; the reaper settles from the usage event',
        );
      });
    }
  }
}

/** The answer when the usage ledger cannot be written: the request is not completed. */
export function ledgerUnavailable(): AppError {
  return new AppError(
    'service_unavailable',
    'The usage ledger is unavailable, so the request could not be completed. Try again shortly.',
  );
}
