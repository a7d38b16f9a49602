import type { ProviderAdapter, ProviderTarget } from '../types.ts';
import { buildChatRequest, buildEmbeddingsRequest, protocolHeaders } from './request.ts';
import { openaiErrorResponse, parseChatCompletion, parseEmbeddings } from './response.ts';
import { parseOpenAiSettings } from './settings.ts';
import { createOpenAiStreamTransformer } from './stream.ts';

/** OpenAI's headers: bearer key, the admin's extra headers, and organization/project routing. */
function openaiHeaders(target: ProviderTarget, stream: boolean): Record<string, string> {
  const settings = parseOpenAiSettings(target.settings);
  const headers = protocolHeaders(target.apiKey, settings.headers, stream);
  if (settings.organization !== undefined) headers['openai-organization'] = settings.organization;
  if (settings.project !== undefined) headers['openai-project'] = settings.project;
  return headers;
}

/** The OpenAI provider: the canonical shapes are its own, so the transforms mostly validate. */
export const openaiAdapter: ProviderAdapter = {
  kind: 'openai',
  capabilities: { embeddings: true, tools: true, images: true, jsonMode: true, streamUsage: 'request' },
  defaultBaseUrl: 'https://api.openai.com/v1',
  chatRequest: (target, request) =>
    buildChatRequest(target.baseUrl, openaiHeaders(target, request.stream === true), request, 'include'),
  chatResponse: parseChatCompletion,
  streamTransformer: createOpenAiStreamTransformer,
  embeddingsRequest: (target, request) => buildEmbeddingsRequest(target.baseUrl, openaiHeaders(target, false), request),
  embeddingsResponse: parseEmbeddings,
  errorResponse: openaiErrorResponse,
};
