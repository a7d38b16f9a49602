// When are two values "the same"? For the allow-list and for placeholder reuse alike: case-insensitive
// (ß = ss), whitespace-insensitive (NBSP and zero-width spaces included), and for phone numbers by
// their digits, with national and international forms of the org's region equal (030… = +4930…).
import type { EntityType } from './entity-types.ts';

/** Calling codes of the regions a German-speaking firm meets most; others compare by raw digits. */
const CALLING_CODES: Readonly<Record<string, string>> = {
  DE: '49',
  AT: '43',
  CH: '41',
  LI: '423',
  LU: '352',
  NL: '31',
  BE: '32',
  FR: '33',
  IT: '39',
  ES: '34',
  PL: '48',
  CZ: '420',
  DK: '45',
  GB: '44',
  IE: '353',
};

const INVISIBLE_OR_SPACE = /[\s\u200B-\u200D\u2060\uFEFF]+/gu;
const PHONE_LIKE = /^\+?[0-9\s()./\u2010-\u2013-]+$/u;

const NON_ASCII = /[^ -~\t\n\r]/;
const ASCII_SPACE = /\s+/g;

/** Case- and whitespace-insensitive identity of a value (NFKC, lower case, ß → ss, no spaces). */
export function textKey(value: string): string {
  // Plain ASCII (most e-mail addresses, IBANs, numbers): NFKC changes nothing and there is no ß.
  if (!NON_ASCII.test(value)) return value.toLowerCase().replace(ASCII_SPACE, '');
  return value.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(INVISIBLE_OR_SPACE, '');
}

/** True for values written like a phone number: digits and phone punctuation only, 5 to 17 digits. */
export function isPhoneLike(value: string): boolean {
  const trimmed = value.trim();
  if (!PHONE_LIKE.test(trimmed)) return false;
  const digits = trimmed.replace(/[^0-9]/g, '').length;
  return digits >= 5 && digits <= 17;
}

/** Digits-only identity of a phone number, in international form when the national form is known. */
export function phoneKey(value: string, region: string): string {
  const digits = value.replace(/[^0-9]/g, '');
  let international = digits;
  if (value.trimStart().startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.startsWith('0') && CALLING_CODES[region] !== undefined) {
    international = CALLING_CODES[region] + digits.slice(1);
  }
  return `tel:${international}`;
}

/** The identity of a detected value of `type`: phone key for PHONE, text key otherwise. */
export function identityKey(value: string, type: EntityType, region: string): string {
  return type === 'PHONE' ? phoneKey(value, region) : textKey(value);
}

/** Builds the regex source that finds `entry` in text with any case and flexible whitespace. */
function entrySource(entry: string): string {
  let source = '';
  let pendingSpace = false;
  for (const char of entry.trim()) {
    if (/[\s\u200B-\u200D\u2060\uFEFF]/u.test(char)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) source += '[\\s\\u200B-\\u200D\\u2060\\uFEFF]*';
    pendingSpace = false;
    source += char === 'ß' || char === 'ẞ' ? '(?:ß|ẞ|ss)' : char.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return source;
}

/**
 * The org's allow-list, prepared once per policy. A span is allowed when its value equals an entry
 * (by identity key), or when it lies inside an occurrence of a non-phone entry in the text — so the
 * surname inside "Müller & Partner Rechtsanwälte" stays when the firm name is listed.
 */
export class AllowList {
  readonly #keys = new Set<string>();
  readonly #occurrences: RegExp | null;

  constructor(entries: readonly string[], region: string) {
    const sources: string[] = [];
    for (const entry of entries) {
      if (entry.trim() === '') continue;
      this.#keys.add(textKey(entry));
      if (isPhoneLike(entry)) this.#keys.add(phoneKey(entry, region));
      else sources.push(entrySource(entry));
    }
    // Longest first so an alternation prefers the fuller entry at the same position.
    sources.sort((a, b) => b.length - a.length);
    this.#occurrences = sources.length > 0 ? new RegExp(sources.join('|'), 'giu') : null;
  }

  /** True when the list has no entries (lets callers skip all work). */
  get isEmpty(): boolean {
    return this.#keys.size === 0;
  }

  /** True when `value`, detected as `type`, equals an entry. */
  hasValue(value: string, type: EntityType, region: string): boolean {
    if (this.#keys.size === 0) return false;
    if (this.#keys.has(textKey(value))) return true;
    return (type === 'PHONE' || isPhoneLike(value)) && this.#keys.has(phoneKey(value, region));
  }

  /** UTF-16 ranges `[start, end)` where entries occur in `text`, in order. */
  occurrences(text: string): Array<readonly [number, number]> {
    const found: Array<readonly [number, number]> = [];
    if (this.#occurrences === null) return found;
    for (const match of text.matchAll(this.#occurrences)) {
      if (match[0].length > 0) found.push([match.index, match.index + match[0].length]);
    }
    return found;
  }
}
