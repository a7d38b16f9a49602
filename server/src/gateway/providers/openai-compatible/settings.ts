import { z } from 'zod';
import { extraHeadersSchema, settingsParser } from '../openai/settings.ts';

/**
 * Settings of an `openai-compatible` provider: extra headers (e.g. OpenRouter's `HTTP-Referer`,
 * or an `api-key` header for servers that do not take bearer auth), and `streamUsage`: whether to
 * send `stream_options.include_usage` (default true; false for servers that reject stream_options).
 */
export const openaiCompatibleSettingsSchema = z.strictObject({
  headers: extraHeadersSchema,
  streamUsage: z.boolean().optional(),
});

/** Parsed settings of an `openai-compatible` provider. */
export type OpenAiCompatibleSettings = z.infer<typeof openaiCompatibleSettingsSchema>;

/** Validates `openai-compatible` settings (cached per settings object); throws provider_misconfigured. */
export const parseOpenAiCompatibleSettings = settingsParser('openai-compatible', openaiCompatibleSettingsSchema);
