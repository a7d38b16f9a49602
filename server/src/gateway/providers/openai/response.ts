import type {
  ChatCompletion,
  EmbeddingsRequest,
  EmbeddingsResponse,
  FinishReason,
  ToolCall,
  Usage,
} from '../../canonical.ts';
import { ProviderProtocolError } from '../types.ts';
import type { TransformContext, UpstreamError } from '../types.ts';
import { classifyUpstreamStatus, upstreamErrorMessage } from '../upstream-errors.ts';

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Checks a `usage` object: null/absent → undefined (the pipeline counts locally); prompt and
 * completion counts required, a missing total is their sum. Throws ProviderProtocolError.
 */
export function normalizeUsage(value: unknown): Usage | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value) || !isCount(value.prompt_tokens) || !isCount(value.completion_tokens)) {
    throw new ProviderProtocolError('usage is not {prompt_tokens, completion_tokens}');
  }
  const total = isCount(value.total_tokens) ? value.total_tokens : value.prompt_tokens + value.completion_tokens;
  return {
    ...value,
    prompt_tokens: value.prompt_tokens,
    completion_tokens: value.completion_tokens,
    total_tokens: total,
  };
}

/** A finish reason as sent; some servers send `""` while still generating, which means null. */
export function normalizeFinishReason(value: unknown, where: string): FinishReason | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new ProviderProtocolError(`${where}.finish_reason is not a string`);
  return value as FinishReason;
}

/** Message content as a string or null; an array of text parts (some servers) is joined. */
function normalizeContent(value: unknown, where: string): string | null {
  if (value === null || value === undefined || typeof value === 'string') return value ?? null;
  if (Array.isArray(value)) {
    return value.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  throw new ProviderProtocolError(`${where}.content is neither a string nor null`);
}

function normalizeToolCalls(value: unknown, where: string): ToolCall[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ProviderProtocolError(`${where}.tool_calls is not an array`);
  if (value.length === 0) return undefined;
  return value.map((call: unknown, i): ToolCall => {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') {
      throw new ProviderProtocolError(`${where}.tool_calls[${i}] has no function name`);
    }
    const args = call.function.arguments;
    return {
      ...call,
      id: typeof call.id === 'string' && call.id !== '' ? call.id : `call_${i}`,
      type: 'function',
      function: {
        ...call.function,
        name: call.function.name,
        // Some servers send the arguments as an object instead of a JSON string.
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    };
  });
}

/** The upstream put an error object in a 2xx body: the message, or null when the body is not one. */
export function errorInBody(body: Record<string, unknown>): string | null {
  if (isRecord(body.error) || typeof body.error === 'string') return upstreamErrorMessage(JSON.stringify(body));
  if (body.object === 'error') return upstreamErrorMessage(JSON.stringify(body));
  return null;
}

/** An upstream 2xx chat completion body → canonical completion. Throws ProviderProtocolError when malformed. */
export function parseChatCompletion(body: unknown, ctx: TransformContext): ChatCompletion {
  if (!isRecord(body)) throw new ProviderProtocolError('chat completion is not a JSON object');
  const upstreamError = errorInBody(body);
  if (upstreamError !== null) throw new ProviderProtocolError(`upstream answered 2xx with an error: ${upstreamError}`);
  if (!Array.isArray(body.choices) || body.choices.length === 0) {
    throw new ProviderProtocolError('chat completion has no choices');
  }
  const choices = body.choices.map((choice: unknown, i) => {
    const where = `choices[${i}]`;
    if (!isRecord(choice) || !isRecord(choice.message)) throw new ProviderProtocolError(`${where} has no message`);
    const message: ChatCompletion['choices'][number]['message'] = {
      ...choice.message,
      role: 'assistant',
      content: normalizeContent(choice.message.content, `${where}.message`),
    };
    const toolCalls = normalizeToolCalls(choice.message.tool_calls, `${where}.message`);
    if (toolCalls) message.tool_calls = toolCalls;
    else delete message.tool_calls;
    return {
      ...choice,
      index: typeof choice.index === 'number' ? choice.index : i,
      message,
      finish_reason: normalizeFinishReason(choice.finish_reason, where),
    };
  });
  const completion: ChatCompletion = {
    ...body,
    id: typeof body.id === 'string' && body.id !== '' ? body.id : ctx.id,
    object: 'chat.completion',
    created: typeof body.created === 'number' ? body.created : ctx.created,
    model: typeof body.model === 'string' ? body.model : '',
    choices,
  };
  const usage = normalizeUsage(body.usage);
  if (usage) completion.usage = usage;
  else delete completion.usage;
  return completion;
}

/** A rough count for servers that send no embeddings usage: ~4 characters a token, token ids as given. */
function estimateInputTokens(input: EmbeddingsRequest['input']): number {
  const items: unknown[] = Array.isArray(input) ? input : [input];
  let tokens = 0;
  for (const item of items) {
    if (typeof item === 'string') tokens += Math.ceil(item.length / 4);
    else if (Array.isArray(item)) tokens += item.length;
    else if (typeof item === 'number') tokens += 1;
  }
  return tokens;
}

/**
 * An upstream 2xx embeddings body → canonical response. Throws ProviderProtocolError when
 * malformed. A server that sends no usage gets an estimate from the request, never zero.
 */
export function parseEmbeddings(body: unknown, request: EmbeddingsRequest): EmbeddingsResponse {
  if (!isRecord(body)) throw new ProviderProtocolError('embeddings response is not a JSON object');
  const upstreamError = errorInBody(body);
  if (upstreamError !== null) throw new ProviderProtocolError(`upstream answered 2xx with an error: ${upstreamError}`);
  if (!Array.isArray(body.data)) throw new ProviderProtocolError('embeddings response has no data array');
  const data = body.data.map((item: unknown, i) => {
    const vector = isRecord(item) ? item.embedding : undefined;
    const ok = typeof vector === 'string' || (Array.isArray(vector) && vector.every((x) => typeof x === 'number'));
    if (!isRecord(item) || !ok) throw new ProviderProtocolError(`data[${i}].embedding is not a vector`);
    return {
      object: 'embedding' as const,
      index: typeof item.index === 'number' ? item.index : i,
      embedding: vector as number[] | string,
    };
  });
  return {
    object: 'list',
    data,
    model: typeof body.model === 'string' ? body.model : request.model,
    usage: embeddingsUsage(body.usage, request),
  };
}

/** Embeddings usage as sent (a missing total is the prompt count), or an estimate when the server sent none. */
function embeddingsUsage(value: unknown, request: EmbeddingsRequest): EmbeddingsResponse['usage'] {
  if (value === undefined || value === null) {
    const estimate = estimateInputTokens(request.input);
    return { prompt_tokens: estimate, total_tokens: estimate };
  }
  if (!isRecord(value) || !isCount(value.prompt_tokens))
    throw new ProviderProtocolError('embeddings usage has no prompt_tokens');
  return {
    prompt_tokens: value.prompt_tokens,
    total_tokens: isCount(value.total_tokens) ? value.total_tokens : value.prompt_tokens,
  };
}

/** An upstream non-2xx answer → classified error, with the upstream's own message. Never throws. */
export function openaiErrorResponse(status: number, bodyText: string): UpstreamError {
  return classifyUpstreamStatus(status, upstreamErrorMessage(bodyText));
}
