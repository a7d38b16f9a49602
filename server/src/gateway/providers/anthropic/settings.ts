import { z } from 'zod';
import { AppError } from '../../../errors.ts';

/** Per-provider options an admin may set on an Anthropic provider; all optional. */
export const anthropicSettingsSchema = z.object({
  version: z.string().min(1).optional().describe('anthropic-version header; default 2023-06-01'),
  beta: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .optional()
    .describe('anthropic-beta header value(s), e.g. "prompt-caching-2024-07-31"'),
  defaultMaxTokens: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('max_tokens sent when the client gives none (Anthropic requires it); default 4096'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra headers sent with every request'),
});

/** The validated Anthropic provider settings. */
export type AnthropicSettings = z.infer<typeof anthropicSettingsSchema>;

/** Default `anthropic-version` header value. */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Default max_tokens when neither the client nor the provider settings give one. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Validates stored settings; a bad value is the admin's mistake, so it is a 502 provider_misconfigured. */
export function readAnthropicSettings(settings: Record<string, unknown>): AnthropicSettings {
  const parsed = anthropicSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'settings';
  throw new AppError(
    'provider_misconfigured',
    `Anthropic provider setting "${where}" is invalid: ${issue?.message ?? 'invalid'}`,
  );
}
