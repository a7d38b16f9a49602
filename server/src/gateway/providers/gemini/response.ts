// Gemini GenerateContentResponse → canonical completion, plus the pieces the stream transformer
// shares: finish reasons, usage, and reading a candidate's parts.
import type { ChatCompletion, FinishReason, ToolCall, Usage } from '../../canonical.ts';
import { ProviderProtocolError } from '../types.ts';
import type { TransformContext } from '../types.ts';
import { generateContentResponseSchema, parseWire, redactGoogleKeys } from './wire.ts';
import type { GeminiPart, GeminiResponse, GeminiUsage } from './wire.ts';

/** Finish reasons meaning output was withheld by a filter (safety, recitation, blocklists, PII). */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini finishReason → OpenAI's. STOP with function calls is 'tool_calls' (Gemini has no such
 * reason); reasons OpenAI has no word for (OTHER, MALFORMED_FUNCTION_CALL, …) end as 'stop'.
 */
export function mapFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** usageMetadata → OpenAI usage. Thinking tokens are billed as output, so they count as completion. */
export function mapUsage(meta: GeminiUsage): Usage {
  const prompt = meta.promptTokenCount ?? 0;
  const completion = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (meta.cachedContentTokenCount !== undefined)
    usage.prompt_tokens_details = { cached_tokens: meta.cachedContentTokenCount };
  if (meta.thoughtsTokenCount !== undefined)
    usage.completion_tokens_details = { reasoning_tokens: meta.thoughtsTokenCount };
  return usage;
}

/** Gemini's modelVersion without the `models/` prefix some versions add; '' when absent. */
export function modelName(response: GeminiResponse): string {
  return (response.modelVersion ?? '').replace(/^models\//, '');
}

/**
 * The id for the n-th function call of one answer when Gemini gives none. Derived from the
 * request's completion id, so ids are deterministic yet do not repeat across turns of a conversation.
 */
export function toolCallId(ctx: TransformContext, n: number): string {
  return `call_${ctx.id.replace(/^chatcmpl-/, '')}_${n}`;
}

/** What a list of parts says: visible text (thoughts skipped) and function calls, in order. */
export function readParts(
  parts: GeminiPart[] | undefined,
  nextId: () => string,
): { text: string; toolCalls: ToolCall[] } {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const part of parts ?? []) {
    if (part.thought === true) continue;
    if (part.text !== undefined) text += part.text;
    if (part.functionCall !== undefined) {
      const { id, name, args } = part.functionCall;
      toolCalls.push({
        id: id !== undefined && id.length > 0 ? id : nextId(),
        type: 'function',
        function: { name, arguments: JSON.stringify(args ?? {}) },
      });
    }
  }
  return { text, toolCalls };
}

/** The message of a Google error object found in a 2xx body (which should never carry one). */
function embeddedError(response: GeminiResponse): string | null {
  if (response.error === undefined) return null;
  return redactGoogleKeys(response.error.message ?? response.error.status ?? 'unknown error');
}

/** Upstream 2xx generateContent body → canonical completion. Throws ProviderProtocolError when malformed. */
export function geminiChatResponse(body: unknown, ctx: TransformContext): ChatCompletion {
  const response = parseWire(generateContentResponseSchema, body, 'generateContent response');
  const error = embeddedError(response);
  if (error !== null) throw new ProviderProtocolError(`gemini generateContent response carried an error: ${error}`);

  const completion: ChatCompletion = {
    id: ctx.id,
    object: 'chat.completion',
    created: ctx.created,
    model: modelName(response),
    choices: [],
  };
  if (response.usageMetadata !== undefined) completion.usage = mapUsage(response.usageMetadata);

  const candidates = response.candidates ?? [];
  if (candidates.length === 0) {
    if (response.promptFeedback?.blockReason === undefined) {
      throw new ProviderProtocolError(
        'gemini generateContent response has neither candidates nor a promptFeedback.blockReason',
      );
    }
    // The prompt itself was blocked: an empty answer, filtered.
    completion.choices.push({ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' });
    return completion;
  }

  let calls = 0;
  const nextId = (): string => toolCallId(ctx, calls++);
  candidates.forEach((candidate, i) => {
    const { text, toolCalls } = readParts(candidate.content?.parts, nextId);
    const hasCalls = toolCalls.length > 0;
    // A non-stream answer has ended even when Gemini leaves the reason out: read that as STOP.
    const finish = mapFinishReason(candidate.finishReason ?? 'STOP', hasCalls);
    completion.choices.push({
      index: candidate.index ?? i,
      message: hasCalls
        ? { role: 'assistant', content: text.length > 0 ? text : null, tool_calls: toolCalls }
        : { role: 'assistant', content: text },
      finish_reason: finish,
    });
  });
  completion.choices.sort((a, b) => a.index - b.index);
  return completion;
}
