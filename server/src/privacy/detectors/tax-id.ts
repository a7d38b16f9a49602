// DE_TAX_ID (steuerliche Identifikationsnummer, "Steuer-ID", "IdNr"): 11 digits, first not 0, in
// the first ten exactly one digit appears twice or three times (never three in a row), and the last
// digit is the ISO 7064 MOD 11,10 check digit.
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { startsValue } from './text-chars.ts';

const CANDIDATE_RE = /(?<![0-9])[1-9]\d(?:[ \u00A0\u202F]?\d){9}(?![0-9]|[ \u00A0\u202F-]\d)/g;

/** ISO 7064 MOD 11,10 check digit over the given digits. */
export function mod11_10CheckDigit(digits: string): number {
  let product = 10;
  for (let i = 0; i < digits.length; i++) {
    let sum = (digits.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/** The Steuer-ID digit rule over the first ten digits (see module comment). */
function repetitionRuleHolds(first10: string): boolean {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[first10.charCodeAt(i) - 48]!++;
  let repeated = -1;
  for (let d = 0; d < 10; d++) {
    const c = counts[d]!;
    if (c > 3) return false;
    if (c >= 2) {
      if (repeated >= 0) return false;
      repeated = d;
    }
  }
  if (repeated < 0) return false;
  const r = String(repeated);
  return !(counts[repeated] === 3 && first10.includes(r + r + r));
}

/** True when `value` (spaces allowed) is a structurally valid Steuer-ID. */
export function isValidSteuerId(value: string): boolean {
  const digits = value.replace(/[\s\u00A0\u202F]/g, '');
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const first10 = digits.slice(0, 10);
  return repetitionRuleHolds(first10) && mod11_10CheckDigit(first10) === digits.charCodeAt(10) - 48;
}

/** Finds Steuer-IDs; valid ones score 0.75 alone and 0.97 after "Steuer-ID"/"IdNr"/"TIN". */
export function detectTaxIds(text: string, out: Candidate[]): void {
  CANDIDATE_RE.lastIndex = 0;
  for (let m = CANDIDATE_RE.exec(text); m !== null; m = CANDIDATE_RE.exec(text)) {
    if (!startsValue(text, m.index) || text[m.index - 1] === '+' || !isValidSteuerId(m[0])) continue;
    const label = labelBefore(text, m.index);
    if (label === 'reference' || label === 'phone' || label === 'version' || label === 'card') continue;
    const score = label === 'taxId' ? 0.97 : label === 'taxNumber' ? 0.6 : 0.75;
    out.push({ type: 'DE_TAX_ID', start: m.index, end: m.index + m[0].length, score });
  }
}
