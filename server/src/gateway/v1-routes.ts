import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, renderOpenAiError } from '../errors.ts';
import { countTextTokens } from '../metering/token-count.ts';
import type { ChatCompletion, ChatRequest, EmbeddingsResponse } from './canonical.ts';
import { executeChat, abortWhenClientLeaves, type ChatSurface } from './execute-chat.ts';
import { GatewayCall } from './gateway-call.ts';
import { OpenAiSink } from './openai-sink.ts';
import { protectEmbeddings } from './privacy-step.ts';
import {
  authenticate,
  callProvider,
  presentedKey,
  recordUsage,
  reserve,
  finishMetered,
  resolveModel,
  upstreamAppError,
  upstreamFailure,
  type GatewayDeps,
} from './pipeline.ts';
import { keyMayUseModel } from '../models/model-access.ts';
import { malformedUpstream } from './providers/upstream-errors.ts';
import { ProviderProtocolError } from './providers/types.ts';
import { generateRequestSchema, parseChatRequest, parseEmbeddingsRequest, parseOrThrow } from './request-schemas.ts';
import { registerMessagesRoute } from './messages-route.ts';
import { anthropicError } from './surfaces/anthropic-messages.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False for /v1 routes that call no provider (no usage event). */
    billable?: boolean;
  }
  interface FastifyRequest {
    /** The gateway call of a /v1 request, set before the body is read. */
    call: GatewayCall | null;
  }
}

/** Maps framework and unknown errors to our closed set; unknown ones are logged, never echoed. */
export function toAppError(error: unknown, req: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError;
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', `The request body is not valid JSON: ${e.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        'payload_too_large',
        `The request body is larger than the limit of ${req.routeOptions.bodyLimit ?? 'the server'} bytes.`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the request body as application/json.');
  }
  if (e instanceof SyntaxError) return new AppError('invalid_json', `The request body is not valid JSON: ${e.message}`);
  req.log.error({ err: error }, 'unhandled error');
  return new AppError('internal_error', `Internal error. Quote request id ${req.id} when reporting it.`);
}

/** Records the failed call (where a key was identified) and answers with the OpenAI error shape. */
async function failGatewayCall(deps: GatewayDeps, error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, req);
  const call = req.call;
  if (call && appError.code === 'client_closed_request') call.clientAborted = true;
  if (call && !call.recorded) {
    try {
      await recordUsage(deps, call, appError.status, appError.code);
    } catch (ledgerError) {
      req.log.error({ err: ledgerError }, 'usage event for a failed request could not be written');
    }
  }
  if (reply.sent || reply.raw.headersSent) return;
  reply.code(appError.status).headers(appError.options.headers ?? {});
  if (req.routeOptions.url === '/v1/messages') return reply.send(anthropicError(appError.status, appError.message));
  return reply.send(renderOpenAiError(appError));
}

const openAiSurface = (request: ChatRequest): ChatSurface<ChatCompletion> => ({
  render: (completion) => completion,
  sink: () => new OpenAiSink(request.stream_options?.include_usage === true),
});

