import { sseNamed } from '../../lib/sse.ts';
import type { ChatCompletionChunk, ChunkToolCall, FinishReason, Usage } from '../canonical.ts';
import { FINISH_TO_STOP_REASON } from '../providers/anthropic/mappings.ts';
import { usageToAnthropic } from '../providers/anthropic/usage.ts';
import type { AnthropicErrorType } from '../providers/anthropic/wire-types.ts';

type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number };

/**
 * Canonical chunks → Anthropic's SSE events, one instance per streamed answer. Emits
 * message_start before anything else, opens a content block for each run of text and for each
 * tool call (block indices count up across both), and closes the open block before the next one
 * starts; finish() closes the message with message_delta (stop_reason, usage) and message_stop.
 * Input tokens are unknown at message_start (0) and reported in message_delta, which Anthropic
 * SDKs read as the final count.
 */
export class MessagesStreamEncoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private open: OpenBlock | null = null;
  /** Canonical tool-call index → Anthropic content block index. */
  private readonly toolBlocks = new Map<number, number>();
  private usage: Usage | null = null;
  private finishReason: FinishReason | null = null;

  constructor(private readonly message: { id: string; model: string }) {}

  /** One canonical chunk in, the SSE text to write out (possibly empty). Only choice 0 is used. */
  push(chunk: ChatCompletionChunk): string {
    if (this.finished) return '';
    let out = this.start();
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices.find((c) => c.index === 0);
    if (!choice) return out;
    const text = `${choice.delta.content ?? ''}${choice.delta.refusal ?? ''}`;
    if (text.length > 0) out += this.text(text);
    for (const call of choice.delta.tool_calls ?? []) out += this.toolCall(call);
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  /**
   * Ends the message: closes the open block, then message_delta and message_stop. `usage` and
   * `finishReason` override what the chunks carried; without either, usage is zero and the stop
   * reason end_turn. Later calls return ''.
   */
  finish(usage?: Usage, finishReason?: FinishReason): string {
    if (this.finished) return '';
    let out = this.start() + this.closeOpen();
    this.finished = true;
    const reason = finishReason ?? this.finishReason ?? 'stop';
    out += sseNamed('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: FINISH_TO_STOP_REASON[reason], stop_sequence: null },
      usage: usageToAnthropic(usage ?? this.usage),
    });
    return out + sseNamed('message_stop', { type: 'message_stop' });
  }

  /** An `error` event, as Anthropic sends when a stream fails midway; the encoder then stays silent. */
  error(type: AnthropicErrorType, message: string): string {
    if (this.finished) return '';
    this.finished = true;
    return sseNamed('error', { type: 'error', error: { type, message } });
  }

  /** A keep-alive `ping` event for long pauses. */
  ping(): string {
    return this.finished ? '' : sseNamed('ping', { type: 'ping' });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return sseNamed('message_start', {
      type: 'message_start',
      message: {
        id: this.message.id,
        type: 'message',
        role: 'assistant',
        model: this.message.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private closeOpen(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = null;
    return sseNamed('content_block_stop', { type: 'content_block_stop', index });
  }

  private text(text: string): string {
    let out = '';
    if (this.open?.kind !== 'text') {
      out += this.closeOpen();
      const index = this.nextIndex++;
      this.open = { kind: 'text', index };
      out += sseNamed('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
    }
    const index = this.open.index;
    return (
      out + sseNamed('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } })
    );
  }

  /**
   * A tool call's first piece opens its tool_use block; argument pieces become input_json_delta.
   * Pieces for a call whose block was already closed (providers that interleave calls) still go
   * to that call's block index, which Anthropic SDKs accumulate by.
   */
  private toolCall(call: ChunkToolCall): string {
    let out = '';
    let index = this.toolBlocks.get(call.index);
    if (index === undefined) {
      out += this.closeOpen();
      index = this.nextIndex++;
      this.toolBlocks.set(call.index, index);
      this.open = { kind: 'tool', index };
      const id = call.id ?? `toolu_${this.message.id.replace(/^msg_/, '')}_${call.index}`;
      out += sseNamed('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id, name: call.function?.name ?? '', input: {} },
      });
    }
    const args = call.function?.arguments;
    if (args) {
      out += sseNamed('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: args },
      });
    }
    return out;
  }
}
