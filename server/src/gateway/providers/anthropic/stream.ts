import type { SseEvent } from '../../../lib/sse.ts';
import type { ChatCompletionChunk, FinishReason } from '../../canonical.ts';
import { ProviderProtocolError, type StreamTransformer, type TransformContext, type UpstreamError } from '../types.ts';
import { classifyStreamError } from './errors.ts';
import { finishReasonFromStop } from './mappings.ts';
import { type AnthropicCounts, countsToUsage, isRecord, readCounts, ZERO_COUNTS } from './usage.ts';

type Delta = ChatCompletionChunk['choices'][number]['delta'];
/** What an Anthropic content block index stands for; tool calls carry their ordinal among tool calls. */
type Block = { kind: 'text' } | { kind: 'tool'; ordinal: number } | { kind: 'other' };

/**
 * Anthropic's named SSE events → canonical chunks, one instance per streamed answer. Tool calls
 * are numbered by their order among tool calls (Anthropic's block index also counts text blocks).
 * The final chunk (`choices: []`) carries the usage, on message_stop or, if the stream was cut
 * off, from end() with whatever was counted.
 */
export class AnthropicStreamTransformer implements StreamTransformer {
  private id: string;
  private model = '';
  private started = false;
  private stopped = false;
  private counts: AnthropicCounts = { ...ZERO_COUNTS };
  private readonly blocks = new Map<number, Block>();
  private toolCalls = 0;
  private upstreamError: UpstreamError | null = null;

  constructor(private readonly ctx: TransformContext) {
    this.id = ctx.id;
  }

  /** One upstream event in; throws ProviderProtocolError when its data is not the promised JSON. */
  push(event: SseEvent): ChatCompletionChunk[] {
    if (event.event === 'ping') return [];
    let payload: unknown;
    try {
      payload = JSON.parse(event.data);
    } catch {
      throw new ProviderProtocolError(`Anthropic stream event "${event.event ?? 'message'}" has non-JSON data`);
    }
    if (!isRecord(payload)) throw new ProviderProtocolError('Anthropic stream event data is not a JSON object');
    const type = event.event ?? payload.type;
    switch (type) {
      case 'message_start':
        return this.messageStart(payload);
      case 'content_block_start':
        return this.blockStart(payload);
      case 'content_block_delta':
        return this.blockDelta(payload);
      case 'message_delta':
        return this.messageDelta(payload);
      case 'message_stop':
        if (this.stopped) return [];
        this.stopped = true;
        return [this.usageChunk()];
      case 'error':
        this.upstreamError = classifyStreamError(payload);
        return [];
      default:
        return []; // content_block_stop, ping, and event types added after this was written
    }
  }

  /** The stream ended; complete only if message_stop arrived. A cut-off stream still reports its usage so far. */
  end(): { chunks: ChatCompletionChunk[]; complete: boolean } {
    if (this.stopped) return { chunks: [], complete: true };
    return { chunks: this.started ? [this.usageChunk()] : [], complete: false };
  }

  /** The classified `error` event, if the upstream sent one. */
  error(): UpstreamError | null {
    return this.upstreamError;
  }

  private messageStart(payload: Record<string, unknown>): ChatCompletionChunk[] {
    const message = payload.message;
    if (!isRecord(message)) throw new ProviderProtocolError('Anthropic message_start has no message');
    if (typeof message.id === 'string') this.id = message.id;
    if (typeof message.model === 'string') this.model = message.model;
    if (isRecord(message.usage)) this.counts = readCounts(this.counts, message.usage);
    this.started = true;
    return [this.chunk({ role: 'assistant', content: '' }, null)];
  }

  private blockStart(payload: Record<string, unknown>): ChatCompletionChunk[] {
    const index = payload.index;
    const block = payload.content_block;
    if (typeof index !== 'number' || !isRecord(block)) {
      throw new ProviderProtocolError('Anthropic content_block_start lacks index or content_block');
    }
    if (block.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      return typeof block.text === 'string' && block.text.length > 0 ? [this.chunk({ content: block.text }, null)] : [];
    }
    if (block.type === 'tool_use') {
      if (typeof block.id !== 'string' || typeof block.name !== 'string') {
        throw new ProviderProtocolError('Anthropic tool_use block lacks id or name');
      }
      const ordinal = this.toolCalls++;
      this.blocks.set(index, { kind: 'tool', ordinal });
      // Anthropic starts with `input: {}` and streams the JSON; a pre-filled input is sent whole.
      const input = isRecord(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
      const call = {
        index: ordinal,
        id: block.id,
        type: 'function' as const,
        function: { name: block.name, arguments: input },
      };
      return [this.chunk({ tool_calls: [call] }, null)];
    }
    this.blocks.set(index, { kind: 'other' }); // thinking and server-tool blocks are not forwarded
    return [];
  }

  private blockDelta(payload: Record<string, unknown>): ChatCompletionChunk[] {
    const index = payload.index;
    const delta = payload.delta;
    if (typeof index !== 'number' || !isRecord(delta)) {
      throw new ProviderProtocolError('Anthropic content_block_delta lacks index or delta');
    }
    const block = this.blocks.get(index);
    if (!block)
      throw new ProviderProtocolError(`Anthropic content_block_delta for block ${index}, which never started`);
    if (
      block.kind === 'text' &&
      delta.type === 'text_delta' &&
      typeof delta.text === 'string' &&
      delta.text.length > 0
    ) {
      return [this.chunk({ content: delta.text }, null)];
    }
    if (
      block.kind === 'tool' &&
      delta.type === 'input_json_delta' &&
      typeof delta.partial_json === 'string' &&
      delta.partial_json.length > 0
    ) {
      return [
        this.chunk({ tool_calls: [{ index: block.ordinal, function: { arguments: delta.partial_json } }] }, null),
      ];
    }
    return [];
  }

  private messageDelta(payload: Record<string, unknown>): ChatCompletionChunk[] {
    if (isRecord(payload.usage)) this.counts = readCounts(this.counts, payload.usage);
    const finish = isRecord(payload.delta) ? finishReasonFromStop(payload.delta.stop_reason) : null;
    return finish ? [this.chunk({}, finish)] : [];
  }

  private chunk(delta: Delta, finish: FinishReason | null): ChatCompletionChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.ctx.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    };
  }

  private usageChunk(): ChatCompletionChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.ctx.created,
      model: this.model,
      choices: [],
      usage: countsToUsage(this.counts),
    };
  }
}