/** The OpenAI-compatible (and Anthropic-compatible) gateway API under /v1. */
export function registerV1Routes(app: FastifyInstance, deps: GatewayDeps): void {
  app.register(
    async (v1) => {
      v1.decorateRequest('call', null);
      // Authenticate before the body is read: a request without a valid key costs us no body
      // parsing, and a bad body from a known key is still recorded against that key.
      v1.addHook('onRequest', (req, _reply, done) => {
        const endpoint = req.routeOptions.url ?? req.url;
        req.call = new GatewayCall(req.id, endpoint, req.routeOptions.config.billable !== false);
        authenticate(deps, req.call, presentedKey(req.headers), req.ip).then(() => done(), done);
      });
      v1.setErrorHandler((error, req, reply) => failGatewayCall(deps, error, req, reply));
      v1.setNotFoundHandler((req, reply) =>
        reply
          .code(404)
          .send(renderOpenAiError(new AppError('not_found', `Unknown endpoint ${req.method} ${req.url}.`))),
      );

      v1.post('/chat/completions', async (req, reply) => {
        const request = parseChatRequest(req.body);
        return executeChat(deps, req, reply, request, openAiSurface(request));
      });

      v1.post('/generate', async (req, reply) => {
        const body = parseOrThrow(generateRequestSchema, req.body);
        const model = body.model ?? (await defaultChatModel(deps, req.call!));
        const request: ChatRequest = {
          model,
          messages: [
            ...(body.system ? [{ role: 'system' as const, content: body.system }] : []),
            { role: 'user', content: body.prompt },
          ],
          ...(body.max_tokens ? { max_tokens: body.max_tokens } : {}),
          ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
        };
        return executeChat(deps, req, reply, request, {
          render: (completion, call) => {
            const cost = call.cost();
            return {
              id: completion.id,
              model: completion.model,
              content: completion.choices[0]?.message.content ?? '',
              finish_reason: completion.choices[0]?.finish_reason ?? null,
              tokens_used: call.tokensIn + call.tokensOut,
              tokens: { input: call.tokensIn, output: call.tokensOut },
              // What the prepaid balance was charged (0 when the org does not use credits).
              credits_deducted: call.creditsMicros / 1_000_000,
              credits_deducted_micros: call.creditsMicros,
              cost_micros: cost.micros,
              pricing: cost.pricing,
              request_id: call.requestId,
            };
          },
          sink: () => new OpenAiSink(false),
        });
      });

      v1.post('/embeddings', async (req, reply) => {
        const request = parseEmbeddingsRequest(req.body);
        const call = req.call!;
        const model = await resolveModel(deps, call, request.model, 'embedding');
        const adapter = model.provider.adapter;
        if (!adapter.embeddingsRequest || !adapter.embeddingsResponse)
          throw new AppError('unsupported_capability', `The provider of "${model.alias}" does not offer embeddings.`);
        const inputs = Array.isArray(request.input) ? request.input : [request.input];
        let counted: number | null = null;
        const countInput = () =>
          (counted ??= inputs.reduce<number>(
            (n, v) => n + (typeof v === 'string' ? countTextTokens(v) : Array.isArray(v) ? v.length : 1),
            0,
          ));
        const shieldedInput = await protectEmbeddings(deps.privacy, call, request.input);
        const reservation = await reserve(deps, call, model, countInput, () => 0);
        reply.headers(reservation.headers);
        let settled = false;
        try {
          const upstream = { ...request, input: shieldedInput, model: model.upstreamModel };
          const res = await callProvider(
            deps,
            model,
            (t) => adapter.embeddingsRequest!(t, upstream),
            abortWhenClientLeaves(reply),
          );
          if (res.status < 200 || res.status >= 300) throw await upstreamFailure(model, res);
          let result: EmbeddingsResponse;
          try {
            result = adapter.embeddingsResponse(JSON.parse(await res.text()), upstream);
          } catch (error) {
            if (error instanceof SyntaxError || error instanceof ProviderProtocolError)
              throw upstreamAppError(malformedUpstream((error as Error).message));
            throw error;
          }
          result.model = model.alias;
          if (result.usage?.prompt_tokens) call.useProviderUsage(result.usage.prompt_tokens, 0, 0);
          else call.useEstimatedUsage(countInput(), 0);
          settled = true;
          await finishMetered(deps, call, reservation, 200, null);
          return result;
        } catch (error) {
          if (!settled) {
            // Nothing was billed: the error's usage event refers to no reservation.
            call.reservationId = null;
            await deps.metering.release(reservation);
          }
          throw error;
        }
      });

      // What limits this key right now: budgets (used, remaining, reset), rate limits, credits.
      v1.get('/quota', { config: { billable: false } }, async (req) => {
        const key = req.call!.key!;
        return deps.metering.quota({
          orgId: key.orgId,
          departmentId: key.departmentId,
          userId: key.ownerUserId,
          keyId: key.id,
        });
      });

      // Listing models calls no provider and costs nothing: it leaves no usage event.
      v1.get('/models', { config: { billable: false } }, async (req) => {
        const key = req.call!.key!;
        const catalog = await deps.catalog.forOrg(key.orgId);
        const data = [...catalog.models.values()]
          .filter((m) => keyMayUseModel(catalog.access, key, m))
          .sort((a, b) => a.alias.localeCompare(b.alias))
          .map((m) => ({ id: m.alias, object: 'model' as const, created: m.createdAt, owned_by: key.orgSlug }));
        return { object: 'list' as const, data };
      });

      registerMessagesRoute(v1, deps);
    },
    { prefix: '/v1' },
  );
}

/** `/v1/generate` without a model: the first chat model (by alias) this key may use. */
async function defaultChatModel(deps: GatewayDeps, call: GatewayCall): Promise<string> {
  const key = call.key!;
  const catalog = await deps.catalog.forOrg(key.orgId);
  const first = [...catalog.models.values()]
    .filter((m) => m.kind === 'chat' && keyMayUseModel(catalog.access, key, m))
    .map((m) => m.alias)
    .sort()[0];
  if (!first) throw new AppError('model_not_found', 'No chat model is available to this API key.', { param: 'model' });
  return first;
}
