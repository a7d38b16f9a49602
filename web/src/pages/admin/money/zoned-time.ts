/** Wall-clock parts of an instant in a time zone. */
function wallClock(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** How far `timeZone` is ahead of UTC at instant `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
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
  const w = wallClock(Date.parse(iso), timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}

/** The day after a "YYYY-MM-DD" date (an inclusive "to" date becomes an exclusive bound). */
export function nextDay(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  return new Date(t + 86_400_000).toISOString().slice(0, 10);
}
