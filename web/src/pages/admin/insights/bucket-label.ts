import type { Language } from '../../../i18n/translate.ts';
import type { Granularity } from './ranges.ts';
import type { IsoDate } from '../../../lib/zoned-time.ts';

const LOCALE: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

/** A local date as "23 Nov 2026" / "23. Nov. 2026" (read as a calendar date, never shifted by a zone). */
export function formatDate(date: IsoDate, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * A bucket of the time series as people say it: the date for a day, "Week of <Monday>" for a
 * week (via `week`, the translated template), "November 2026" for a month.
 */
export function formatBucket(
  bucket: IsoDate,
  granularity: Granularity,
  lang: Language,
  week: (date: string) => string,
): string {
  if (granularity === 'day') return formatDate(bucket, lang);
  if (granularity === 'week') return week(formatDate(bucket, lang));
  return new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${bucket}T00:00:00Z`),
  );
}
