import type { UpstreamError } from './types.ts';

/**
 * Maps an upstream HTTP failure to what the gateway answers. Shared by every adapter so the same
 * upstream situation always gives the client the same status and code:
 * the client's request was bad → 4xx kept; our provider credential or route is wrong → 502
 * (the client's key is fine); rate limited → 429; overloaded/5xx → 502/503, retryable.
 */
export function classifyUpstreamStatus(status: number, message: string): UpstreamError {
  const base = { upstreamStatus: status, message: message || `upstream returned HTTP ${status}` };
  if (status === 400 || status === 422) return { ...base, status: 400, code: 'upstream_bad_request', retryable: false };
  if (status === 401 || status === 403) return { ...base, status: 502, code: 'upstream_auth_failed', retryable: false };
  if (status === 404) return { ...base, status: 502, code: 'upstream_not_found', retryable: false };
  if (status === 408) return { ...base, status: 504, code: 'upstream_timeout', retryable: true };
  if (status === 413) return { ...base, status: 413, code: 'upstream_payload_too_large', retryable: false };
  if (status === 429) return { ...base, status: 429, code: 'upstream_rate_limited', retryable: true };
  if (status === 503 || status === 529) return { ...base, status: 503, code: 'upstream_overloaded', retryable: true };
  if (status >= 500) return { ...base, status: 502, code: 'upstream_error', retryable: true };
  return { ...base, status: 502, code: 'upstream_error', retryable: false };
}

/** The upstream answered 2xx but the body was not what its protocol promises. */
export function malformedUpstream(detail: string): UpstreamError {
  return {
    status: 502,
    code: 'upstream_malformed',
    message: `malformed upstream response: ${detail}`,
    retryable: true,
  };
}

/**
 * Pulls a human message out of an error body in any of the common shapes
 * (`{error:{message}}`, `{error:"..."}`, `{message}`, `[{error:{message}}]`), else a short excerpt.
 */
export function upstreamErrorMessage(bodyText: string): string {
  try {
    let body: unknown = JSON.parse(bodyText);
    if (Array.isArray(body)) body = body[0];
    if (body && typeof body === 'object') {
      const b = body as { error?: unknown; message?: unknown; detail?: unknown };
      if (b.error && typeof b.error === 'object' && typeof (b.error as { message?: unknown }).message === 'string')
        return (b.error as { message: string }).message;
      if (typeof b.error === 'string') return b.error;
      if (typeof b.message === 'string') return b.message;
      if (typeof b.detail === 'string') return b.detail;
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  const text = bodyText.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
