import { describe, expect, it } from 'vitest';
import {
  CUSTOM_PATTERN_LIMITS,
  CustomPatternError,
  customPatternProblem,
  findCustomMatches,
  toRe2Source,
} from './custom-patterns.ts';

const CASE = 'CUSTOM:AKTENZEICHEN' as const;
const slices = (text: string, spans: Array<{ start: number; end: number }>): string[] =>
  spans.map((s) => text.slice(s.start, s.end));

describe('findCustomMatches', () => {
  it('returns UTF-16 offsets around umlauts, ß, NBSP and emoji', () => {
    const text = 'Aktenzeichen 12\u00A0O\u00A0345/21 für Frau Weiß 😀👩‍⚖️ und 7 O 1/24.';
    const spans = findCustomMatches('\\d+\\s?O\\s?\\d+/\\d{2}', '', CASE, text);
    expect(spans).toEqual([
      { type: CASE, start: 13, end: 24 },
      { type: CASE, start: 51, end: 59 },
    ]);
    expect(slices(text, spans)).toEqual(['12\u00A0O\u00A0345/21', '7 O 1/24']);
  });

  it('matches emoji and astral characters themselves', () => {
    const text = '🎉x🎉 Mandant-𝔸17 und Mandant-ß9';
    const spans = findCustomMatches('Mandant-\\S\\d+', '', 'CUSTOM:M', text);
    expect(slices(text, spans)).toEqual(['Mandant-𝔸17', 'Mandant-ß9']);
    expect(spans[0]).toEqual({ type: 'CUSTOM:M', start: 6, end: 18 });
  });

  it('applies word boundaries and anchors across successive matches', () => {
    expect(slices('ab1 b2 xb3', findCustomMatches('\\bb\\d', '', 'CUSTOM:B', 'ab1 b2 xb3'))).toEqual(['b2']);
    expect(findCustomMatches('^K\\d', '', 'CUSTOM:K', 'K1 K2\nK3')).toEqual([{ type: 'CUSTOM:K', start: 0, end: 2 }]);
    expect(slices('K1 K2\nK3', findCustomMatches('^K\\d', 'm', 'CUSTOM:K', 'K1 K2\nK3'))).toEqual(['K1', 'K3']);
  });

  it('honours the i and s flags, with Unicode case folding', () => {
    expect(
      slices('STRASSE, Straße, STRAßE', findCustomMatches('straße', 'i', 'CUSTOM:S', 'STRASSE, Straße, STRAßE')),
    ).toEqual(['Straße', 'STRAßE']);
    expect(findCustomMatches('a.b', 's', 'CUSTOM:S', 'a\nb')).toEqual([{ type: 'CUSTOM:S', start: 0, end: 3 }]);
  });

  it('skips empty matches instead of looping', () => {
    expect(slices('x12y345', findCustomMatches('\\d*', '', 'CUSTOM:D', 'x12y345'))).toEqual(['12', '345']);
  });

  it('survives lone surrogates without shifting offsets', () => {
    const text = 'a\uD800 K7 \uDC00K8';
    expect(slices(text, findCustomMatches('K\\d', '', 'CUSTOM:K', text))).toEqual(['K7', 'K8']);
  });

  it('fails past the per-text match limit rather than leaving the rest unscanned', () => {
    const text = 'K1 '.repeat(CUSTOM_PATTERN_LIMITS.maxMatchesPerText + 1);
    expect(() => findCustomMatches('K1', '', 'CUSTOM:K', text)).toThrow(CustomPatternError);
    expect(findCustomMatches('K1', '', 'CUSTOM:K', 'K1 '.repeat(CUSTOM_PATTERN_LIMITS.maxMatchesPerText))).toHaveLength(
      CUSTOM_PATTERN_LIMITS.maxMatchesPerText,
    );
  });

  it('runs a catastrophic-backtracking pattern in linear time', () => {
    const evil = 'a'.repeat(50_000) + 'b';
    findCustomMatches('(a+)+$', '', 'CUSTOM:EVIL', 'warm up');
    const started = performance.now();
    const spans = findCustomMatches('(a+)+$', '', 'CUSTOM:EVIL', evil);
    const elapsed = performance.now() - started;
    expect(spans).toEqual([]);
    expect(elapsed).toBeLessThan(200);
  });

  it('keeps a large text with many matches within budget', () => {
    const text = ('Lorem ipsum dolor sit amet, AZ-1234 für Müller. '.repeat(500) + '\n').repeat(2); // ~48 KB, 1000 matches
    const started = performance.now();
    const spans = findCustomMatches('AZ-\\d{4}', '', 'CUSTOM:AZ', text);
    const elapsed = performance.now() - started;
    expect(spans).toHaveLength(1_000);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('customPatternProblem', () => {
  it('accepts a usable pattern', () => {
    expect(customPatternProblem('AZ-\\d{4}', 'i')).toBeNull();
  });

  it('explains unsupported RE2 syntax', () => {
    expect(customPatternProblem('(?=foo)bar')).toBe(
      'Invalid regular expression: invalid or unsupported Perl syntax: `(?=` (RE2 syntax: lookahead, lookbehind and backreferences are not supported)',
    );
    expect(customPatternProblem('(a)\\1')).toBe(
      'Invalid regular expression: invalid escape sequence: `\\1` (RE2 syntax: lookahead, lookbehind and backreferences are not supported)',
    );
    expect(customPatternProblem('[a-')).toBe('Invalid regular expression: missing closing ]: `[a-`');
  });

  it('rejects patterns that match empty text, bad flags and oversized sources', () => {
    expect(customPatternProblem('x*')).toBe('Pattern matches empty text; it must match at least one character');
    expect(customPatternProblem('x', 'g')).toBe('Flags must be distinct letters from "ims", got "g"');
    expect(customPatternProblem('x', 'ii')).toBe('Flags must be distinct letters from "ims", got "ii"');
    expect(customPatternProblem('x'.repeat(501))).toBe('Pattern is longer than 500 characters');
  });

  it('rejects patterns RE2 cannot compile or that would scan slowly', () => {
    expect(customPatternProblem('((a{1000}){1000}){1000}')).toBe(
      'Invalid regular expression: invalid repeat count: `{1000}`',
    );
    expect(customPatternProblem('[\\p{L}\\p{N}]{300}')).toBe(
      'Pattern is too complex (302 steps, at most 250); shorten repetition counts',
    );
  });

  it("widens \\s and \\S to JavaScript's Unicode spaces, inside and outside classes", () => {
    expect(toRe2Source('a\\sb[\\s,]\\S[^\\d]\\\\s')).toBe(
      'a[\\s\\v\\p{Z}\\x{FEFF}]b[\\s\\v\\p{Z}\\x{FEFF},][^\\s\\v\\p{Z}\\x{FEFF}][^\\d]\\\\s',
    );
    expect(toRe2Source('[]\\s][[:alpha:]\\s]')).toBe('[]\\s\\v\\p{Z}\\x{FEFF}][[:alpha:]\\s\\v\\p{Z}\\x{FEFF}]');
    const text = 'Az.\u202F12\u3000O\u00A0345';
    expect(findCustomMatches('Az\\.\\s\\d+\\sO\\s\\d+', '', 'CUSTOM:AZ', text)).toEqual([
      { type: 'CUSTOM:AZ', start: 0, end: 12 },
    ]);
  });
});
