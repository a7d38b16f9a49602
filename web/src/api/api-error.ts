/** An answer of the /api that was not 2xx, carrying the server's error code (e.g. mfa_required). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** Every problem of a rejected body (path → what is wrong), when the server listed them. */
  readonly problems: ReadonlyArray<{ path: string; problem: string }>;

  constructor(
    status: number,
    code: string,
    message: string,
    requestId: string | null = null,
    problems: ReadonlyArray<{ path: string; problem: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.problems = problems;
  }
}

/** Reads `{ error: { code, message, requestId } }` from a failed response (or makes one up). */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const error = (
    body as { error?: { code?: unknown; message?: unknown; requestId?: unknown; problems?: unknown } } | null
  )?.error;
  const problems = Array.isArray(error?.problems)
    ? (error.problems as unknown[]).filter(
        (p): p is { path: string; problem: string } =>
          typeof (p as { path?: unknown } | null)?.path === 'string' &&
          typeof (p as { problem?: unknown } | null)?.problem === 'string',
      )
    : [];
  return new ApiError(
    res.status,
    typeof error?.code === 'string' ? error.code : `http_${res.status}`,
    typeof error?.message === 'string' ? error.message : res.statusText || `HTTP ${res.status}`,
    typeof error?.requestId === 'string' ? error.requestId : res.headers.get('x-request-id'),
    problems,
  );
}
