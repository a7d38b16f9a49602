import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { ModelRoute } from '../models/catalog.ts';
import type { TransformContext } from './providers/types.ts';
import { ClientGoneSignal } from '../lib/cancel-signal.ts';
import type { ChatCompletion, ChatRequest } from './canonical.ts';
import type { GatewayCall } from './gateway-call.ts';
import { protectChat } from './privacy-step.ts';
import { ChunkRestorer, restoreCompletion } from '../privacy/shield/index.ts';
import {
  applyUsage,
  callProvider,
  completionText,
  finishMetered,
  ledgerUnavailable,
  outputCap,
  promptCounter,
  readCompletion,
  transformContext,
  relayStream,
  reserve,
  resolveModel,
  upstreamFailure,
  type GatewayDeps,
  type StreamSink,
} from './pipeline.ts';

/** How one client protocol presents a chat answer (OpenAI, Anthropic Messages, /v1/generate). */
export interface ChatSurface<Body> {
  /** The JSON body for a complete (non-streamed) answer. */
  render(completion: ChatCompletion, call: GatewayCall): Body;
  /** The stream renderer, when the client asked for a stream (`ctx.id`: the answer's fallback id). */
  sink(ctx: TransformContext): StreamSink;
}

/** Aborts the upstream call when the client goes away before the answer is complete. */
export function abortWhenClientLeaves(reply: FastifyReply): ClientGoneSignal {
  const signal = new ClientGoneSignal();
  const raw = reply.raw;
  raw.once('close', () => {
    if (!raw.writableFinished) signal.abort();
  });
  return signal;
}

/** Switches the reply to a raw SSE stream; returns a writer that honours back-pressure. */
export function openEventStream(
  reply: FastifyReply,
  extraHeaders: Record<string, string>,
): (text: string) => Promise<boolean> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    ...extraHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  return (text) => {
    if (raw.destroyed || raw.writableEnded) return Promise.resolve(false);
    if (raw.write(text)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onDrain = () => finish(true);
      const onClose = () => finish(false);
      const finish = (ok: boolean) => {
        raw.off('drain', onDrain);
        raw.off('close', onClose);
        resolve(ok);
      };
      raw.once('drain', onDrain);
      raw.once('close', onClose);
    });
  };
}

/**
 * The chat pipeline, top to bottom, for every chat-shaped endpoint:
 * resolve model → privacy shield (pseudonymize; fail closed) → reserve → call provider → answer → settle →
 * usage event (durable before the last byte) — or release and record the error.
 */
export async function executeChat<Body>(
  deps: GatewayDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  request: ChatRequest,
  surface: ChatSurface<Body>,
): Promise<Body | undefined> {
  const call = req.call!;
  call.stream = request.stream === true;
  const model: ModelRoute = await resolveModel(deps, call, request.model, 'chat');
  const shielded = await protectChat(deps.privacy, call, request);
  const prompt = promptCounter(shielded.request);
  const reservation = await reserve(deps, call, model, prompt, () => outputCap(request, model, prompt()));
  reply.headers(reservation.headers);
  const upstreamRequest: ChatRequest = { ...shielded.request, model: model.upstreamModel };
  const clientGone = abortWhenClientLeaves(reply);
  const ctx = transformContext();
  let settled = false;
  try {
    const res = await callProvider(
      deps,
      model,
      (t) => model.provider.adapter.chatRequest(t, upstreamRequest),
      clientGone,
    );
    if (res.status < 200 || res.status >= 300) throw await upstreamFailure(model, res);

    if (!call.stream) {
      const completion = await readCompletion(model, res, ctx);
      applyUsage(call, completion.usage, prompt, () => completionText(completion));
      settled = true;
      await finishMetered(deps, call, reservation, 200, null);
      return surface.render(restoreCompletion(completion, shielded.vault), call);
    }

    const sink = surface.sink(ctx);
    const write = openEventStream(reply, reservation.headers);
    const output = { text: '' };
    const restorer = new ChunkRestorer(shielded.vault);
    const outcome = await relayStream(call, model, res, sink, write, ctx, output, restorer);
    call.clientAborted = outcome.clientGone;
    // A client that left, or a stream cut short, is billed for what was generated up to then.
    applyUsage(call, outcome.usage, prompt, () => output.text);
    settled = true;
    const status = outcome.clientGone ? 499 : outcome.error ? outcome.error.status : 200;
    const code = outcome.clientGone ? 'client_closed_request' : (outcome.error?.code ?? null);
    let recorded = true;
    try {
      await finishMetered(deps, call, reservation, status, code);
    } catch (error) {
      recorded = false;
      if (!outcome.clientGone) reply.raw.end(await sink.error(error instanceof AppError ? error : ledgerUnavailable()));
    }
    if (outcome.clientGone) reply.raw.end();
    else if (recorded)
      // The stream's last event and its end go out in one write.
      reply.raw.end(await (outcome.error ? sink.error(outcome.error) : sink.done(outcome.usage)));
    return undefined;
  } catch (error) {
    if (!settled) {
      // Nothing was billed: the error's usage event refers to no reservation.
      call.reservationId = null;
      await deps.metering.release(reservation);
    }
    throw error;
  }
}
