import type { Transport, UpstreamRequest, UpstreamResponse } from '../types.ts';
import type { CancelSignal } from '../../../lib/cancel-signal.ts';
import { respond } from './responder.ts';
import type { MockReply } from './responder.ts';
import type { MockSettings } from './settings.ts';

/**
 * Waits `ms`, or less when a signal fires first. Resolves true when the time elapsed, false when
 * cut short; either way the timer and listeners are gone when it settles.
 */
export function pause(ms: number, ...signals: CancelSignal[]): Promise<boolean> {
  if (signals.some((s) => s.aborted)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (elapsed: boolean) => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', stop);
      resolve(elapsed);
    };
    const stop = () => settle(false);
    const timer = setTimeout(() => settle(true), ms);
    for (const s of signals) s.addEventListener('abort', stop, { once: true });
  });
}

/** What an aborted call rejects with: the signal's reason, or an AbortError like fetch's. */
function abortError(signal: CancelSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** The path (and query) of a URL, e.g. `/v1/chat/completions` of `http://mock.invalid/v1/chat/completions`. */
function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  const slash = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
  return slash === -1 ? '/' : url.slice(slash);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A reply as an UpstreamResponse whose body writes `intervalMs` apart. The caller's abort makes
 * the body throw an AbortError; dispose() ends it quietly; either clears the pending timer at once.
 */
function toResponse(reply: MockReply, signal: CancelSignal): UpstreamResponse {
  const disposal = new AbortController();
  async function* body(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < reply.parts.length; i++) {
      if (i > 0 && reply.intervalMs > 0) await pause(reply.intervalMs, signal, disposal.signal);
      if (signal.aborted) throw abortError(signal);
      if (disposal.signal.aborted) return;
      yield encoder.encode(reply.parts[i]);
    }
  }
  const stream = body();
  return {
    status: reply.status,
    headers: { ...reply.headers },
    body: stream,
    async text() {
      let text = '';
      for await (const bytes of stream) text += decoder.decode(bytes, { stream: true });
      return text + decoder.decode();
    },
    dispose() {
      disposal.abort();
      void stream.return(undefined);
    },
  };
}

/**
 * An in-process Transport speaking the OpenAI protocol (see respond()): no network, no sockets.
 * Honours the signal: an abort during the first-token delay rejects send(), an abort mid-stream
 * makes the body throw, and no timer outlives either. `defaults` sit under the per-request settings.
 */
export function createMockTransport(defaults: MockSettings = {}): Transport {
  return {
    async send(request: UpstreamRequest, { signal }: { signal: CancelSignal }): Promise<UpstreamResponse> {
      if (signal.aborted) throw abortError(signal);
      const reply = respond(
        { method: request.method, path: pathOf(request.url), headers: request.headers, body: request.body ?? '' },
        defaults,
      );
      if (reply.ttftMs > 0 && !(await pause(reply.ttftMs, signal))) throw abortError(signal);
      return toResponse(reply, signal);
    },
  };
}

/** The transport of the built-in mock provider. */
export const mockTransport: Transport = createMockTransport();
