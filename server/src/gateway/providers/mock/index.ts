import type { ProviderAdapter, ProviderTarget } from '../types.ts';
import { buildChatRequest, buildEmbeddingsRequest, protocolHeaders } from '../openai/request.ts';
import { openaiErrorResponse, parseChatCompletion, parseEmbeddings } from '../openai/response.ts';
import { createOpenAiStreamTransformer } from '../openai/stream.ts';
import { MOCK_SETTINGS_HEADER, parseMockSettings } from './settings.ts';
import type { MockSettings } from './settings.ts';
import { mockTransport } from './transport.ts';

/** The mock's base URL when none is configured; `.invalid` never resolves, so it cannot leak onto the network. */
export const MOCK_BASE_URL = 'http://mock.invalid/v1';

const encoded = new WeakMap<MockSettings, string>();

/** OpenAI headers plus the provider's mock settings (validated; URI-encoded JSON, computed once). */
function mockHeaders(target: ProviderTarget, stream: boolean): Record<string, string> {
  const settings = parseMockSettings(target.settings);
  const headers = protocolHeaders(target.apiKey, undefined, stream);
  if (Object.keys(settings).length === 0) return headers;
  let value = encoded.get(settings);
  if (value === undefined) {
    value = encodeURIComponent(JSON.stringify(settings));
    encoded.set(settings, value);
  }
  headers[MOCK_SETTINGS_HEADER] = value;
  return headers;
}

/**
 * The built-in offline provider: speaks the OpenAI protocol and answers in-process through its
 * own transport, deterministically. Settings: `ttftMs`, `chunks`, `intervalMs`, `text`; per-request
 * hooks by model suffix: `@c<chunks>t<ttftMs>i<intervalMs>`, `@error<status>`, `@cut<n>`.
 */
export const mockAdapter: ProviderAdapter = {
  kind: 'mock',
  capabilities: { embeddings: true, tools: true, images: true, jsonMode: true, streamUsage: 'request' },
  defaultBaseUrl: MOCK_BASE_URL,
  transport: mockTransport,
  chatRequest: (target, request) =>
    buildChatRequest(target.baseUrl || MOCK_BASE_URL, mockHeaders(target, request.stream === true), request, 'include'),
  chatResponse: parseChatCompletion,
  streamTransformer: createOpenAiStreamTransformer,
  embeddingsRequest: (target, request) =>
    buildEmbeddingsRequest(target.baseUrl || MOCK_BASE_URL, mockHeaders(target, false), request),
  embeddingsResponse: parseEmbeddings,
  errorResponse: openaiErrorResponse,
};
