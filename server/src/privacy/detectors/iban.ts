// IBAN: country code, two check digits and a BBAN of the country's fixed length, mod-97 == 1.
// Accepts compact, grouped (spaces, no-break spaces, hyphens) and lower-case notations.
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { isWordCode } from './text-chars.ts';

/** Total IBAN length (country code and check digits included) per country, from the SWIFT registry. */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  `
AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28
EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26
IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28
NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25
SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
`
    .trim()
    .split(/\s+/)
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

const START_RE = /[A-Za-z]{2}\d{2}(?=[ \u00A0\u202F-]?[A-Za-z0-9])/g;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 0x202f || c === 45;
}

/** Mod-97 of the IBAN rearranged (BBAN first, then country and check digits), letters as 10..35. */
function mod97(compact: string): number {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c <= 57) rest = (rest * 10 + (c - 48)) % 97;
    else rest = (rest * 100 + (c - 55)) % 97;
  }
  return rest;
}

/** True when `value` (any spacing or case) is a complete IBAN with a valid length and checksum. */
export function isValidIban(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  return IBAN_LENGTHS.get(compact.slice(0, 2)) === compact.length && mod97(compact) === 1;
}

/**
 * Reads the IBAN starting at `start` with the expected length, skipping single separators between
 * characters; null when the text does not hold exactly that many characters there.
 */
function readIban(text: string, start: number, length: number): { end: number; compact: string } | null {
  let compact = '';
  let i = start;
  while (compact.length < length && i < text.length) {
    const c = text.charCodeAt(i);
    if (isAlnum(c)) {
      compact += text[i];
      i++;
    } else if (isSeparator(c) && compact.length >= 4 && i + 1 < text.length && isAlnum(text.charCodeAt(i + 1))) {
      i++;
    } else {
      return null;
    }
  }
  if (compact.length < length) return null;
  if (i < text.length && isAlnum(text.charCodeAt(i))) return null;
  return { end: i, compact: compact.toUpperCase() };
}

/** Finds IBANs; anything failing the length or checksum is not reported at all. */
export function detectIbans(text: string, out: Candidate[]): void {
  START_RE.lastIndex = 0;
  for (let m = START_RE.exec(text); m !== null; m = START_RE.exec(text)) {
    if (m.index > 0 && isWordCode(text.charCodeAt(m.index - 1))) continue;
    const country = m[0].slice(0, 2);
    const mixedCase = country !== country.toUpperCase() && country !== country.toLowerCase();
    const length = IBAN_LENGTHS.get(country.toUpperCase());
    if (length === undefined || mixedCase) continue;
    const read = readIban(text, m.index, length);
    if (read === null || mod97(read.compact) !== 1) continue;
    const lower = country === country.toLowerCase();
    let score = lower ? 0.85 : 0.95;
    if (labelBefore(text, m.index) === 'iban') score = 0.99;
    out.push({ type: 'IBAN', start: m.index, end: read.end, score });
    START_RE.lastIndex = read.end;
  }
}
