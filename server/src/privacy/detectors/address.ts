// ADDRESS: street addresses with a house number, optionally followed by postcode and city.
// German/Austrian/Swiss ("Hauptstraße 12", "Karl-Marx-Allee 90", "Berliner Straße 5", "Am Markt 3a",
// "Unter den Linden 5", "Mariahilfer Straße 45/3/12, 1060 Wien"), Romance ("Via Nassa 5",
// "25 Rue du Rhône"), Turkish ("İstiklal Caddesi 45") and English ("221B Baker Street",
// "10 Downing St, London SW1A 2AA"). A postcode and city alone are not an address.
// One pass over the digit runs: each is tried as a house number after a street name, as the start
// of a number-first street, and as a postcode after an unknown street.
import {
  ADDRESS_LABEL,
  APARTMENT_BEFORE,
  DE_STREET_END,
  DETERMINERS,
  EN_POSTCODE_HEAD,
  EN_TAIL,
  HOUSE_NUMBER_AT,
  NAMED_STREET_BEFORE,
  NOT_PREPOSITION_NOUNS,
  NOT_STREETS,
  NUMBER_FIRST_AT,
  NUMBERED_STREET_BEFORE,
  POSTCODE_LEAD,
  POSTCODE_TAIL,
  PREPOSITION_BEFORE,
  ROMANCE_BEFORE,
  TURKISH_STREET_WORDS,
} from './address-patterns.ts';
import type { Candidate } from './pii-types.ts';
import { isDigitCode, isUpperAt, isWordCode } from './text-chars.ts';

const DIGIT_RUN_RE = /\d+/g;
/** Words that may precede a street compound as part of its name: "Wiedner Hauptstraße", "Alte Jakobstraße". */
const ADJECTIVE =
  /^(?:\p{Lu}\p{Ll}+er|(?:Alte|Neue|Große|Kleine|Lange|Hohe|Obere|Untere|Breite|Schmale|Rote|Weiße|Grüne|Heilige|Innere|Äußere)[rsn]?)$/u;
const PREFIX_BEFORE = /(?:^|[^\p{L}])(Am|An|Im|Zum|Zur|Beim|An der|Auf der|Auf dem|In der)[ \u00A0]$/u;

function isSpace(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f;
}

function isWordPart(c: number): boolean {
  return isWordCode(c) && !isDigitCode(c);
}

/** Start of the word ending at `end` (letters, hyphens, apostrophes inside). */
function wordStart(text: string, end: number): number {
  let i = end;
  for (;;) {
    const c = text.charCodeAt(i - 1);
    if (i > 0 && (isWordPart(c) || ((c === 45 || c === 39 || c === 0x2019) && isWordPart(text.charCodeAt(i - 2))))) i--;
    else return i;
  }
}

/** The start of the capitalised word ending just before the single space at `end - 1`, or -1. */
function previousWordStart(text: string, end: number): number {
  if (!isSpace(text.charCodeAt(end - 1))) return -1;
  const s = wordStart(text, end - 1);
  return s < end - 1 && isUpperAt(text, s) ? s : -1;
}

function extendTail(text: string, end: number, english: boolean): number {
  for (const tail of english ? [EN_TAIL, POSTCODE_TAIL] : [POSTCODE_TAIL]) {
    tail.lastIndex = end;
    const m = tail.exec(text);
    if (m) return end + m[0].length;
  }
  return end;
}

function houseNumberEnd(text: string, at: number): number {
  HOUSE_NUMBER_AT.lastIndex = at;
  return HOUSE_NUMBER_AT.exec(text) ? HOUSE_NUMBER_AT.lastIndex : -1;
}

function push(out: Candidate[], start: number, numberEnd: number, end: number, base: number): void {
  out.push({ type: 'ADDRESS', start, end, score: end > numberEnd ? Math.max(base, 0.9) : base });
}

/** First words of preposition-form and Romance street names ("Am", "Unter", "Via", "Rue" …). */
const STREET_INTRO = new Set(
  (
    'Am An Auf Im In Unter Zum Zur Hinter Vor Bei Beim Rue Avenue Boulevard Bd Chemin Route Place Quai Allée Via ' +
    'Viale Piazza Piazzale Corso Largo Calle Avenida Plaza Paseo Rua Praça ul Ulica Aleja al Straße Strasse'
  ).split(' '),
);

