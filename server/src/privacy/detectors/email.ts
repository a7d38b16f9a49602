// EMAIL: addresses found by expanding around each "@" (cheaper than a regex over the whole text),
// internationalised domains included; plus the "name (at) domain (dot) de" obfuscations.
import type { Candidate } from './pii-types.ts';

const LOCAL_CHAR = /[\p{L}\p{N}._%+\-'!#$&*=?^~]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}-]/u;
const TLD = /^\p{L}{2,24}$/u;
const OBFUSCATED_RE =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}\s?[([]at[)\]]\s?[\p{L}\p{N}-]{1,63}(?:(?:\s?[([]dot[)\]]\s?|\.)[\p{L}\p{N}-]{1,63})*(?:\s?[([]dot[)\]]\s?|\.)\p{L}{2,24}(?![\p{L}\p{N}])/giu;

function expandLocal(text: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < 64 && LOCAL_CHAR.test(text[i - 1] ?? '')) i--;
  while (i < at && (text[i] === '.' || text[i] === "'")) i++;
  return i;
}

function expandDomain(text: string, at: number): number {
  let i = at + 1;
  let lastGood = -1;
  while (i < text.length && i - at < 255) {
    const c = text[i] ?? '';
    if (DOMAIN_CHAR.test(c)) {
      i++;
      continue;
    }
    if (c === '.' && i > at + 1 && DOMAIN_CHAR.test(text[i + 1] ?? '')) {
      lastGood = i;
      i++;
      continue;
    }
    break;
  }
  if (lastGood < 0) return -1;
  let end = i;
  while (end > lastGood && text[end - 1] === '-') end--;
  return TLD.test(text.slice(lastGood + 1, end)) ? end : -1;
}

/** True when the text before `localStart` is a URL's scheme and user part (`https://user:pass@`, `ssh://git@`). */
function isUrlUserinfo(text: string, localStart: number): boolean {
  if (text.startsWith('//', localStart - 2)) return true;
  if (text[localStart - 1] !== ':') return false;
  const from = Math.max(0, localStart - 200);
  const before = text.slice(from, localStart);
  const scheme = before.lastIndexOf('://');
  return scheme >= 0 && !/[\s/]/.test(before.slice(scheme + 3));
}

/** Finds e-mail addresses; user:pass@host in URLs is left to the URL_CREDENTIALS detector. */
export function detectEmails(text: string, out: Candidate[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const start = expandLocal(text, at);
    if (start === at) continue;
    const end = expandDomain(text, at);
    if (end < 0) continue;
    if (isUrlUserinfo(text, start)) continue;
    out.push({ type: 'EMAIL', start, end, score: 0.95 });
    at = end - 1;
  }
  if (!/[([]at[)\]]/i.test(text)) return;
  OBFUSCATED_RE.lastIndex = 0;
  for (let m = OBFUSCATED_RE.exec(text); m !== null; m = OBFUSCATED_RE.exec(text)) {
    out.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length, score: 0.8 });
  }
}
