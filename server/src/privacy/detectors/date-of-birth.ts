// DATE_OF_BIRTH: calendar dates in German and English notations ("12.03.1985", "12. März 1985",
// "March 12, 1985", "12 March 1985", "1985-03-12", "03/12/1985") that a birth context marks:
// "geb.", "geboren", "Geburtsdatum", "born", "DOB", "date of birth", or a genealogical "*".
// Other dates (deadlines, contract dates, timestamps) are not personal data of this type.
import type { Candidate } from './pii-types.ts';

const MONTHS = (
  'januar jänner februar märz april mai juni juli august september oktober november dezember january february ' +
  'march may june july october december jan feb mär mrz apr jun jul aug sep sept okt oct nov dez dec mar'
)
  .split(' ')
  .join('|');
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const MONTH_NUM = '(?:0?[1-9]|1[0-2])';
const YEAR = '(?:19|20)\\d{2}';

const DATE_RE = new RegExp(
  '(?<![\\p{L}\\p{N}.:/-])(?:' +
    [
      `${DAY}\\.\\s?${MONTH_NUM}\\.\\s?(?:${YEAR}|\\d{2})`, // 12.03.1985, 1.3.85
      `${DAY}/${MONTH_NUM}/(?:${YEAR}|\\d{2})`, // 12/03/1985 (UK) …
      `${MONTH_NUM}/${DAY}/(?:${YEAR}|\\d{2})`, // … or 03/12/1985 (US)
      `${DAY}-${MONTH_NUM}-${YEAR}`, // 12-03-1985
      `${YEAR}-${MONTH_NUM}-${DAY}`, // 1985-03-12
      `${DAY}(?:\\.|st|nd|rd|th)?\\s(?:of\\s)?(?:${MONTHS})\\.?,?\\s${YEAR}`, // 12. März 1985, 3rd May 1977
      `(?:${MONTHS})\\.?\\s${DAY}(?:st|nd|rd|th)?,?\\s${YEAR}`, // March 12, 1985
      `${DAY}-(?:${MONTHS})-(?:${YEAR}|\\d{2})`, // 12-Mar-1985
    ].join('|') +
    ')(?![\\p{N}]|[:T]\\d|\\.\\d)',
  'giu',
);

/** Where to look for dates: near these words only (the date pattern is costly over a whole text). */
const BIRTH_ANCHOR_RE =
  /[Gg](?:eb\.|eboren|eburt|EB\.|EBOREN|EBURT)|[Bb](?:orn|irth|ORN|IRTH)|[Dd](?:OB|ob|\.O\.B|\.o\.b)|\*/g;
const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 140;
const BIRTH_BEFORE =
  /(?:(?<![\p{L}])(?:geb\.|geboren|geburts\p{L}*|born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday)|(?<=[\p{L},(][ \u00A0]?)\*)[\s:,(\-–]{0,4}(?:(?:am|on|den|the|is|was|ist|in \p{Lu}\p{L}+ am)[\s:]{1,3}){0,2}$/iu;
const BIRTH_AFTER = /^[\s,)(]{0,3}(?:\(?(?:dob|geb\.|geboren|born)|geburtstag)/iu;
const BIRTH_WORD_RE =
  /(?<![\p{L}])(?:geb\.|geboren|geburts\p{L}*|born|dob|d\.o\.b|date of birth|birth ?date|birthday)/giu;

/** How far a birth word may stand before the date when nothing else (no other date) lies between. */
const NEAR_WINDOW = 60;

function birthWordEndBefore(text: string, start: number): number {
  const from = Math.max(0, start - NEAR_WINDOW);
  const slice = text.slice(from, start);
  BIRTH_WORD_RE.lastIndex = 0;
  let end = -1;
  for (let m = BIRTH_WORD_RE.exec(slice); m !== null; m = BIRTH_WORD_RE.exec(slice)) end = from + m.index + m[0].length;
  return end;
}

/** Finds dates of birth; a date counts only with a birth word right before it, or nearest before it. */
export function detectDatesOfBirth(text: string, out: Candidate[]): void {
  BIRTH_ANCHOR_RE.lastIndex = 0;
  let windowStart = -1;
  let windowEnd = -1;
  const anchors: number[] = [];
  for (let m = BIRTH_ANCHOR_RE.exec(text); m !== null; m = BIRTH_ANCHOR_RE.exec(text)) {
    anchors.push(m.index);
    let from = Math.max(0, m.index - WINDOW_BEFORE);
    // Start the window on a space so no date is cut in half.
    while (from > 0 && from > m.index - WINDOW_BEFORE - 16 && !/\s/.test(text[from - 1] ?? '')) from--;
    const to = Math.min(text.length, m.index + WINDOW_AFTER);
    if (from <= windowEnd) {
      windowEnd = to;
      continue;
    }
    if (windowEnd > windowStart) scanWindow(text, windowStart, windowEnd, anchors, out);
    windowStart = from;
    windowEnd = to;
  }
  if (windowEnd > windowStart) scanWindow(text, windowStart, windowEnd, anchors, out);
}

/** Whether a birth-word anchor starts in [from, to); `anchors` is sorted. */
function anchorIn(anchors: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = anchors.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (anchors[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < anchors.length && anchors[lo]! < to;
}

function scanWindow(text: string, from: number, to: number, anchors: readonly number[], out: Candidate[]): void {
  const window = text.slice(from, to);
  DATE_RE.lastIndex = 0;
  let previousDateEnd = -1;
  for (let m = DATE_RE.exec(window); m !== null; m = DATE_RE.exec(window)) {
    const start = from + m.index;
    const end = start + m[0].length;
    const near = anchorIn(anchors, start - NEAR_WINDOW, start);
    if (!near && !anchorIn(anchors, end, end + 16)) {
      previousDateEnd = end;
      continue;
    }
    const immediate = BIRTH_BEFORE.test(text.slice(Math.max(0, start - 40), start));
    let score = immediate ? 0.92 : 0;
    if (!immediate) {
      const wordEnd = birthWordEndBefore(text, start);
      if (wordEnd >= 0 && wordEnd > previousDateEnd && !/[.;!?]\s|\n\s*\n/.test(text.slice(wordEnd, start)))
        score = 0.8;
      else if (BIRTH_AFTER.test(text.slice(end, end + 16))) score = 0.85;
    }
    previousDateEnd = end;
    if (score > 0) out.push({ type: 'DATE_OF_BIRTH', start, end, score });
  }
}
