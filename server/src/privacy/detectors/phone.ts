// PHONE: digit runs in phone notations, validated by libphonenumber-js (full metadata).
// German and international notations: +49 30 1234567, 0049 …, 030/1234567, (030) 123 456-78,
// 0171 1234567, DIN 5008 030 12345-678, +49 (0)30 …; national numbers in other regions as fallback.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { isWordCode } from './text-chars.ts';

// Starts at "+", "(" or a digit that does not continue a word or number; ends on a digit.
const CANDIDATE_RE = /(?<![0-9])(?:\+|\(\+?)?\d[\d \u00A0\u202F/().-]{4,24}\d(?!\d)/g;

const DATE_LIKE = /^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}\/(?:19|20)\d{2})$/;
const DOTTED_NUMBER = /^\d{1,3}(?:\.\d{1,3}){2,}$/;
const NANP_SHAPE = /^\(?[2-9]\d{2}\)?[ .-]?[2-9]\d{2}[ .-]\d{4}$/;
/** The North American notation, "(555) 123-4567" or "555-123-4567", even in unassigned ranges. */
const NANP_PUNCTUATED = /^(?:\(\d{3}\) ?|\d{3}-)\d{3}-\d{4}$/;
/** A national number written with its area code set apart: "0123 456789", "(0 30) 1234", "089/1234". */
const AREA_CODE_SHAPE = /^\(?0[\d ]{1,6}\)?(?: ?[/-] ?| )\d/;
const MONEY_AFTER =
  /^[ \u00A0\u202F]?(?:€|eur\b|euro|\$|usd|chf|£|gbp|%|prozent|km\b|kg\b|m²|qm\b|stück|stk\b|,\d|\.\d{2}\b)/i;
const MONEY_BEFORE = /(?:€|eur|\$|usd|chf|£|gbp)[ \u00A0\u202F]?$/i;

/** Regions whose national notation starts with the trunk prefix 0: without it a number is not theirs. */
const TRUNK_ZERO = new Set<string>([
  'DE',
  'AT',
  'CH',
  'GB',
  'FR',
  'NL',
  'BE',
  'TR',
  'IE',
  'FI',
  'SE',
  'LI',
  'CZ',
  'SK',
  'HU',
]);

/** Other regions tried for a national number that is not valid in the default region. */
const FALLBACK_REGIONS: readonly CountryCode[] = ['DE', 'AT', 'CH', 'GB', 'IT', 'FR', 'NL', 'BE', 'TR'];

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Validity per region and number: the same numbers recur in a conversation and in logs. */
const validity = new Map<string, boolean>();
const VALIDITY_LIMIT = 10_000;

function isValidIn(number: string, region: CountryCode | undefined): boolean {
  const key = `${region ?? '+'}|${number}`;
  let valid = validity.get(key);
  if (valid === undefined) {
    if (validity.size >= VALIDITY_LIMIT) validity.clear();
    const parsed = parsePhoneNumberFromString(number, region);
    valid = parsed !== undefined && parsed.isValid();
    validity.set(key, valid);
  }
  return valid;
}

function isPossibleIn(number: string, region: CountryCode | undefined): boolean {
  const parsed = parsePhoneNumberFromString(number, region);
  return parsed !== undefined && parsed.isPossible();
}

/** The region to parse national numbers in: the option if libphonenumber knows it, else DE. */
export function phoneRegion(region: string | undefined): CountryCode {
  const upper = (region ?? 'DE').toUpperCase();
  return isSupportedCountry(upper) ? upper : 'DE';
}

/** Scores one candidate string (already trimmed); 0 when it is not a phone number. */
function scorePhone(raw: string, region: CountryCode, labelled: boolean): number {
  const digits = countDigits(raw);
  let number = raw.replace(/[\u00A0\u202F]/g, ' ').replace(/\(0\)\s?/, '');
  if (number.startsWith('00')) number = '+' + number.slice(2);
  else if (number.startsWith('(00')) number = '+' + number.slice(3);
  const international = number.startsWith('+') || number.startsWith('(+');
  if (international) {
    if (digits < 8 || digits > 17) return 0;
    if (isValidIn(number, undefined)) return 0.9;
    // Unassigned ranges (made-up numbers) still look like phone numbers with a country code.
    return isPossibleIn(number, undefined) ? (labelled ? 0.7 : 0.6) : 0;
  }
  if (digits < 7 || digits > 14) return 0;
  const trunk = /^\(?0/.test(number);
  if (trunk) {
    if (isValidIn(number, region)) return 0.8;
    for (const other of FALLBACK_REGIONS) {
      if (other !== region && isValidIn(number, other)) return 0.7;
    }
    if (!isPossibleIn(number, region)) return 0;
    return labelled ? 0.65 : digits >= 9 && AREA_CODE_SHAPE.test(number) ? 0.55 : 0;
  }
  if (NANP_SHAPE.test(number) && isValidIn(number, 'US')) return region === 'US' || region === 'CA' ? 0.85 : 0.7;
  if (NANP_PUNCTUATED.test(number)) return labelled ? 0.75 : 0.6;
  if (!TRUNK_ZERO.has(region) && isValidIn(number, region)) return 0.75;
  return 0;
}

/**
 * Finds phone numbers; a nearby "Tel."/"Mobil"/"phone" raises the score, "Bestellnr."/"Az." vetoes.
 * `claimed` (sorted by start) holds validated findings of other types: digits inside them are skipped
 * without asking the phone parser.
 */
export function detectPhones(text: string, out: Candidate[], region: CountryCode, claimed: readonly Candidate[]): void {
  CANDIDATE_RE.lastIndex = 0;
  let k = 0;
  for (let m = CANDIDATE_RE.exec(text); m !== null; m = CANDIDATE_RE.exec(text)) {
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 32;
    // Not a continuation of a word, a number, a path or an amount ("x12", "1.234", "/030", "+4").
    if (isWordCode(before) || before === 43 || before === 47 || before === 46 || before === 44 || before === 45) {
      continue;
    }
    while (k < claimed.length && claimed[k]!.end <= m.index) k++;
    if (k < claimed.length && claimed[k]!.start < m.index + m[0].length) continue;
    let raw = m[0];
    let start = m.index;
    const digitCount = countDigits(raw);
    if (digitCount < 7 || digitCount > 17) continue;
    if (raw.startsWith('(') && !raw.includes(')')) {
      raw = raw.slice(1);
      start++;
    }
    // "01805 / 22 33 44 (14 Ct./Min.)": an opening parenthesis that is not closed ends the number.
    const open = raw.lastIndexOf('(');
    if (open > 0 && raw.indexOf(')', open) < 0) raw = raw.slice(0, open).trimEnd();
    const end = start + raw.length;
    if (DATE_LIKE.test(raw) || DOTTED_NUMBER.test(raw)) continue;
    if (MONEY_AFTER.test(text.slice(end, end + 7)) || MONEY_BEFORE.test(text.slice(Math.max(0, start - 5), start))) {
      continue;
    }
    const label = labelBefore(text, start);
    if (label === 'reference' || label === 'version') continue;
    const labelled = label === 'phone';
    if (raw.includes('.') && !labelled && !raw.startsWith('+')) continue;
    let score = scorePhone(raw, region, labelled);
    if (score === 0) continue;
    if (labelled) score = Math.min(0.98, score + 0.12);
    else if (label !== null && label !== 'birth') score -= 0.3;
    out.push({ type: 'PHONE', start, end, score });
  }
}
