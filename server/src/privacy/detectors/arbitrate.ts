// Overlap arbitration: every character belongs to at most one finding. Validated structures win
// over looser ones (an IBAN's digits are not also a phone or a card, URL credentials are not also an
// e-mail, a date of birth is not also a phone), then the higher score, then the longer span.
import type { Candidate, PiiType } from './pii-types.ts';

/** Added to the score when ranking overlapping candidates; reflects how strongly a type is validated. */
const PRECEDENCE: Readonly<Record<PiiType, number>> = {
  URL_CREDENTIALS: 0.4,
  EMAIL: 0.35,
  IBAN: 0.35,
  CREDIT_CARD: 0.3,
  DE_TAX_ID: 0.2,
  IP_ADDRESS: 0.25,
  DATE_OF_BIRTH: 0.25,
  DE_TAX_NUMBER: 0.2,
  PHONE: 0.1,
  ADDRESS: 0.1,
  PERSON: 0,
};

function rank(c: Candidate): number {
  return c.score + PRECEDENCE[c.type];
}

function better(a: Candidate, b: Candidate): number {
  return rank(b) - rank(a) || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/** Resolves one cluster of transitively overlapping candidates greedily by rank. */
function resolveCluster(cluster: Candidate[], out: Candidate[]): void {
  if (cluster.length === 1) {
    out.push(cluster[0]!);
    return;
  }
  const kept: Candidate[] = [];
  for (const c of [...cluster].sort(better)) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  for (const k of kept) out.push(k);
}

/** Returns non-overlapping candidates sorted by start; the input array is reordered. */
export function arbitrate(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  for (const c of candidates) {
    if (cluster.length > 0 && c.start >= clusterEnd) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  return out;
}
