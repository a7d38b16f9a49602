import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { ChatCompletionChunk } from '../gateway/canonical.ts';
import type { GatewayCall } from '../gateway/gateway-call.ts';
import type { StreamSink } from '../gateway/pipeline.ts';
import { sseNamed } from '../lib/sse.ts';
import { presentMessage, type MessageOut } from './chat-presenters.ts';
import { messageAppender } from './chat-store.ts';

/** What the `start` event announces: where the answer goes and what the person's message became. */
export interface AnswerStart {
  orgId: string;
  conversationId: string;
  /** The id the assistant message will have, whatever way the answer ends. */
  assistantMessageId: string;
  /** The person's message as stored (null for regenerate: it is already in the conversation). */
  userMessage: MessageOut | null;
  model: string;
}

/** How the answer ended, as stored. */
type Ending = { status: 'complete' } | { status: 'stopped' } | { status: 'error'; error: AppError };

/** The payload of an `error` event: which limit or failure, the HTTP status it stands for, when to retry. */
export function errorEvent(error: AppError, requestId: string, assistantMessage: MessageOut | null) {
  const retryAfter = Number(error.options.headers?.['retry-after']);
  return {
    code: error.code,
    message: error.message,
    status: error.status,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
    requestId,
    assistantMessage,
  };
}

/**
 * The web chat's stream surface: renders the pipeline's (restored) chunks as named SSE events for
 * the web client — `start`, `delta`…, then `done` or `error` — and stores the assistant message
 * before the last event, so a client that reloads the conversation after `done` finds it. The
 * text it stores is what the person saw: pseudonyms already restored.
 */
export class ChatAnswerStream implements StreamSink {
  /** The answer text streamed so far (restored). */
  text = '';
  /** Set once the answer is stored, whichever way it ended. */
  stored: MessageOut | null = null;
  private ended = false;
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly call: GatewayCall,
    private readonly start: AnswerStart,
  ) {}

  /** True once the answer ended (complete, error or stopped) — stored or not. */
  get finished(): boolean {
    return this.ended;
  }

  /** The `start` event, once, before anything else. */
  opening(): string {
    if (this.started) return '';
    this.started = true;
    return sseNamed('start', {
      conversationId: this.start.conversationId,
      requestId: this.call.requestId,
      model: this.start.model,
      userMessage: this.start.userMessage,
      assistantMessageId: this.start.assistantMessageId,
      // The shield ran before the provider was called, so the counts are known before the first delta.
      privacy: this.call.privacyCounts,
    });
  }

  chunk(chunk: ChatCompletionChunk): string {
    let out = this.opening();
    for (const choice of chunk.choices) {
      const content = choice.index === 0 ? choice.delta.content : null;
      if (!content) continue;
      this.text += content;
      out += sseNamed('delta', { content });
    }
    return out;
  }

  async done(): Promise<string> {
    const message = await this.finish({ status: 'complete' });
    if (!message) return this.opening() + sseNamed('error', errorEvent(notSaved(), this.call.requestId, null));
    return this.opening() + sseNamed('done', { assistantMessage: message });
  }

  async error(error: AppError): Promise<string> {
    const message = await this.finish({ status: 'error', error });
    return this.opening() + sseNamed('error', errorEvent(error, this.call.requestId, message));
  }

  /** The person stopped the answer (left the stream): keeps what was produced until then. */
  async stopped(): Promise<void> {
    await this.finish({ status: 'stopped' });
  }

  /** Stores the assistant message once; a failure to store is logged and reported as null. */
  private async finish(ending: Ending): Promise<MessageOut | null> {
    if (this.ended) return this.stored;
    this.ended = true;
    const call = this.call;
    const billed = call.tokensIn > 0 || call.tokensOut > 0;
    try {
      const row = await this.db.withOrg(this.start.orgId, (tx) =>
        messageAppender(tx, this.start.orgId, this.start.conversationId, {
          id: this.start.assistantMessageId,
          role: 'assistant',
          content: this.text,
          modelAlias: call.model?.alias ?? this.start.model,
          requestId: call.requestId,
          status: ending.status,
          errorCode: ending.status === 'error' ? ending.error.code : null,
          errorMessage: ending.status === 'error' ? ending.error.message : null,
          tokensIn: billed ? call.tokensIn : null,
          tokensOut: billed ? call.tokensOut : null,
        }),
      );
      // The usage event that carries the privacy counts may not be written yet: take them from the call.
      this.stored = presentMessage({ ...row, privacy_counts: call.privacyCounts });
    } catch (error) {
      this.logger.error({ err: error, requestId: call.requestId }, 'the chat answer could not be stored');
    }
    return this.stored;
  }
}

function notSaved(): AppError {
  return new AppError('service_unavailable', 'The answer was generated but could not be saved. Try again shortly.');
}
