import { ApiError, toApiError } from './api-error.ts';
import type { Session } from './types.ts';

/** How the client reaches the network; a test passes a fake. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of one API call. */
export interface CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** Public endpoints (sign-in, invitation accept) send no bearer token and never refresh. */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** The Accept header (JSON unless said otherwise, e.g. text/event-stream or text/csv). */
  accept?: string;
}

/** The query string of `query`, leaving out empty values. */
export function queryString(query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The client of Gatehouse's /api. Holds the short-lived access token in memory only; the refresh
 * token lives in an httpOnly cookie the browser sends to /api/auth. A 401 triggers one refresh —
 * single-flight, so ten parallel calls that all meet an expired token cause one refresh — and the
 * call is retried once with the new token. When refreshing fails, `onSignedOut` fires.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<Session | null> | null = null;
  private readonly fetchImpl: Fetch;
  /** Called when the session is gone for good (refresh refused): the app shows the sign-in page. */
  onSignedOut: () => void = () => {};

  constructor(fetchImpl: Fetch = (input, init) => fetch(input, init)) {
    this.fetchImpl = fetchImpl;
  }

  /** Remembers the token of a session just started (sign-in, invitation accept). */
  setSession(session: Pick<Session, 'accessToken'> | null): void {
    this.accessToken = session?.accessToken ?? null;
  }

  /** Whether an access token is held (it may still have expired). */
  get hasToken(): boolean {
    return this.accessToken !== null;
  }

  /** Calls `/api{path}`; returns the parsed JSON body (undefined for 204). Throws ApiError. */
  async call<T>(path: string, options: CallOptions = {}): Promise<T> {
    const res = await this.raw(path, options);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /**
   * Calls `/api{path}` like `call` (token, one refresh on 401, ApiError on failure) but hands back
   * the successful Response unread: for streamed answers (SSE, CSV downloads).
   */
  async raw(path: string, options: CallOptions = {}): Promise<Response> {
    if (!options.anonymous && !this.accessToken && !(await this.refresh()))
      throw new ApiError(401, 'missing_credentials', 'Not signed in.');
    let res = await this.send(path, options);
    if (res.status === 401 && !options.anonymous) {
      const session = await this.refresh();
      if (!session) throw await toApiError(res);
      res = await this.send(path, options);
    }
    if (!res.ok) throw await toApiError(res);
    return res;
  }

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers share one request.
   * Resolves null (and signals sign-out) when there is no valid session.
   */
  refresh(): Promise<Session | null> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Ends the session on the server (cookie cleared) and forgets the token. */
  async signOut(): Promise<void> {
    try {
      await this.send('/auth/logout', { method: 'POST', body: {}, anonymous: true });
    } finally {
      this.accessToken = null;
    }
  }

  private async doRefresh(): Promise<Session | null> {
    const res = await this.send('/auth/refresh', { method: 'POST', body: {}, anonymous: true });
    if (!res.ok) {
      const hadSession = this.accessToken !== null;
      this.accessToken = null;
      if (hadSession) this.onSignedOut();
      return null;
    }
    const session = (await res.json()) as Session;
    this.accessToken = session.accessToken;
    return session;
  }

  private send(path: string, options: CallOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (!options.anonymous && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    return this.fetchImpl(`/api${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    }).catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : 'Network error');
    });
  }
}

/** The one client of this page. */
export const api = new ApiClient();
