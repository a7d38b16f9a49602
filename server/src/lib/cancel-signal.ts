/**
 * The part of AbortSignal that the gateway's upstream transports use. A real AbortSignal fits it
 * (the provider test uses AbortSignal.timeout); the hot path uses {@link ClientGoneSignal}.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Fires once, when the client of a gateway request goes away before its answer is complete.
 * One per request: an AbortController costs several times more to create and to listen on
 * (Node's EventTarget), and it was a measurable share of the gateway's CPU per request. undici
 * accepts any object with `aborted`, `reason` and add/removeEventListener as a request's signal.
 */
export class ClientGoneSignal implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> | null = null;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  }

  /** Marks the signal aborted and calls each listener once; a throwing listener does not stop the rest. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException('The client closed the connection.', 'AbortError');
    const listeners = this.listeners;
    this.listeners = null;
    for (const listener of listeners ?? []) {
      try {
        listener();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