/** Whether one of the (up to four) words before `start` can begin a multi-word street name. */
function introducedByStreetWord(text: string, start: number): boolean {
  let end = start;
  for (let n = 0; n < 4; n++) {
    let i = end - 1;
    while (
      i > 0 &&
      (isSpace(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46 || isDigitCode(text.charCodeAt(i - 1)))
    ) {
      i--;
    }
    const s = wordStart(text, i);
    if (s === i) return false;
    if (STREET_INTRO.has(text.slice(s, i))) return true;
    end = s;
  }
  return false;
}

/** The street before a house number at `digit`: its start and base score, or null. */
function streetBefore(text: string, digit: number): { start: number; score: number } | null {
  let end = digit;
  while (end > digit - 2 && isSpace(text.charCodeAt(end - 1))) end--;
  const dotted = text.charCodeAt(end - 1) === 46;
  const wordEnd = dotted ? end - 1 : end;
  const start = wordStart(text, wordEnd);
  if (start === wordEnd || (end === digit && !dotted) || !isUpperAt(text, start)) return null;
  const word = text.slice(start, end);
  const lower = word.toLowerCase();
  if (DE_STREET_END.test(lower)) {
    if (DE_STREET_END.exec(lower)?.[0] === lower) {
      // A standalone "Straße"/"Weg" needs a name before it: "Berliner Straße", "Neuer Wall".
      const named = previousWordStart(text, start);
      if (named < 0 || DETERMINERS.has(text.slice(named, start - 1).toLowerCase())) return null;
      return { start: named, score: 0.8 };
    }
    if (NOT_STREETS.has(lower)) return null;
    let from = start;
    const adjective = previousWordStart(text, start);
    if (adjective >= 0) {
      const adj = text.slice(adjective, start - 1);
      if (ADJECTIVE.test(adj) && !DETERMINERS.has(adj.toLowerCase())) from = adjective;
    }
    const prefix = PREFIX_BEFORE.exec(text.slice(Math.max(0, from - 8), from));
    return { start: prefix?.[1] ? from - prefix[1].length - 1 : from, score: 0.8 };
  }
  if (TURKISH_STREET_WORDS.has(lower)) {
    const named = previousWordStart(text, start);
    return named >= 0 ? { start: named, score: 0.8 } : null;
  }
  if (dotted || !introducedByStreetWord(text, start)) return null;
  const window = text.slice(Math.max(0, digit - 48), digit);
  const romance = ROMANCE_BEFORE.exec(window);
  if (romance?.[1]) return { start: digit - romance[1].length, score: 0.8 };
  const prep = PREPOSITION_BEFORE.exec(window);
  if (!prep?.[1]) return null;
  const noun = (prep[2] ?? '').split(/[ \u00A0\u202F]/)[0]?.toLowerCase() ?? '';
  if (NOT_PREPOSITION_NOUNS.has(noun) || DETERMINERS.has(noun)) return null;
  // "Am Markt 3" alone is weak; an address label before it or a postcode after it confirms it.
  const at = digit - prep[1].length;
  const labelled = ADDRESS_LABEL.test(text.slice(Math.max(0, at - 24), at));
  return { start: at, score: labelled ? 0.75 : 0.55 };
}

/** Number-first streets ("221B Baker Street"), with an apartment prefix and city/postcode tail. */
function numberFirst(text: string, digit: number, out: Candidate[]): void {
  NUMBER_FIRST_AT.lastIndex = digit;
  const m = NUMBER_FIRST_AT.exec(text);
  if (!m) return;
  const streetEnd = digit + m[0].length;
  const apartment = APARTMENT_BEFORE.exec(text.slice(Math.max(0, digit - 16), digit));
  push(out, apartment ? digit - apartment[0].length : digit, streetEnd, extendTail(text, streetEnd, true), 0.75);
}

/** A postcode starting a city line, after a street the patterns do not know ("Lange Reihe 12"). */
function beforePostcode(text: string, digit: number, runEnd: number, out: Candidate[]): void {
  let j = digit - 1;
  if (text.charCodeAt(j) === 45) j -= 3;
  while (j > 0 && isSpace(text.charCodeAt(j))) j--;
  const sep = text.charCodeAt(j);
  if (
    (sep !== 44 && sep !== 10 && !isUpperAt(text, j)) ||
    !isSpace(text.charCodeAt(runEnd)) ||
    !isUpperAt(text, runEnd + 1)
  ) {
    return;
  }
  const lead = POSTCODE_LEAD.exec(text.slice(Math.max(0, digit - 8), digit));
  if (!lead) return;
  const from = Math.max(0, digit - 64);
  const before = NAMED_STREET_BEFORE.exec(text.slice(from, digit));
  if (!before?.[1]) return;
  const start = digit - before[0].length + before[0].indexOf(before[1]);
  if (DETERMINERS.has((before[1].split(/[ \u00A0\u202F]/)[0] ?? '').toLowerCase())) return;
  const numberEnd = start + before[1].length;
  const end = extendTail(text, numberEnd, false);
  if (end > digit) out.push({ type: 'ADDRESS', start, end, score: 0.85 });
}

/** The digit-led end of an English postcode ("2AA" of "SW1A 2AA", or a ZIP after "NY "). */
function beforeEnglishPostcode(text: string, digit: number, runEnd: number, out: Candidate[]): void {
  const zip = runEnd - digit === 5;
  const inward = runEnd - digit === 1 && isUpperAt(text, runEnd) && isUpperAt(text, runEnd + 1);
  if (!zip && !inward) return;
  const b = text.charCodeAt(digit - 1);
  if (zip ? !isSpace(b) || !isUpperAt(text, digit - 2) || !isUpperAt(text, digit - 3) : !isSpace(b) && !isWordCode(b)) {
    return;
  }
  const end = zip ? runEnd : runEnd + 2;
  if (end < text.length && isWordCode(text.charCodeAt(end))) return;
  const head = EN_POSTCODE_HEAD.exec(text.slice(Math.max(0, digit - 6), digit));
  if (!head?.[1]) return;
  const postcode = digit - head[1].length;
  const from = Math.max(0, postcode - 90);
  const before = NUMBERED_STREET_BEFORE.exec(text.slice(from, postcode));
  if (before?.[1]) out.push({ type: 'ADDRESS', start: postcode - before[1].length, end, score: 0.85 });
}

/** Finds street addresses; the postcode and city are included when they follow directly. */
export function detectAddresses(text: string, out: Candidate[]): void {
  DIGIT_RUN_RE.lastIndex = 0;
  for (let m = DIGIT_RUN_RE.exec(text); m !== null; m = DIGIT_RUN_RE.exec(text)) {
    const digit = m.index;
    // Already part of an address found before (its postcode or a house number range).
    if (out.length > 0 && out[out.length - 1]!.type === 'ADDRESS' && out[out.length - 1]!.end > digit) continue;
    const runEnd = digit + m[0].length;
    const before = digit > 0 ? text.charCodeAt(digit - 1) : 32;
    beforeEnglishPostcode(text, digit, runEnd, out);
    if (isWordPart(before)) continue;
    if (runEnd - digit <= 4 && (isSpace(before) || before === 46)) {
      const street = streetBefore(text, digit);
      const numberEnd = street ? houseNumberEnd(text, digit) : -1;
      if (street && numberEnd > 0) {
        const end = extendTail(text, numberEnd, false);
        const closes = /^(?:[ \u00A0]*(?:[,;.)]|\r?\n|$))/.test(text.slice(numberEnd, numberEnd + 3));
        if (street.score >= 0.75 || end > numberEnd || closes) push(out, street.start, numberEnd, end, street.score);
      }
    }
    if (runEnd - digit <= 5 && isSpace(text.charCodeAt(runEnd + (isWordPart(text.charCodeAt(runEnd)) ? 1 : 0)))) {
      numberFirst(text, digit, out);
    }
    if (runEnd - digit >= 4 && runEnd - digit <= 5) beforePostcode(text, digit, runEnd, out);
  }
}
