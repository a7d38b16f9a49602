// Calendar dates and wall-clock times in the org's time zone, without a date library: Intl knows
// every zone's rules.

/** A calendar date as YYYY-MM-DD. */
export type IsoDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const partsFormats = new Map<string, Intl.DateTimeFormat>();
/** The (cached) formatter that splits an instant into wall-clock parts in `timeZone`. */
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `instantMs` in `timeZone`, read as if it were UTC (ms). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const p = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(instantMs)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** The local date in `timeZone` at `instant`. */
export function localDate(instant: Date | number, timeZone: string): IsoDate {
  return new Date(wallClockMs(typeof instant === 'number' ? instant : instant.getTime(), timeZone))
    .toISOString()
    .slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * The instant local midnight starts `date` in `timeZone`. The zone's offset is read at the guess
 * and again at the result, so a day that begins next to a daylight-saving change still lands on
 * its true first instant (zones only shift at 01:00–03:00, never across midnight twice).
 */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  const first = wall - (wallClockMs(wall, timeZone) - wall);
  const second = wall - (wallClockMs(first, timeZone) - first);
  return new Date(second);
}

/** The Monday of the (ISO) week holding `date`. */
export function mondayOf(date: IsoDate): IsoDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** The first day of the month holding `date`. */
export function monthOf(date: IsoDate): IsoDate {
  return `${date.slice(0, 8)}01`;
}

/** The day after a "YYYY-MM-DD" date (an inclusive "to" date becomes an exclusive bound). */
export function nextDay(date: IsoDate): IsoDate {
  return addDays(date, 1);
}

/** How far `timeZone` is ahead of UTC at instant `ms` (whole seconds), in ms. */
function offsetAt(ms: number, timeZone: string): number {
  return wallClockMs(ms, timeZone) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A wall-clock time typed in the org's zone ("2026-11-30T18:00", or a date "2026-11-30" for its
 * midnight) → the ISO instant, so "until 18:00" means 18:00 in Berlin whatever zone the browser
 * is in. In a DST gap the time moves forward; in the repeated hour the first one counts.
 * Null when the text is not such a time.
 */
export function zonedToIso(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== d) return null;
  // The zone's offsets a few hours either side: around a DST change they differ. The earlier
  // candidate that shows this wall clock wins; in a gap neither does, and the one before moves on.
  const candidates = [asUtc - offsetAt(asUtc - 10_800_000, timeZone), asUtc - offsetAt(asUtc + 10_800_000, timeZone)];
  const shows = (ms: number) =>
    isoToZoned(new Date(ms).toISOString(), timeZone) === isoToZoned(new Date(asUtc).toISOString(), 'UTC');
  const match = candidates.filter(shows).sort((a, b) => a - b)[0];
  return new Date(match ?? candidates[0]!).toISOString();
}

/** An ISO instant as the wall-clock "YYYY-MM-DDTHH:mm" of a zone, for a datetime-local input. */
export function isoToZoned(iso: string, timeZone: string): string {
  return new Date(wallClockMs(Date.parse(iso), timeZone)).toISOString().slice(0, 16);
}
