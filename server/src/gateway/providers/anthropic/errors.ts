import type { UpstreamError } from '../types.ts';
import { classifyUpstreamStatus, upstreamErrorMessage } from '../upstream-errors.ts';
import { ERROR_TYPE_STATUS, isAnthropicErrorType } from './mappings.ts';
import { isRecord } from './usage.ts';

/** An Anthropic non-2xx answer (`{type:'error', error:{type, message}}`, 529 included) → classified error. Never throws. */
export function classifyAnthropicError(status: number, bodyText: string): UpstreamError {
  return classifyUpstreamStatus(status, upstreamErrorMessage(bodyText));
}

/**
 * The payload of an `error` stream event → classified error. The stream was already 200, so the
 * error type decides the status (overloaded_error → 529 → 503 upstream_overloaded, retryable).
 */
export function classifyStreamError(payload: unknown): UpstreamError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : {};
  const type = error.type;
  const status = isAnthropicErrorType(type) ? ERROR_TYPE_STATUS[type] : 500;
  const message =
    typeof error.message === 'string' && error.message.length > 0 ? error.message : 'Anthropic stream error';
  return classifyUpstreamStatus(status, message);
}
