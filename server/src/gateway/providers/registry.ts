import { anthropicAdapter } from './anthropic/index.ts';
import { geminiAdapter } from './gemini/index.ts';
import { mockAdapter } from './mock/index.ts';
import { openaiCompatibleAdapter } from './openai-compatible/index.ts';
import { openaiAdapter } from './openai/index.ts';
import type { ProviderAdapter, ProviderKind } from './types.ts';

/** Every provider adapter by kind. The pipeline looks adapters up here and nowhere else. */
export const providerAdapters: Record<ProviderKind, ProviderAdapter> = {
  openai: openaiAdapter,
  'openai-compatible': openaiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  mock: mockAdapter,
};
