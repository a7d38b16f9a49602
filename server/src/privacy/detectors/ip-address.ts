// IP_ADDRESS: dotted-quad IPv4 (each octet 0–255, no leading zeros) and IPv6 (validated by
// node:net). Version strings ("Version 1.2.3.4", "v1.2.3.4"), OIDs and clock times are not addresses.
import { isIPv6 } from 'node:net';
import { labelBefore } from './context-labels.ts';
import type { Candidate } from './pii-types.ts';
import { isDigitCode, isWordCode } from './text-chars.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`${OCTET}(?:\\.${OCTET}){3}(?!\\d|\\.\\d)`, 'g');
const IPV4_EXACT = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** True for a dotted-quad IPv4 address without leading zeros. */
export function isIpv4(value: string): boolean {
  return IPV4_EXACT.test(value);
}

/** IPv6 is accepted when node validates it and it is not a short pair like "10::30". */
export function isPlausibleIpv6(value: string): boolean {
  if (!isIPv6(value)) return false;
  const groups = value.split(':').filter((g) => g !== '');
  return groups.length >= 3 || groups.some((g) => g.length >= 3);
}

function isHexOrColon(c: number): boolean {
  return c === 58 || (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function detectIpv4(text: string, out: Candidate[]): void {
  IPV4_RE.lastIndex = 0;
  for (let m = IPV4_RE.exec(text); m !== null; m = IPV4_RE.exec(text)) {
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 32;
    // Not inside a longer number or dotted sequence, and not "v1.2.3.4".
    if (isWordCode(before) || before === 46) {
      IPV4_RE.lastIndex = m.index + 1;
      continue;
    }
    if (labelBefore(text, m.index, 24) === 'version') continue;
    out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
}

/** IPv6 candidates grow outwards from each colon that has a hex digit or a colon on both sides. */
function detectIpv6(text: string, out: Candidate[]): void {
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    if (!isHexOrColon(text.charCodeAt(c - 1)) || !isHexOrColon(text.charCodeAt(c + 1))) continue;
    let start = c;
    while (start > 0 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    let end = c;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (isHexOrColon(code) || (code === 46 && isDigitCode(text.charCodeAt(end + 1)))) end++;
      else break;
    }
    c = end;
    if (start > 0 && (isWordCode(text.charCodeAt(start - 1)) || text[start - 1] === '.')) continue;
    if (end < text.length && isWordCode(text.charCodeAt(end))) continue;
    let value = text.slice(start, end);
    // A trailing colon belongs to the sentence ("from fe80::1:"), not to the address.
    while (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
    // Without "::" an IPv6 address has 8 groups (7 colons), or 6 plus an embedded IPv4.
    if (!value.includes('::') && value.split(':').length < 7) continue;
    if (!isPlausibleIpv6(value)) continue;
    out.push({ type: 'IP_ADDRESS', start, end: start + value.length, score: 0.9 });
  }
}

/** Finds IPv4 and IPv6 addresses (prefix lengths and ports are not part of the span). */
export function detectIpAddresses(text: string, out: Candidate[]): void {
  detectIpv4(text, out);
  detectIpv6(text, out);
}
