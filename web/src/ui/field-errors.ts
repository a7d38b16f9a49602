import { ApiError } from '../api/api-error.ts';

/**
 * The field a server message names and the rest of it: the API starts a field's problem with its
 * path ("baseUrl: …", "customPatterns.1.pattern: …", "settings.branding.logoUrl: …"), so the page
 * can show it at that field. `path` is null when the message names none.
 */
export function splitFieldError(message: string): { path: string | null; text: string } {
  const match = /^([A-Za-z][\w-]*(?:(?:\.\w[\w-]*)|\[\d+\])*): ([\s\S]+)$/.exec(message);
  return match ? { path: match[1]!, text: match[2]! } : { path: null, text: message };
}

/**
 * Which form field a server error is about: the API names the field first ("limitAmount: not an
 * amount", "increase.expiresAt: must be in the future", "alertThresholds.2: …"), so its first
 * path segment is looked up among the form's fields (or their aliases: the server's name → the
 * form's). Null when the error names no field of the form (it is then shown above the buttons).
 */
export function errorField<F extends string>(
  error: unknown,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): F | null {
  if (!(error instanceof ApiError)) return null;
  const m = /^([A-Za-z_][\w]*)(?:[.\w]*)?: /.exec(error.message);
  if (!m) return null;
  const name = m[1]!;
  const alias = aliases[name];
  if (alias) return alias;
  return (fields as readonly string[]).includes(name) ? (name as F) : null;
}
