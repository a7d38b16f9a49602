// Google's native Gemini API (generativelanguage v1beta), translated to and from the canonical
// OpenAI shapes. Data here; the transforms live in the files beside it.
import type { ProviderAdapter } from '../types.ts';
import { geminiEmbeddingsRequest, geminiEmbeddingsResponse } from './embeddings.ts';
import { geminiErrorResponse } from './errors.ts';
import { geminiChatRequest } from './request.ts';
import { geminiChatResponse } from './response.ts';
import { GeminiStreamTransformer } from './stream.ts';

/** The Gemini adapter: usage always arrives in streams (usageMetadata on every event). */
export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',
  capabilities: { embeddings: true, tools: true, images: true, jsonMode: true, streamUsage: 'always' },
  defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  chatRequest: geminiChatRequest,
  chatResponse: geminiChatResponse,
  streamTransformer: (ctx) => new GeminiStreamTransformer(ctx),
  embeddingsRequest: geminiEmbeddingsRequest,
  embeddingsResponse: geminiEmbeddingsResponse,
  errorResponse: geminiErrorResponse,
};
