import type { ChatRequest, EmbeddingsRequest } from '../../canonical.ts';
import type { UpstreamRequest } from '../types.ts';

/**
 * What a streamed chat body does with `stream_options`: `include` asks for the usage chunk
 * (keeping the client's other stream options), `omit` drops the field for servers that reject it.
 */
export type StreamUsageMode = 'include' | 'omit';

/** `${baseUrl}${path}`, tolerating a trailing slash on the base URL. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.endsWith('/') ? `${baseUrl.replace(/\/+$/, '')}${path}` : `${baseUrl}${path}`;
}

/**
 * Headers of every OpenAI-protocol call, names lower-cased: JSON content type, the admin's extra
 * headers, then bearer auth when there is a key (ours win over an extra header of the same name).
 */
export function protocolHeaders(
  apiKey: string | null,
  extra: Record<string, string> | undefined,
  stream: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (extra) for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/** The JSON body of a chat completion: the canonical request, with `stream_options` per `mode` on streams. */
export function chatBody(request: ChatRequest, mode: StreamUsageMode): string {
  if (request.stream !== true) return JSON.stringify(request);
  if (mode === 'omit') return JSON.stringify({ ...request, stream_options: undefined });
  return JSON.stringify({ ...request, stream_options: { ...request.stream_options, include_usage: true } });
}

/** A JSON POST, as every OpenAI-protocol call is. */
export function jsonPost(url: string, headers: Record<string, string>, body: string): UpstreamRequest {
  return { method: 'POST', url, headers, body };
}

/** The upstream chat request for any OpenAI-protocol server at `baseUrl`. */
export function buildChatRequest(
  baseUrl: string,
  headers: Record<string, string>,
  request: ChatRequest,
  mode: StreamUsageMode,
): UpstreamRequest {
  return jsonPost(joinUrl(baseUrl, '/chat/completions'), headers, chatBody(request, mode));
}

/** The upstream embeddings request for any OpenAI-protocol server at `baseUrl`. */
export function buildEmbeddingsRequest(
  baseUrl: string,
  headers: Record<string, string>,
  request: EmbeddingsRequest,
): UpstreamRequest {
  return jsonPost(joinUrl(baseUrl, '/embeddings'), headers, JSON.stringify(request));
}
