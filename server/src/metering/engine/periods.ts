/** A budget period: calendar-aligned in the org's timezone, or the whole lifetime ('total'). */
export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

/** Day a week starts on: 0 = Sunday, 1 = Monday, … 6 = Saturday (as `Date#getUTCDay`). */
export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * One period instance. `key` names it inside counter names ('d:2026-03-29', 'w:2026-03-23' = the
 * local date the week starts on, 'm:2026-03', 'total'); `start` is inclusive, `end` exclusive and
 * null for 'total'. Both are real instants, so a Berlin day lasts 23, 24 or 25 hours.
 */
export interface PeriodWindow {
  key: string;
  start: Date;
  end: Date | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: constructing Intl.DateTimeFormat costs far more than using it. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `t`, read back as if it were UTC (ms, whole seconds). */
function wallClockAsUtc(t: number, timeZone: string): number {
  const v = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(t)) {
    if (part.type in v) v[part.type as keyof typeof v] = Number(part.value);
  }
  return Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
}

/** Offset of `timeZone` from UTC at instant `t`, in ms (Berlin in summer: +7 200 000). */
function offsetMs(t: number, timeZone: string): number {
  return wallClockAsUtc(t, timeZone) - (t - (((t % 1000) + 1000) % 1000));
}

/** The local calendar date at instant `t`. */
function localDate(t: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockAsUtc(t, timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** Calendar arithmetic on dates alone (no zone): day 0 or 32 roll over as Date.UTC does. */
function addDays({ y, m, d }: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function ordinal({ y, m, d }: LocalDate): number {
  return y * 10_000 + m * 100 + d;
}

/**
 * The first instant whose local date in `timeZone` is `date`: local midnight, or — where a DST
 * change skips midnight (America/Santiago, Asia/Beirut) — the instant of the jump.
 */
function startOfLocalDate(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d);
  // Midnight lies within ±14 h of `wall`; no zone changes its offset twice in two days.
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((dt) => offsetMs(wall + dt, timeZone)))];
  let best: number | null = null;
  for (const o of offsets) {
    const t = wall - o;
    if (offsetMs(t, timeZone) === o && (best === null || t < best)) best = t;
  }
  if (best !== null) return best;
  // Midnight does not exist: binary-search the jump (local dates never run backwards).
  const target = ordinal(date);
  let lo = wall - Math.max(...offsets); // still the day before
  let hi = wall - Math.min(...offsets); // already `date`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ordinal(localDate(mid, timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDate({ y, m, d }: LocalDate): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

interface CachedWindow {
  key: string;
  start: number;
  end: number | null;
}

function computeWindow(period: BudgetPeriod, at: number, timeZone: string, weekStartsOn: WeekStart): CachedWindow {
  if (period === 'total') return { key: 'total', start: 0, end: null };
  const today = localDate(at, timeZone);
  let first: LocalDate;
  let next: LocalDate;
  let key: string;
  if (period === 'day') {
    first = today;
    next = addDays(today, 1);
    key = `d:${isoDate(first)}`;
  } else if (period === 'week') {
    const weekday = new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay();
    first = addDays(today, -((weekday - weekStartsOn + 7) % 7));
    next = addDays(first, 7);
    key = `w:${isoDate(first)}`;
  } else {
    first = { y: today.y, m: today.m, d: 1 };
    next = today.m === 12 ? { y: today.y + 1, m: 1, d: 1 } : { y: today.y, m: today.m + 1, d: 1 };
    key = `m:${pad(first.y, 4)}-${pad(first.m)}`;
  }
  return { key, start: startOfLocalDate(first, timeZone), end: startOfLocalDate(next, timeZone) };
}

/** Last window handed out per (period, zone, week start): the hot path asks with `at` inside it. */
const recent = new Map<string, CachedWindow>();

/**
 * The budget period containing `at`, aligned to the calendar of the IANA zone `timeZone` (throws
 * RangeError for an unknown zone). Correct across DST changes, using only Intl.DateTimeFormat.
 * O(1) while `at` stays inside the last window asked for (the hot path's usual case).
 */
export function periodWindow(
  period: BudgetPeriod,
  at: Date,
  timeZone: string,
  weekStartsOn: WeekStart = 1,
): PeriodWindow {
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new RangeError(`weekStartsOn must be an integer 0..6, got ${weekStartsOn}`);
  }
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError('periodWindow: invalid date');
  const cacheKey = `${period}|${timeZone}|${weekStartsOn}`;
  let w = recent.get(cacheKey);
  if (!w || t < w.start || (w.end !== null && t >= w.end)) {
    w = computeWindow(period, t, timeZone, weekStartsOn);
    recent.set(cacheKey, w);
  }
  return { key: w.key, start: new Date(w.start), end: w.end === null ? null : new Date(w.end) };
}

/**
 * How long a period's counter should live from `at` (ms): to the end of the period plus a day's
 * grace for reservations that settle late; undefined for 'total' (the counter never expires).
 */
export function periodTtlMs(window: PeriodWindow, at: Date, graceMs: number = DAY_MS): number | undefined {
  if (window.end === null) return undefined;
  return Math.max(1, window.end.getTime() - at.getTime() + graceMs);
}
