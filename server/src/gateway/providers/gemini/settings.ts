import { z } from 'zod';
import { extraHeadersSchema, settingsParser } from '../openai/settings.ts';

/** Settings of a `gemini` provider: extra headers sent with every call (e.g. a proxy's routing header). */
export const geminiSettingsSchema = z.strictObject({
  headers: extraHeadersSchema,
});

/** Parsed settings of a `gemini` provider. */
export type GeminiSettings = z.infer<typeof geminiSettingsSchema>;

/** Validates `gemini` provider settings (cached per settings object); throws provider_misconfigured. */
export const parseGeminiSettings = settingsParser('gemini', geminiSettingsSchema);
