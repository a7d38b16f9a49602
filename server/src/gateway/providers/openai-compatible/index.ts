import { AppError } from '../../../errors.ts';
import type { ProviderAdapter, ProviderTarget } from '../types.ts';
import { buildChatRequest, buildEmbeddingsRequest, protocolHeaders } from '../openai/request.ts';
import { openaiErrorResponse, parseChatCompletion, parseEmbeddings } from '../openai/response.ts';
import { parseOpenAiCompatibleSettings } from './settings.ts';
import { createCompatibleStreamTransformer } from './stream.ts';

/** The base URL the admin gave; this kind has no default, so a missing one is a misconfiguration. */
function baseUrlOf(target: ProviderTarget): string {
  if (!target.baseUrl) throw new AppError('provider_misconfigured', 'an openai-compatible provider needs a base URL');
  return target.baseUrl;
}

/**
 * Any OpenAI-compatible server (OpenRouter, Mistral, Scaleway, Ollama, vLLM, llama.cpp): the OpenAI
 * adapter's transforms, with no default base URL, an optional key (no Authorization header
 * without one), no OpenAI-Organization headers, and the stream quirks of such servers.
 */
export const openaiCompatibleAdapter: ProviderAdapter = {
  kind: 'openai-compatible',
  capabilities: { embeddings: true, tools: true, images: true, jsonMode: true, streamUsage: 'request' },
  defaultBaseUrl: null,
  chatRequest(target, request) {
    const settings = parseOpenAiCompatibleSettings(target.settings);
    const headers = protocolHeaders(target.apiKey, settings.headers, request.stream === true);
    return buildChatRequest(baseUrlOf(target), headers, request, settings.streamUsage === false ? 'omit' : 'include');
  },
  chatResponse: parseChatCompletion,
  streamTransformer: createCompatibleStreamTransformer,
  embeddingsRequest(target, request) {
    const settings = parseOpenAiCompatibleSettings(target.settings);
    return buildEmbeddingsRequest(baseUrlOf(target), protocolHeaders(target.apiKey, settings.headers, false), request);
  },
  embeddingsResponse: parseEmbeddings,
  errorResponse: openaiErrorResponse,
};
