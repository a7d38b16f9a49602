import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
} from '../canonical.ts';
import type { SseEvent } from '../../lib/sse.ts';
import type { CancelSignal } from '../../lib/cancel-signal.ts';

/** The provider kinds Gatehouse ships. Adding one means a new folder and a line in registry.ts. */
export type ProviderKind = 'openai' | 'openai-compatible' | 'anthropic' | 'gemini' | 'mock';

/** Everything an adapter needs to address one upstream call; resolved by the pipeline. */
export interface ProviderTarget {
  /** Base URL without trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Decrypted credential; null for keyless providers (local Ollama, mock). */
  apiKey: string | null;
  /** The model name the upstream knows. */
  upstreamModel: string;
  /** Per-provider options stored with the provider (validated by the adapter's settings schema). */
  settings: Record<string, unknown>;
}

/** An HTTP request to send upstream; built by a pure function, sent by a Transport. */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a Transport returns: status, headers and the body as a byte stream. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
  /** Reads the whole body as text (for JSON responses and errors). */
  text(): Promise<string>;
  /** Stops reading and releases the connection (client went away, or we are done early). */
  dispose(): void;
}

/** Sends UpstreamRequests. HTTP for real providers; the mock provider answers in-process. */
export interface Transport {
  send(request: UpstreamRequest, options: { signal: CancelSignal }): Promise<UpstreamResponse>;
}

/** What the pipeline may ask of a provider. The pipeline branches on these, never on the kind. */
export interface ProviderCapabilities {
  embeddings: boolean;
  tools: boolean;
  images: boolean;
  jsonMode: boolean;
  /**
   * How usage arrives in a stream: 'request' = only when asked (the adapter sets
   * stream_options.include_usage itself); 'always' = the provider always sends it; 'never' = count locally.
   */
  streamUsage: 'request' | 'always' | 'never';
}

/** An error the upstream returned (or a body we could not understand), already classified. */
export interface UpstreamError {
  /** HTTP status to answer the client with (upstream 5xx → 502, timeouts → 504, 4xx kept). */
  status: number;
  /** Stable error code, e.g. `upstream_rate_limited`, `upstream_bad_request`, `upstream_malformed`. */
  code: string;
  /** A message safe to show the client (no credentials, no upstream URLs with keys). */
  message: string;
  /** Whether another attempt (or a fallback deployment) might succeed. */
  retryable: boolean;
  /** The upstream's HTTP status, when there was one. */
  upstreamStatus?: number;
}

/** Thrown by adapter transforms when the upstream body does not have the promised shape. */
export class ProviderProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderProtocolError';
  }
}

/**
 * Translates one upstream stream into canonical chunks. Stateful, one per request; each call is
 * pure with respect to the outside world (no I/O, no clock beyond `created`).
 */
export interface StreamTransformer {
  /** One upstream SSE event in, zero or more canonical chunks out. Throws ProviderProtocolError. */
  push(event: SseEvent): ChatCompletionChunk[];
  /**
   * The upstream stream ended. `complete` is false when it stopped before its terminal event
   * (cut off midway); the chunks are whatever could still be emitted (e.g. a final usage chunk).
   */
  end(): { chunks: ChatCompletionChunk[]; complete: boolean };
  /** The upstream reported an error inside the stream (e.g. Anthropic's `error` event), if any. */
  error(): UpstreamError | null;
}

/** Context the pipeline passes to transforms. */
export interface TransformContext {
  /** A `chatcmpl-…` id to use where the upstream gives none; pipeline-generated per request. */
  id: string;
  /** Unix seconds, for `created`. */
  created: number;
}

/** A provider adapter: data plus small pure transforms. */
export interface ProviderAdapter {
  kind: ProviderKind;
  capabilities: ProviderCapabilities;
  /** Base URL when the admin gives none (null: a base URL is required). */
  defaultBaseUrl: string | null;
  /** The in-process transport for providers that need no network (the mock); HTTP otherwise. */
  transport?: Transport;

  /**
   * Builds the upstream request for a chat completion. `request.model` is already the upstream
   * model. For streams the adapter asks for usage where the provider needs asking.
   */
  chatRequest(target: ProviderTarget, request: ChatRequest): UpstreamRequest;
  /** Upstream 2xx JSON body → canonical completion. Throws ProviderProtocolError when malformed. */
  chatResponse(body: unknown, ctx: TransformContext): ChatCompletion;
  /** A new transformer for one streamed answer. */
  streamTransformer(ctx: TransformContext): StreamTransformer;

  embeddingsRequest?(target: ProviderTarget, request: EmbeddingsRequest): UpstreamRequest;
  embeddingsResponse?(body: unknown, request: EmbeddingsRequest): EmbeddingsResponse;

  /** Upstream non-2xx (status + raw body text) → classified error. Never throws. */
  errorResponse(status: number, bodyText: string): UpstreamError;
}
