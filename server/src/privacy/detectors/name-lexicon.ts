// The PERSON detector's word lists as lower-case Sets, built once at module load, and a classifier
// that tags one capitalised token with everything the rules need to know about it.
import {
  AMBIGUOUS_FIRST_NAMES,
  FIRST_NAMES_ENGLISH,
  FIRST_NAMES_GERMAN,
  FIRST_NAMES_ITALIAN,
  FIRST_NAMES_OTHER,
  FIRST_NAMES_POLISH,
  FIRST_NAMES_TURKISH,
} from './data/first-names.ts';
import {
  ACADEMIC_TITLES,
  GREETINGS,
  HONORIFICS,
  NAME_PARTICLES,
  NOT_NAMES,
  NOUN_SUFFIXES,
  PERSON_LABELS,
  ROLE_NOUNS,
} from './data/person-words.ts';
import {
  SURNAMES_ENGLISH,
  SURNAMES_GERMAN,
  SURNAMES_ITALIAN,
  SURNAMES_OTHER,
  SURNAMES_POLISH,
  SURNAMES_TURKISH,
  WEAK_SURNAMES,
} from './data/surnames.ts';

/** Lower case without diacritics ("maría" → "maria"), so spelling variants of a name still match. */
function fold(lower: string): string {
  return lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function words(...lists: string[]): Set<string> {
  const set = new Set<string>();
  for (const list of lists) {
    for (const w of list.split(/\s+/)) {
      if (!w) continue;
      set.add(w.toLowerCase());
      set.add(fold(w.toLowerCase()));
    }
  }
  return set;
}

const AMBIGUOUS = words(AMBIGUOUS_FIRST_NAMES);
const FIRST = words(
  FIRST_NAMES_GERMAN,
  FIRST_NAMES_TURKISH,
  FIRST_NAMES_POLISH,
  FIRST_NAMES_ITALIAN,
  FIRST_NAMES_ENGLISH,
  FIRST_NAMES_OTHER,
);
const WEAK = words(WEAK_SURNAMES);
const LAST = words(
  SURNAMES_GERMAN,
  SURNAMES_TURKISH,
  SURNAMES_POLISH,
  SURNAMES_ITALIAN,
  SURNAMES_ENGLISH,
  SURNAMES_OTHER,
);
for (const w of AMBIGUOUS) FIRST.delete(w);
for (const w of WEAK) LAST.delete(w);

const HONORIFIC = words(HONORIFICS);
const ACADEMIC = words(ACADEMIC_TITLES);
const ROLE = words(ROLE_NOUNS);
const GREETING = words(GREETINGS);
const LABEL = words(PERSON_LABELS);
const NOT_NAME = words(NOT_NAMES);
/** Header words that introduce a name only when a colon follows ("Von: Anna Becker", "To: …"). */
const HEADER_LABELS = words('von an cc bcc to from attn name');
const SUFFIXES = [...words(NOUN_SUFFIXES)].sort((a, b) => b.length - a.length);

/** Lower-case name particles ("von", "van der", "di"). */
export const PARTICLES: ReadonlySet<string> = words(NAME_PARTICLES);

/** Token class bits; one token may be several (e.g. "Paul" is a given name and a weak surname). */
export const Tag = {
  First: 1,
  AmbiguousFirst: 2,
  Last: 4,
  WeakLast: 8,
  Honorific: 16,
  Academic: 32,
  Role: 64,
  Greeting: 128,
  Label: 256,
  NotName: 512,
  Noun: 1024,
  Initial: 2048,
  Acronym: 4096,
  HeaderLabel: 8192,
} as const;

/** Any tag that lets a token stand inside a name. */
export const NAME_LIKE = Tag.First | Tag.AmbiguousFirst | Tag.Last | Tag.WeakLast | Tag.Initial;

/** Noun endings that are also whole nouns ("Termin", "Vertrag"), for an exact match. */
const NOUNS = new Set(SUFFIXES.filter((s) => s.length >= 4));

/** Noun endings by their last two letters (longest first), so a token is checked against a few, not all. */
const SUFFIXES_BY_TAIL = new Map<string, string[]>();
for (const suffix of SUFFIXES) {
  const tail = suffix.slice(-2);
  const list = SUFFIXES_BY_TAIL.get(tail);
  if (list) list.push(suffix);
  else SUFFIXES_BY_TAIL.set(tail, [suffix]);
}

function hasNounSuffix(lower: string): boolean {
  if (NOUNS.has(lower)) return true;
  const candidates = SUFFIXES_BY_TAIL.get(lower.slice(-2));
  if (!candidates) return false;
  for (const s of candidates) if (lower.length > s.length + 2 && lower.endsWith(s)) return true;
  return false;
}

function tagPart(lower: string): number {
  let tags = 0;
  if (FIRST.has(lower)) tags |= Tag.First;
  if (AMBIGUOUS.has(lower)) tags |= Tag.AmbiguousFirst;
  if (LAST.has(lower)) tags |= Tag.Last;
  if (WEAK.has(lower)) tags |= Tag.WeakLast;
  return tags;
}

const memo = new Map<string, number>();
/** Bound on memoised tokens; the memo is dropped and rebuilt when it grows past this. */
const MEMO_LIMIT = 50_000;

/**
 * Tags a capitalised token (letters, inner hyphens/apostrophes; no trailing dot). Hyphenated
 * tokens are names when every part is ("Anna-Lena", "Schäuble-Richter"). Memoised: vocabulary repeats.
 */
export function tagToken(token: string): number {
  let tags = memo.get(token);
  if (tags === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    tags = computeTags(token);
    memo.set(token, tags);
  }
  return tags;
}

function computeTags(token: string): number {
  if (token.length === 1) return Tag.Initial;
  const lower = token.toLowerCase();
  if (token === token.toUpperCase()) {
    return GREETING.has(lower) ? Tag.Greeting : ACADEMIC.has(lower) || ROLE.has(lower) ? Tag.Role : Tag.Acronym;
  }
  let tags = 0;
  if (HONORIFIC.has(lower)) tags |= Tag.Honorific;
  if (ACADEMIC.has(lower)) tags |= Tag.Academic;
  if (ROLE.has(lower)) tags |= Tag.Role;
  if (GREETING.has(lower)) tags |= Tag.Greeting;
  if (LABEL.has(lower)) tags |= Tag.Label;
  if (HEADER_LABELS.has(lower)) tags |= Tag.HeaderLabel;
  if (tags !== 0) return tags;
  if (NOT_NAME.has(lower)) return Tag.NotName;
  const name = lower.endsWith("'s") || lower.endsWith('’s') ? lower.slice(0, -2) : lower;
  tags = tagPart(name);
  if (tags === 0 && /[^ -~]/.test(name)) tags = tagPart(fold(name));
  if (tags !== 0) return tags;
  if (name.includes('-')) {
    // "Anna-Lena" is a given name, "Schäuble-Richter" a surname, "Mercedes-Benz" only weakly a name.
    let allFirst = true;
    let allStrong = true;
    for (const p of name.split('-')) {
      const t = tagPart(p);
      if (t === 0) return hasNounSuffix(name) ? Tag.Noun : 0;
      if (!(t & Tag.First)) allFirst = false;
      if (!(t & (Tag.First | Tag.Last))) allStrong = false;
    }
    return allFirst ? Tag.First : allStrong ? Tag.Last : Tag.WeakLast;
  }
  if (name.length <= 2) return Tag.NotName;
  return hasNounSuffix(name) ? Tag.Noun : 0;
}
