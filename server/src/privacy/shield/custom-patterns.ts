// Admin-supplied regular expressions run in RE2 semantics (re2js: a pure-JavaScript port of RE2/J),
// whose matching time is linear in the input, so no pattern can hang the gateway the way `(a+)+$`
// hangs a backtracking engine. re2js works on JavaScript strings directly (UTF-16 offsets, no copy
// per search). re2-wasm was measured first and dropped: it re-encodes the whole text into WASM memory
// on every search, so 1,000 matches in a 48 KB text took 0.8 s (re2js: 6-12 ms).
import { RE2JS } from 're2js';
import type { EntitySpan, EntityType } from './entity-types.ts';

/** Bounds on what an org may configure and on the work one text may cause. */
export const CUSTOM_PATTERN_LIMITS = {
  /** Characters in one pattern's source. */
  maxPatternLength: 500,
  /** Compiled program size (RE2 instructions); scan time grows with it (a 1,000-instruction program scans ~65 KB/s). */
  maxProgramSize: 250,
  /** Patterns per org policy. */
  maxPatterns: 32,
  /** Matches of one pattern in one text; more fails the scan (closed) instead of leaving the rest unscanned. */
  maxMatchesPerText: 5_000,
  /** Compiled patterns kept across policies; the oldest is dropped past this. */
  maxCached: 512,
} as const;

/** A custom pattern could not be compiled or ran past a limit; the shield turns it into privacy_unavailable. */
export class CustomPatternError extends Error {
  override readonly name = 'CustomPatternError';
}

const cache = new Map<string, RE2JS>();

/** JavaScript's `\s` (RE2's is ASCII only: no NBSP, no U+202F, no U+3000). */
const JS_SPACE = '\\s\\v\\p{Z}\\x{FEFF}';

/**
 * Widens `\s` and `\S` to JavaScript's meaning, so `12\s?O` matches "12 O" typed with a non-breaking
 * space as admins expect; `\d`, `\w` and `\b` are ASCII in both engines and stay. Tracks character
 * classes the way RE2 parses them (a `]` first in a class is literal; `[:alpha:]` is one item).
 */
export function toRe2Source(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      const n = source[i + 1];
      i += 1;
      if (n === 's') out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
      else if (n === 'S' && !inClass) out += `[^${JS_SPACE}]`;
      else out += c + n;
    } else if (!inClass && c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else if (inClass && c === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      const end = close < 0 ? source.length : close + 2;
      out += source.slice(i, end);
      i = end - 1;
    } else {
      if (inClass && c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

/** Compiles (or reuses) JS-style `source` with `flags` from "ims"; throws CustomPatternError when unusable. */
function compile(source: string, flags: string): RE2JS {
  const key = `${flags}/${source}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  if (source.length > CUSTOM_PATTERN_LIMITS.maxPatternLength) {
    throw new CustomPatternError(`Pattern is longer than ${CUSTOM_PATTERN_LIMITS.maxPatternLength} characters`);
  }
  if (!/^[ims]*$/.test(flags) || new Set(flags).size !== flags.length) {
    throw new CustomPatternError(`Flags must be distinct letters from "ims", got "${flags}"`);
  }
  let re: RE2JS;
  try {
    const options =
      (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
      (flags.includes('m') ? RE2JS.MULTILINE : 0) |
      (flags.includes('s') ? RE2JS.DOTALL : 0);
    re = RE2JS.compile(toRe2Source(RE2JS.translateRegExp(source)), options);
  } catch (error) {
    throw new CustomPatternError(explain(error instanceof Error ? error.message : String(error)));
  }
  if (re.programSize() > CUSTOM_PATTERN_LIMITS.maxProgramSize) {
    throw new CustomPatternError(
      `Pattern is too complex (${re.programSize()} steps, at most ${CUSTOM_PATTERN_LIMITS.maxProgramSize}); shorten repetition counts`,
    );
  }
  if (cache.size >= CUSTOM_PATTERN_LIMITS.maxCached) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, re);
  return re;
}

/** Turns RE2's message into one an admin can act on. */
function explain(message: string): string {
  const detail = message.replace(/^error parsing regexp: /, '');
  const unsupported = /\(\?<?[=!]|\\[1-9]/.test(detail)
    ? ' (RE2 syntax: lookahead, lookbehind and backreferences are not supported)'
    : '';
  return `Invalid regular expression: ${detail}${unsupported}`;
}

/**
 * Checks a pattern the way it will run; returns the problem in words, or null when it is usable.
 * Used when an admin saves the policy, so a bad pattern never reaches the gateway.
 */
export function customPatternProblem(source: string, flags = ''): string | null {
  let re: RE2JS;
  try {
    re = compile(source, flags);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (re.matcher('').find()) return 'Pattern matches empty text; it must match at least one character';
  return null;
}

/**
 * Every non-overlapping match of a custom pattern in `text`, as spans of `type`, left to right
 * (UTF-16 offsets). Empty matches are skipped. Throws CustomPatternError past `maxMatchesPerText`.
 */
export function findCustomMatches(source: string, flags: string, type: EntityType, text: string): EntitySpan[] {
  const matcher = compile(source, flags).matcher(text);
  const spans: EntitySpan[] = [];
  while (matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (end === start) continue;
    spans.push({ type, start, end });
    if (spans.length > CUSTOM_PATTERN_LIMITS.maxMatchesPerText) {
      throw new CustomPatternError(`Pattern matched more than ${CUSTOM_PATTERN_LIMITS.maxMatchesPerText} times`);
    }
  }
  return spans;
}
