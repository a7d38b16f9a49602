import type { ProviderAdapter } from '../types.ts';
import { classifyAnthropicError } from './errors.ts';
import { buildMessagesRequest } from './request.ts';
import { parseMessagesResponse } from './response.ts';
import { AnthropicStreamTransformer } from './stream.ts';

/** The native Anthropic Messages API adapter; JSON mode is emulated with a system instruction. */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  capabilities: { embeddings: false, tools: true, images: true, jsonMode: true, streamUsage: 'always' },
  defaultBaseUrl: 'https://api.anthropic.com/v1',
  chatRequest: buildMessagesRequest,
  chatResponse: parseMessagesResponse,
  streamTransformer: (ctx) => new AnthropicStreamTransformer(ctx),
  errorResponse: classifyAnthropicError,
};
