import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api/api-types.ts';
import { AppError } from '../errors.ts';
import type { ChatMessage, ChatRequest } from '../gateway/canonical.ts';
import { executeChat, openEventStream } from '../gateway/execute-chat.ts';
import { GatewayCall, type CallerIdentity } from '../gateway/gateway-call.ts';
import { recordUsage } from '../gateway/pipeline.ts';
import { toAppError } from '../gateway/v1-routes.ts';
import { ChatAnswerStream, errorEvent } from './chat-answer-stream.ts';
import type { MessageOut, MessageRow } from './chat-presenters.ts';
import { sseNamed } from '../lib/sse.ts';

/** Everything a turn needs to be answered, prepared (and the person's message stored) beforehand. */
export interface AnswerPlan {
  identity: CallerIdentity;
  conversationId: string;
  model: string;
  /** The conversation so far, ending with the person's message. */
  history: MessageRow[];
  /** The person's message just stored, for the `start` event (null when regenerating). */
  userMessage: MessageOut | null;
}

/**
 * What the model sees of a conversation: every message in order, an answer stopped half-way with
 * what it said; failed answers (refusals, provider errors) are left out.
 */
export function historyForModel(rows: MessageRow[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of rows) {
    if (m.role === 'assistant') {
      if (m.status === 'error' || m.content === '') continue;
      out.push({ role: 'assistant', content: m.content });
    } else out.push({ role: m.role, content: m.content });
  }
  return out;
}

/**
 * Answers one chat turn through the gateway pipeline — the very one /v1/chat/completions runs:
 * model access, privacy shield, budgets, rate limits, credits, provider, usage event — as the
 * person (no key), streaming SSE to the web client and storing the assistant message as
 * complete, stopped (the client went away; billed for what was produced) or error (a refusal or
 * failure, sent as a structured `error` event).
 */
export async function answerStreamer(
  deps: ApiDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  plan: AnswerPlan,
): Promise<void> {
  const call = new GatewayCall(req.id, req.routeOptions.url ?? req.url);
  call.key = plan.identity;
  req.call = call;
  const stream = new ChatAnswerStream(deps.db, deps.gateway.logger, call, {
    orgId: plan.identity.orgId,
    conversationId: plan.conversationId,
    assistantMessageId: randomUUID(),
    userMessage: plan.userMessage,
    model: plan.model,
  });
  const request: ChatRequest = { model: plan.model, messages: historyForModel(plan.history), stream: true };
  try {
    await executeChat(deps.gateway, req, reply, request, { render: () => null, sink: () => stream });
    // The pipeline returns without done or error only when the client went away: the person stopped it.
    if (!stream.finished) await stream.stopped();
  } catch (error) {
    const appError = error instanceof AppError ? error : toAppError(error, req);
    const gone = appError.code === 'client_closed_request' || reply.raw.destroyed;
    if (gone) call.clientAborted = true;
    if (!call.recorded) {
      try {
        await recordUsage(deps.gateway, call, appError.status, appError.code);
      } catch (ledgerError) {
        req.log.error({ err: ledgerError }, 'usage event for a refused chat message could not be written');
      }
    }
    if (gone) {
      await stream.stopped();
      // Nobody to answer: end the socket ourselves rather than have Fastify send a reply.
      if (!reply.raw.headersSent) reply.hijack();
      reply.raw.end();
      return;
    }
    // Stored as an error answer; the event (after `start`, when nothing was sent yet) names the refusal.
    const event = stream.finished
      ? stream.opening() + sseNamed('error', errorEvent(appError, call.requestId, stream.stored))
      : await stream.error(appError);
    if (!reply.raw.headersSent) await openEventStream(reply, appError.options.headers ?? {})(event);
    else if (!reply.raw.writableEnded) reply.raw.write(event);
    reply.raw.end();
  }
}
