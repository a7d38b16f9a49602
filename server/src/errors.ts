/**
 * The closed set of error codes Gatehouse answers with, each bound to one HTTP status and, for
 * the OpenAI-shaped /v1 renderer, one OpenAI error `type`. Adding a code means adding a row here.
 */
export const ERROR_TABLE = {
  invalid_json: { status: 400, type: 'invalid_request_error' },
  invalid_request: { status: 400, type: 'invalid_request_error' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  model_not_allowed: { status: 403, type: 'permission_error' },
  unsupported_capability: { status: 400, type: 'invalid_request_error' },
  privacy_blocked: { status: 422, type: 'invalid_request_error' },
  privacy_unavailable: { status: 503, type: 'api_error' },
  missing_api_key: { status: 401, type: 'authentication_error' },
  invalid_api_key: { status: 401, type: 'authentication_error' },
  revoked_api_key: { status: 401, type: 'authentication_error' },
  expired_api_key: { status: 401, type: 'authentication_error' },
  org_suspended: { status: 403, type: 'permission_error' },
  missing_credentials: { status: 401, type: 'authentication_error' },
  invalid_credentials: { status: 401, type: 'authentication_error' },
  session_expired: { status: 401, type: 'authentication_error' },
  mfa_required: { status: 401, type: 'authentication_error' },
  mfa_invalid: { status: 401, type: 'authentication_error' },
  mfa_enrollment_required: { status: 403, type: 'permission_error' },
  insufficient_scope: { status: 403, type: 'permission_error' },
  forbidden: { status: 403, type: 'permission_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  conflict: { status: 409, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  budget_exceeded: { status: 402, type: 'insufficient_quota' },
  model_unpriced: { status: 403, type: 'permission_error' },
  credits_exhausted: { status: 402, type: 'insufficient_quota' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  upstream_bad_request: { status: 400, type: 'invalid_request_error' },
  upstream_auth_failed: { status: 502, type: 'api_error' },
  upstream_not_found: { status: 502, type: 'api_error' },
  upstream_payload_too_large: { status: 413, type: 'invalid_request_error' },
  upstream_rate_limited: { status: 429, type: 'rate_limit_error' },
  upstream_overloaded: { status: 503, type: 'api_error' },
  upstream_error: { status: 502, type: 'api_error' },
  upstream_malformed: { status: 502, type: 'api_error' },
  upstream_timeout: { status: 504, type: 'api_error' },
  upstream_unreachable: { status: 502, type: 'api_error' },
  provider_misconfigured: { status: 502, type: 'api_error' },
  service_unavailable: { status: 503, type: 'api_error' },
  client_closed_request: { status: 499, type: 'invalid_request_error' },
  internal_error: { status: 500, type: 'api_error' },
} as const satisfies Record<string, { status: number; type: string }>;

/** One of the closed set of error codes. */
export type ErrorCode = keyof typeof ERROR_TABLE;

/** True when `code` is one of ours (upstream-classified codes arrive as plain strings). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_TABLE, code);
}

/**
 * An error meant for the client: its code decides the status; its message is shown as is, so it
 * must name what was wrong and never carry secrets. Thrown only at the HTTP edge.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { param?: string; headers?: Record<string, string>; status?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = options.status ?? ERROR_TABLE[code].status;
  }
}

/** OpenAI's error body, for /v1 routes, so SDKs raise their usual exceptions. */
export function renderOpenAiError(error: AppError): {
  error: { message: string; type: string; param: string | null; code: string };
} {
  return {
    error: {
      message: error.message,
      type: ERROR_TABLE[error.code].type,
      param: error.options.param ?? null,
      code: error.code,
    },
  };
}

/** Our error body, for the workspace and admin API. */
export function renderApiError(
  error: AppError,
  requestId: string,
): { error: { code: string; message: string; requestId: string } } {
  return { error: { code: error.code, message: error.message, requestId } };
}
