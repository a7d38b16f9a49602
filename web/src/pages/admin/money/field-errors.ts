import { ApiError } from '../../../api/api-error.ts';

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
