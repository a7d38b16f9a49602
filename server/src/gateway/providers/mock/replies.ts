import type { ChatCompletion, Usage } from '../../canonical.ts';
import type { MockAnswer } from './answer.ts';

/** Everything a mock chat reply is rendered from. */
export interface ChatReplyInput {
  id: string;
  created: number;
  model: string;
  answer: MockAnswer;
  promptTokens: number;
  /** `stream_options.include_usage`: only then does a stream carry `usage` (null, then the usage chunk). */
  includeUsage: boolean;
}

/** The usage of a mock answer. */
export function usageOf(input: ChatReplyInput): Usage {
  const completion = input.answer.completionTokens;
  return {
    prompt_tokens: input.promptTokens,
    completion_tokens: completion,
    total_tokens: input.promptTokens + completion,
  };
}

/** The non-streamed body, as OpenAI sends it. */
export function completionBody(input: ChatReplyInput): string {
  const { answer } = input;
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: answer.content,
    refusal: null,
  };
  if (answer.toolCall) message.tool_calls = [answer.toolCall];
  const completion: ChatCompletion = {
    id: input.id,
    object: 'chat.completion',
    created: input.created,
    model: input.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    usage: usageOf(input),
    system_fingerprint: 'fp_mock',
  };
  return JSON.stringify(completion);
}

/** The `data: [DONE]` event that ends every complete stream. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * The streamed body as OpenAI sends it, grouped into writes: [role + piece 1, piece 2, …,
 * piece n + finish (+ usage chunk) + DONE]. With `cut` only the first `cut` pieces are sent and
 * the stream stops without finish, usage or DONE. Events are assembled from string templates: the
 * hot path of the benchmark upstream.
 */
export function streamParts(input: ChatReplyInput, cut: number | null): string[] {
  const { answer } = input;
  const head = `data: {"id":"${input.id}","object":"chat.completion.chunk","created":${input.created},"model":${JSON.stringify(input.model)},"system_fingerprint":"fp_mock","choices":[`;
  const tail = input.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const event = (delta: string, finish = 'null'): string =>
    `${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}${tail}`;

  const call = answer.toolCall;
  const role = call
    ? event(
        `{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.function.name)},"arguments":""}}]}`,
      )
    : event('{"role":"assistant","content":""}');
  const piece = call
    ? (p: string) => event(`{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(p)}}}]}`)
    : (p: string) => event(`{"content":${JSON.stringify(p)}}`);

  const pieces = cut === null ? answer.pieces : answer.pieces.slice(0, cut);
  const parts = pieces.map(piece);
  if (parts.length === 0) parts.push('');
  parts[0] = role + parts[0];
  if (cut !== null) return parts;

  let end = event('{}', `"${answer.finishReason}"`);
  if (input.includeUsage) end += `${head}],"usage":${JSON.stringify(usageOf(input))}}\n\n`;
  parts[parts.length - 1] += end + DONE_EVENT;
  return parts;
}

/** OpenAI's error `type` and `code` for an HTTP status, so SDKs raise the exception they would for OpenAI. */
function errorKind(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 403) return { type: 'permission_error', code: null };
  if (status === 404) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

/** An OpenAI-shaped error body: `{"error":{"message","type","param","code"}}`. */
export function errorBody(status: number, message: string, param: string | null = null): string {
  const { type, code } = errorKind(status);
  return JSON.stringify({ error: { message, type, param, code } });
}
