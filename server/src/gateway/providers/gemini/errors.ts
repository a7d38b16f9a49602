// Google error bodies → classified upstream errors. Google answers `{ error: { code, message,
// status, details } }`, wrapped in a one-element array on some endpoints.
import { classifyUpstreamStatus, upstreamErrorMessage } from '../upstream-errors.ts';
import type { UpstreamError } from '../types.ts';
import { redactGoogleKeys } from './wire.ts';

/** ErrorInfo reasons that mean our provider credential is bad, whatever HTTP status came with them. */
const CREDENTIAL_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED']);

/** The `details[].reason` values of a Google error body (empty when there are none or it is not JSON). */
function errorReasons(bodyText: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  if (Array.isArray(body)) body = body[0];
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const details = typeof error === 'object' && error !== null ? (error as { details?: unknown }).details : undefined;
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    const reason = typeof d === 'object' && d !== null ? (d as { reason?: unknown }).reason : undefined;
    return typeof reason === 'string' ? [reason] : [];
  });
}

/**
 * Upstream non-2xx (status + raw body) → classified error; never throws. Gemini answers a bad API
 * key with 400 INVALID_ARGUMENT: that is our credential, not the client's request, so it is
 * classified as the 401 it means (→ 502 upstream_auth_failed, the client's key is fine).
 */
export function geminiErrorResponse(status: number, bodyText: string): UpstreamError {
  const message = redactGoogleKeys(upstreamErrorMessage(bodyText));
  if (errorReasons(bodyText).some((r) => CREDENTIAL_REASONS.has(r))) {
    return { ...classifyUpstreamStatus(401, message), upstreamStatus: status };
  }
  return classifyUpstreamStatus(status, message);
}
