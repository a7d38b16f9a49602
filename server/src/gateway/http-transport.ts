import { errors, type Dispatcher } from 'undici';
import type { CancelSignal } from '../lib/cancel-signal.ts';
import type { Transport, UpstreamRequest, UpstreamResponse, UpstreamError } from './providers/types.ts';

/** Thrown by a transport when no response arrived; carries the classified error. */
export class TransportError extends Error {
  constructor(readonly upstream: UpstreamError) {
    super(upstream.message);
    this.name = 'TransportError';
  }
}

/** Classifies a failure to get a response (connect refused, timeout, SSRF refusal). */
export function classifyTransportFailure(error: unknown): UpstreamError {
  const e = error as { code?: string; message?: string; name?: string };
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return { status: 504, code: 'upstream_timeout', message: 'the provider did not answer in time', retryable: true };
  if (e.code === 'SSRF_BLOCKED' || e.name === 'SsrfError')
    return {
      status: 502,
      code: 'provider_misconfigured',
      message: `the provider address is not allowed: ${e.message}`,
      retryable: false,
    };
  const reason = e.code ?? e.name ?? 'error';
  return {
    status: 502,
    code: 'upstream_unreachable',
    message: `the provider could not be reached (${reason})`,
    retryable: true,
  };
}

/** Sends upstream requests over HTTP with undici (keep-alive pool; SSRF-guarded dispatcher). */
export class HttpTransport implements Transport {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly timeouts: { headersMs: number; bodyMs: number },
  ) {}

  async send(req: UpstreamRequest, options: { signal: CancelSignal }): Promise<UpstreamResponse> {
    let res: Dispatcher.ResponseData;
    try {
      // The dispatcher directly, not undici's top-level request(): no redirect interceptor, which
      // an upstream API call never needs (and which would follow a redirect to another host).
      const url = new URL(req.url);
      res = await this.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: options.signal,
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new TransportError(classifyTransportFailure(error));
    }
    const body = res.body;
    return {
      status: res.statusCode,
      headers: res.headers,
      body,
      text: () => body.text(),
      dispose: () => {
        if (!body.destroyed) body.destroy();
      },
    };
  }
}
