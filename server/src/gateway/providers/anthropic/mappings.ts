// The Anthropic ↔ canonical tables, written once and used by both the adapter and the
// /v1/messages surface so the two directions can never drift apart.
import type { FinishReason } from '../../canonical.ts';
import type { AnthropicErrorType, AnthropicStopReason } from './wire-types.ts';

/** Anthropic stop_reason → OpenAI finish_reason (a pause is a stop; a full context is a length). */
export const STOP_REASON_TO_FINISH: Record<AnthropicStopReason, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** OpenAI finish_reason → Anthropic stop_reason (the inverse of STOP_REASON_TO_FINISH). */
export const FINISH_TO_STOP_REASON: Record<FinishReason, AnthropicStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

/** Anthropic error type → the HTTP status Anthropic sends it with (529 = overloaded). */
export const ERROR_TYPE_STATUS: Record<AnthropicErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Maps an unknown stop_reason string to a finish_reason; unknown or absent values → null. */
export function finishReasonFromStop(stopReason: unknown): FinishReason | null {
  if (typeof stopReason !== 'string') return null;
  return Object.hasOwn(STOP_REASON_TO_FINISH, stopReason)
    ? STOP_REASON_TO_FINISH[stopReason as AnthropicStopReason]
    : 'stop';
}

/** True when `type` is one of Anthropic's error types. */
export function isAnthropicErrorType(type: unknown): type is AnthropicErrorType {
  return typeof type === 'string' && Object.hasOwn(ERROR_TYPE_STATUS, type);
}

/** HTTP status → the Anthropic error type a client SDK expects for it (inverse of ERROR_TYPE_STATUS). */
export function errorTypeForStatus(status: number): AnthropicErrorType {
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 408) return 'timeout_error';
  const exact = (Object.keys(ERROR_TYPE_STATUS) as AnthropicErrorType[]).find((t) => ERROR_TYPE_STATUS[t] === status);
  if (exact) return exact;
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
