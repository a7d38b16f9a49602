import { ApiError } from '../../../api/api-error.ts';
import type { ImportProblem } from '../../../api/catalog-types.ts';
import { splitFieldError } from '../../../ui/field-errors.ts';

/** The import document's problems in a failed import: each named by its JSON path. */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid_request') return [];
  // The answer's error lists every problem (kept by toApiError); only well-formed ones are shown.
  const listed: readonly unknown[] = error.problems;
  if (listed.length > 0)
    return listed.filter(
      (p): p is ImportProblem =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as ImportProblem).path === 'string' &&
        typeof (p as ImportProblem).problem === 'string',
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
