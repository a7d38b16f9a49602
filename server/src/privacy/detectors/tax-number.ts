// DE_TAX_NUMBER (Steuernummer): the federal 13-digit form and the state notations ("21/815/08150",
// "181/815/08155", "93815/08152", "22/815/0815/4", "75 815 08152"). Bare digit groups are ambiguous,
// so a number counts only after a context word ("Steuernummer", "St.-Nr.", "Finanzamt", "tax number").
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { startsValue } from './text-chars.ts';

/** Context words; candidates are only looked for in the 60 characters after one. */
const LABEL_RE = /steuer-?\s?n(?:umme)?r|st\.?\s?-?\s?nr|tax (?:number|no)|finanzamt/gi;
const AFTER_LABEL = 60;
const CANDIDATE_RE = new RegExp(
  '(?:' +
    [
      '\\d{2,3}/\\d{3,4}/\\d{4,5}', // FF/BBB/UUUUP, FFF/BBB/UUUUP, FFF/BBBB/UUUP
      '\\d{2}/\\d{3}/\\d{4}/\\d', // Rheinland-Pfalz: FF/BBB/UUUU/P
      '\\d{5}/\\d{5}', // Baden-Württemberg: FFBBB/UUUUP
      '\\d{2,3}[ \\u00A0]\\d{3}[ \\u00A0]\\d{5}', // Bremen, Hessen: FF BBB UUUUP, 0FF BBB UUUUP
      '\\d{13}', // federal form
      '\\d{10,11}', // state form without separators
    ].join('|') +
    ')(?![0-9]|[/-]\\d)',
  'g',
);

/** First digits of the federal form per state (Bayern and NRW use one digit, the rest two). */
const FEDERAL_PREFIXES = new Set(['10', '11', '21', '22', '23', '24', '26', '27', '28', '30', '31', '32', '40', '41']);

/** True when a 13-digit number has the federal Steuernummer structure (state prefix, 0 in position 5). */
export function isFederalTaxNumber(digits: string): boolean {
  if (!/^\d{13}$/.test(digits) || digits[4] !== '0') return false;
  return digits[0] === '9' || digits[0] === '5' || FEDERAL_PREFIXES.has(digits.slice(0, 2));
}

/** Finds Steuernummern after a tax-number context word (nearest label within 40 characters). */
export function detectTaxNumbers(text: string, out: Candidate[]): void {
  LABEL_RE.lastIndex = 0;
  let scannedTo = 0;
  for (let label = LABEL_RE.exec(text); label !== null; label = LABEL_RE.exec(text)) {
    const from = Math.max(scannedTo, label.index + label[0].length);
    const to = Math.min(text.length, from + AFTER_LABEL);
    if (from >= to) continue;
    // Extend to the end of a number cut by the window edge, then scan only this stretch.
    let end = to;
    while (end < text.length && /[\d/ ]/.test(text[end] ?? '')) end++;
    const stretch = text.slice(from, end);
    scannedTo = end;
    CANDIDATE_RE.lastIndex = 0;
    for (let m = CANDIDATE_RE.exec(stretch); m !== null; m = CANDIDATE_RE.exec(stretch)) {
      const start = from + m.index;
      if (!startsValue(text, start) || text[start - 1] === '/') continue;
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 10 || digits.length > 13) continue;
      if (digits.length === 13 && !isFederalTaxNumber(digits)) continue;
      if (labelBefore(text, start) !== 'taxNumber') continue;
      out.push({ type: 'DE_TAX_NUMBER', start, end: start + m[0].length, score: 0.9 });
    }
  }
}
