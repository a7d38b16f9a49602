// CREDIT_CARD: 12–19 digits, compact or in the usual groups, with a plausible brand prefix and
// length, and a valid Luhn check digit. Reference numbers ("Kunden-Nr.", "Order") are vetoed.
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { startsValue } from './text-chars.ts';

const CANDIDATE_RE = /(?<![0-9])\d{4}(?:[ \u00A0-]?\d){8,15}(?![0-9]|[ \u00A0-]\d)/g;

/** Luhn (mod 10) over a string of digits; true when the last digit checks. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The card brand whose prefix and length fit, or null; no Luhn check here. */
export function cardBrand(digits: string): string | null {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19 ? 'visa' : null;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16 ? 'mastercard' : null;
  if (p2 === 34 || p2 === 37) return n === 15 ? 'amex' : null;
  if (p4 >= 2200 && p4 <= 2204) return n === 16 ? 'mir' : null;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19 ? 'jcb' : null;
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19 ? 'diners' : null;
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) {
    return n >= 16 && n <= 19 ? 'discover' : null;
  }
  if (p2 === 62) return n >= 16 && n <= 19 ? 'unionpay' : null;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19 ? 'maestro' : null;
  return null;
}

/** True for a number any brand could issue: brand prefix and length fit, Luhn checks. */
export function isValidCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{12,19}$/.test(digits) && cardBrand(digits) !== null && luhnValid(digits);
}

/** Groups as printed on cards: 4-4-4-4(-1..3), 4-6-5, 4-6-4, or none. 0 = bad, 1 = none, 2 = card-like. */
function groupingQuality(raw: string): number {
  const groups = raw.split(/[ \u00A0-]/);
  if (groups.length === 1) return 1;
  const seps = raw.replace(/\d/g, '');
  if (new Set(seps).size > 1) return 0;
  const sizes = groups.map((g) => g.length);
  if (sizes[0] !== 4) return 0;
  if (sizes.length === 3 && sizes[1] === 6 && (sizes[2] === 5 || sizes[2] === 4)) return 2;
  const body = sizes.slice(0, -1);
  const last = sizes[sizes.length - 1] ?? 0;
  return body.every((s) => s === 4) && last >= 1 && last <= 4 ? 2 : 0;
}

/** Finds card numbers; a "Karte"/"Visa"/"card" label raises the score, reference labels veto. */
export function detectCreditCards(text: string, out: Candidate[]): void {
  CANDIDATE_RE.lastIndex = 0;
  for (let m = CANDIDATE_RE.exec(text); m !== null; m = CANDIDATE_RE.exec(text)) {
    if (!startsValue(text, m.index)) continue;
    const raw = m[0];
    const digits = raw.replace(/[ \u00A0-]/g, '');
    const brand = cardBrand(digits);
    if (brand === null || !luhnValid(digits)) continue;
    const grouping = groupingQuality(raw);
    if (grouping === 0) continue;
    const label = labelBefore(text, m.index);
    if (label === 'reference' || label === 'version') continue;
    const labelled = label === 'card';
    if (!labelled && (digits.length < 14 || (brand === 'maestro' && grouping === 1))) continue;
    let score = grouping === 2 ? 0.9 : 0.8;
    if (labelled) score = 0.97;
    else if (label === 'phone') score -= 0.25;
    out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + raw.length, score });
  }
}
