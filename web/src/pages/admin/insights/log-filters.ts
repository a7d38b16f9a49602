import { addDays, isIsoDate, startOfLocalDay } from '../../../lib/zoned-time.ts';

/** The usage log's filters as they stand in the URL (empty = any). Dates are local to the org. */
export const LOG_FILTERS = ['from', 'to', 'departmentId', 'userId', 'keyId', 'model', 'status'] as const;
/** One filter's name. */
export type LogFilter = (typeof LOG_FILTERS)[number];

/** The status filter's choices: the API takes 'ok', 'error' or an exact code. */
export const STATUS_CHOICES = ['ok', 'error', '400', '401', '402', '403', '404', '429', '500', '502', '503', '504'];

/** The query of GET /api/usage (and its CSV export) for the filters, or which date field is wrong. */
export function logQuery(
  f: Record<LogFilter, string>,
  timeZone: string,
): { ok: true; query: Record<string, string> } | { ok: false; field: 'from' | 'to' } {
  if (f.from && !isIsoDate(f.from)) return { ok: false, field: 'from' };
  if (f.to && !isIsoDate(f.to)) return { ok: false, field: 'to' };
  if (f.from && f.to && f.from > f.to) return { ok: false, field: 'to' };
  const query: Record<string, string> = {};
  // The "to" date is inclusive for people: the listing runs up to the local midnight after it.
  if (f.from) query.from = startOfLocalDay(f.from, timeZone).toISOString();
  if (f.to) query.to = startOfLocalDay(addDays(f.to, 1), timeZone).toISOString();
  for (const name of ['departmentId', 'userId', 'keyId', 'model', 'status'] as const)
    if (f[name]) query[name] = f[name];
  return { ok: true, query };
}
