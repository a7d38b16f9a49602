import { z } from 'zod';
import { AppError } from '../../../errors.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Framing and hop-by-hop headers belong to the transport; an admin may not set them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'content-type']);

/** Extra request headers an admin may add to every upstream call (e.g. a proxy's routing header). */
export const extraHeadersSchema = z
  .record(z.string(), z.string().regex(/^[^\r\n]*$/, 'must not contain line breaks'))
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'is not an HTTP header name' });
      else if (RESERVED_HEADERS.has(name.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set by the gateway itself' });
    }
  })
  .optional();

/** Settings of an `openai` provider: organization/project routing headers and extra headers. */
export const openaiSettingsSchema = z.strictObject({
  organization: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  headers: extraHeadersSchema,
});

/** Parsed settings of an `openai` provider. */
export type OpenAiSettings = z.infer<typeof openaiSettingsSchema>;

/** Names every problem of a failed settings parse, e.g. `chunks: Too big: expected number to be <=10000`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; ');
}

/**
 * A settings parser for one provider kind: validates with `schema`, caches the result per settings
 * object (the hot path parses once, not per request) and throws `provider_misconfigured` naming
 * every bad value.
 */
export function settingsParser<T>(kind: string, schema: z.ZodType<T>): (settings: unknown) => T {
  const cache = new WeakMap<object, T>();
  return (settings) => {
    const key = settings !== null && typeof settings === 'object' ? settings : undefined;
    if (key !== undefined) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
    }
    const result = schema.safeParse(settings ?? {});
    if (!result.success) {
      throw new AppError(
        'provider_misconfigured',
        `invalid ${kind} provider settings: ${describeIssues(result.error)}`,
      );
    }
    if (key !== undefined) cache.set(key, result.data);
    return result.data;
  };
}

/** Validates `openai` provider settings (cached per settings object); throws provider_misconfigured. */
export const parseOpenAiSettings = settingsParser('openai', openaiSettingsSchema);
