import { ApiError } from '../../../api/api-error.ts';
import type { ImportProblem } from '../../../api/catalog-types.ts';

/**
 * The field a server message names and the rest of it: the API starts a field's problem with its
 * path ("baseUrl: …", "customPatterns.1.pattern: …"), so the page can show it at that field.
 * `path` is null when the message names none.
 */
export function splitFieldError(message: string): { path: string | null; text: string } {
  const match = /^([A-Za-z][\w-]*(?:(?:\.\w[\w-]*)|\[\d+\])*): ([\s\S]+)$/.exec(message);
  return match ? { path: match[1]!, text: match[2]! } : { path: null, text: message };
}

/** The import document's problems in a failed import: each named by its JSON path. */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid_request') return [];
  // The answer's error lists every problem; a client that keeps the body's extra fields hands them on.
  const listed = (error as ApiError & { problems?: unknown }).problems;
  if (Array.isArray(listed) && listed.length > 0)
    return listed.filter(
      (p): p is ImportProblem =>
        typeof p === 'object' && p !== null && typeof p.path === 'string' && typeof p.problem === 'string',
    );
  // Otherwise the message names the first: "The document has 2 problems; nothing was changed. First: models[1].alias: …".
  const first = /First: ([\s\S]+)$/.exec(error.message);
  if (!first) return [];
  const { path, text } = splitFieldError(first[1]!);
  return path ? [{ path, problem: text }] : [];
}

/** The entry a problem path points into ("models[3]", "access.rules[0]"), or '' for the document itself. */
export function entryOf(path: string): string {
  return /^(?:providers|models|access\.rules)\[\d+\]/.exec(path)?.[0] ?? '';
}
