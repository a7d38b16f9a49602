import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import type { Usage } from './canonical.ts';
import { executeChat } from './execute-chat.ts';
import type { GatewayDeps, StreamSink } from './pipeline.ts';
import { parseMessagesRequest } from './surfaces/anthropic-messages-schema.ts';
import {
  anthropicError,
  chatCompletionToMessage,
  messagesToChatRequest,
  MessagesStreamEncoder,
  toMessageId,
} from './surfaces/anthropic-messages.ts';

/** Renders canonical chunks as Anthropic's Messages event stream. */
class AnthropicSink implements StreamSink {
  constructor(private readonly encoder: MessagesStreamEncoder) {}
  chunk(chunk: Parameters<MessagesStreamEncoder['push']>[0]): string {
    return this.encoder.push(chunk);
  }
  done(usage: Usage | null): string {
    return this.encoder.finish(usage ?? undefined);
  }
  error(error: AppError): string {
    return this.encoder.error(anthropicError(error.status).error.type, error.message);
  }
}

/**
 * `POST /v1/messages`: the Anthropic Messages API, so Anthropic SDK clients work unchanged. The
 * body is translated to the canonical chat request and runs the very same pipeline as
 * /v1/chat/completions, against any configured model.
 */
export function registerMessagesRoute(v1: FastifyInstance, deps: GatewayDeps): void {
  v1.post('/messages', async (req, reply) => {
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body))
      throw new AppError('invalid_request', 'The request body must be a JSON object.');
    const parsed = parseMessagesRequest(req.body);
    if (!parsed.success) throw new AppError('invalid_request', parsed.message, { param: parsed.param || undefined });
    const body = parsed.data;
    const request = messagesToChatRequest(body);
    return executeChat(deps, req, reply, request, {
      render: (completion) => chatCompletionToMessage(completion, body.model),
      sink: (ctx) => new AnthropicSink(new MessagesStreamEncoder({ id: toMessageId(ctx.id), model: body.model })),
    });
  });
}
