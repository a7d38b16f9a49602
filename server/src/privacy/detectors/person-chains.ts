// Token chains for the PERSON detector: which capitalised tokens belong together ("Herr Dr. Hans
// von der Leyen", "Robert J. Anderson", "Schmidt, Peter"), and where a signature line starts.
import { NAME_LIKE, PARTICLES, Tag } from './name-lexicon.ts';
import { isWordCode } from './text-chars.ts';

/** One capitalised token with its tags and how it joined the previous token of its chain. */
export interface Token {
  start: number;
  end: number;
  tags: number;
  /** Where a particle sequence joining this token to the previous one starts, or -1. */
  particleStart: number;
  /** Whether a colon separates this token from the previous one ("Mandant: Erdem"). */
  afterColon: boolean;
  /** Whether a comma separates this given name from the surname before it ("Schmidt, Peter"). */
  afterComma: boolean;
  /** Whether this token starts the line after a sign-off ("Mit freundlichen Grüßen\n"). */
  signature: boolean;
}

const SPACE_GAP = /^[ \u00A0\u202F]{1,2}$/;
const DOT_GAP = /^\.[ \u00A0\u202F]{0,2}$/;
const ACADEMIC_GAP =
  /^\.(?:[ \u00A0]?-?[ \u00A0]?(?:ing|med|jur|rer\.? ?nat|phil|dent|vet|habil|h\.? ?c|mult|oec|pol|techn|sc|univ|kfm|kff)\.)*[ \u00A0\u202F]{1,2}$/i;
const INTRO_GAP = /^[ \t\u00A0]*[:,]?[ \t\u00A0]*(?:\r?\n[ \t\u00A0]*)?$/;
const COLON_GAP = /^[ \t\u00A0]*:[ \t\u00A0]*$/;
const COMMA_GAP = /^,[ \u00A0]$/;
/** What may follow the given name of "Schmidt, Peter": a line end, an e-mail in brackets, a parenthesis. */
const LIST_END = /^[ \u00A0]*(?:[<([;)"'\r\n]|$)/;
const PARTICLE_GAP = /^[ \u00A0]+((?:\p{Ll}{1,4}[ \u00A0]+){1,3})$/u;

/** Last words of a sign-off line ("Mit freundlichen Grüßen", "Kind regards,", "Cheers"). */
const CLOSING_WORDS = new Set(
  'grüßen grüße gruß grüssen grüsse gruss regards wishes sincerely faithfully truly cheers thanks you best mfg lg vg'.split(
    ' ',
  ),
);
const AFTER_CLOSING = /^(?:[ \t]*\r?\n)?[ \t]*(?:(?:i\.\s?[av]\.|ppa\.|gez\.)\s*)?/iy;
/** A sign-off stands on a short line of its own. */
const CLOSING_LINE_MAX = 48;

function isTrailingPunctuation(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 44 || c === 46 || c === 33;
}

/** Offsets where a signature line starts (after "Mit freundlichen Grüßen\n", "Best regards,\n" …). */
export function signatureStarts(text: string): Set<number> {
  const starts = new Set<number>();
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    const short = nl - lineStart <= CLOSING_LINE_MAX;
    lineStart = nl + 1;
    if (!short) continue;
    let end = nl;
    while (end > 0 && isTrailingPunctuation(text.charCodeAt(end - 1))) end--;
    let begin = end;
    while (begin > 0 && isWordCode(text.charCodeAt(begin - 1))) begin--;
    if (end - begin < 2 || end - begin > 10 || !CLOSING_WORDS.has(text.slice(begin, end).toLowerCase())) continue;
    AFTER_CLOSING.lastIndex = nl + 1;
    const m = AFTER_CLOSING.exec(text);
    starts.add(nl + 1 + (m ? m[0].length : 0));
  }
  return starts;
}

/**
 * Whether `next` continues the chain of `prev` across the text between them; sets `next`'s join
 * details (particles, colon, comma) when it does.
 */
export function joins(text: string, prev: Token, next: Token): boolean {
  if (next.start === prev.end + 1 && text.charCodeAt(prev.end) === 32) return true;
  const gap = text.slice(prev.end, next.start);
  if (gap.length > 24) return false;
  if (SPACE_GAP.test(gap)) return true;
  const t = prev.tags;
  if (t & (Tag.Academic | Tag.Initial | Tag.Honorific | Tag.Role) && DOT_GAP.test(gap)) return true;
  if (t & Tag.Academic && ACADEMIC_GAP.test(gap)) return true;
  if (t & Tag.HeaderLabel) return (next.afterColon = COLON_GAP.test(gap));
  if (t & (Tag.Greeting | Tag.Label) && INTRO_GAP.test(gap)) {
    next.afterColon = gap.includes(':');
    return true;
  }
  // "Schmidt, Peter" as in address books, but not "Watson, Ana María López" in a list.
  if (t & Tag.Last && !(t & Tag.First) && next.tags & Tag.First && COMMA_GAP.test(gap)) {
    return (next.afterComma = LIST_END.test(text.slice(next.end, next.end + 3)));
  }
  if (t & (NAME_LIKE | Tag.Honorific) || t === 0) {
    const m = PARTICLE_GAP.exec(gap);
    const words = m?.[1]?.trim().split(/[ \u00A0]+/) ?? [];
    if (m?.[1] && words.every((w) => PARTICLES.has(w))) {
      next.particleStart = prev.end + gap.length - m[1].length;
      return true;
    }
  }
  return false;
}
