// The PII detector: a pure function from text to typed, scored, non-overlapping spans.
// Each detector pushes candidates cheaply (prefilters, precompiled regexes, validators only on
// candidate strings); arbitration then keeps one finding per character.
import { detectAddresses } from './address.ts';
import { arbitrate } from './arbitrate.ts';
import { detectCreditCards } from './credit-card.ts';
import { detectDatesOfBirth } from './date-of-birth.ts';
import { detectEmails } from './email.ts';
import { detectIbans } from './iban.ts';
import { detectIpAddresses } from './ip-address.ts';
import { detectPersons } from './person.ts';
import { detectPhones, phoneRegion } from './phone.ts';
import type { Candidate, DetectOptions, PiiSpan } from './pii-types.ts';
import { detectTaxIds } from './tax-id.ts';
import { detectTaxNumbers } from './tax-number.ts';
import { detectUrlCredentials } from './url-credentials.ts';

export { PII_TYPES, isPiiType } from './pii-types.ts';
export type { DetectOptions, PiiSpan, PiiType } from './pii-types.ts';

const DEFAULT_MIN_SCORE = 0.5;
const HAS_DIGIT = /\d/;

/**
 * Finds personal data in `text`. Spans are sorted by start, never overlap, carry UTF-16 offsets
 * (end exclusive) and a score in [0, 1]; only those scoring at least `minScore` are returned.
 */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  if (text.length === 0) return [];
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const candidates: Candidate[] = [];
  if (text.includes('@')) {
    detectUrlCredentials(text, candidates);
    detectEmails(text, candidates);
  } else if (/[([]at[)\]]/i.test(text)) {
    detectEmails(text, candidates);
  }
  if (HAS_DIGIT.test(text)) {
    detectIbans(text, candidates);
    detectCreditCards(text, candidates);
    detectTaxIds(text, candidates);
    detectTaxNumbers(text, candidates);
    detectIpAddresses(text, candidates);
    detectDatesOfBirth(text, candidates);
    const claimed = candidates.filter((c) => c.score >= minScore).sort((a, b) => a.start - b.start);
    detectPhones(text, candidates, phoneRegion(options.region), claimed);
    detectAddresses(text, candidates);
  }
  detectPersons(text, candidates);
  const kept = arbitrate(candidates.filter((c) => c.score >= minScore));
  const types = options.types;
  const spans: PiiSpan[] = [];
  for (const c of kept) {
    if (types && !types.has(c.type)) continue;
    spans.push({
      type: c.type,
      start: c.start,
      end: c.end,
      score: Math.round(c.score * 100) / 100,
      text: text.slice(c.start, c.end),
    });
  }
  return spans;
}
