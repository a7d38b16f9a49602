// Character classes for the hot loops. V8 matches Unicode property classes (\p{L}) several times
// slower than explicit ranges, so scanning regexes use the Latin ranges below (all letters of the
// German, Turkish, Polish, Italian, French, Nordic and Vietnamese alphabets) and boundary checks
// are done on char codes in code, not with lookbehinds.

/** Regex class body: Latin letters with diacritics, and combining marks. */
export const LATIN_LETTER = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF\\u0300-\\u036F';
/** Regex class body: characters that may start a capitalised word (check case in code above U+00FF). */
export const LATIN_UPPER_START = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u024F\\u1E00-\\u1EFF';

/** True for a letter (any script), combining mark or decimal digit code unit. */
export function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0 || c === 0xd7 || c === 0xf7) return false;
  // General punctuation, currency, arrows, maths, CJK punctuation and surrogates (emoji) are not words.
  return !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xd800 && c <= 0xdfff);
}

/** True for a decimal digit code unit. */
export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when a number starting at `i` is a value of its own: not the tail of a word, a longer
 * number ("12 3456" counts as one), a decimal, a path or a hyphenated code.
 */
export function startsValue(text: string, i: number): boolean {
  if (i === 0) return true;
  const c = text.charCodeAt(i - 1);
  if (isWordCode(c) || c === 46 || c === 44 || c === 47 || c === 45) return false;
  if (c === 32 || c === 0xa0 || c === 0x202f) return !(i >= 2 && isDigitCode(text.charCodeAt(i - 2)));
  return true;
}

/** True when the character at `i` is an upper-case letter (false outside the text). */
export function isUpperAt(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return ch !== ch.toLowerCase();
}
