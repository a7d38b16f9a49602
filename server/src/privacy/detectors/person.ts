// PERSON without a network model: capitalised tokens are tagged from shipped name lists and
// context vocabulary, joined into chains ("Herr Dr. Hans-Peter von der Leyen"), and a chain holds a
// name when a salutation, title, role word, greeting or signature introduces it, or when the name
// lists recognise it. German capitalises every noun, so an unknown capitalised word alone is never
// enough: "Kaufvertrag Müller" is a name (known surname), "die Müllerei" is not.
import { NAME_LIKE, Tag, tagToken } from './name-lexicon.ts';
import { joins, signatureStarts, type Token } from './person-chains.ts';
import type { Candidate } from './pii-types.ts';
import { LATIN_LETTER, LATIN_UPPER_START, isUpperAt, isWordCode } from './text-chars.ts';

/** What introduced the current run of name tokens; higher values are stronger evidence. */
const enum Trigger {
  None = 0,
  Greeting = 1,
  Header = 2,
  Label = 3,
  Closing = 4,
  Title = 5,
  Honorific = 6,
}

const TOKEN_RE = new RegExp(`[${LATIN_UPPER_START}][${LATIN_LETTER}]*(?:['’-][${LATIN_LETTER}]+)*`, 'g');
const PARTY_BEFORE = /(?:\.\/\.|(?<![\p{L}])(?:v|vs|gegen|against)\.?)[ \u00A0]+$/u;
const PARTY_AFTER = /^[ \u00A0]+(?:\.\/\.|(?:v|vs|gegen)\.?[ \u00A0])/u;
const NOT_A_PERSON_BEFORE = /(?:\d|&|(?:St\.|Sankt|Saint|San|Santa|São))[ \u00A0]*$/u;
const NOT_A_PERSON_AFTER =
  /^(?:[ \u00A0]*(?:&|\+|und|and)[ \u00A0]+(?:co|partner|söhne|sons|\p{Lu}\p{L}*[ \u00A0]+(?:gmbh|ag|kg|llp|llc|ltd|inc))\b|[ \u00A0]*&[ \u00A0]+\p{Lu}|[ \u00A0]*(?:gmbh|ag|kg|ohg|se|ug|ltd|llc|inc|plc|llp|e\.\s?v|group|gruppe|holding|stiftung|verlag|consulting|partners?|solutions|services|systems|software|logistik|immobilien|bau|media|bank|versicherung|stadion|arena|schule|gymnasium|universität|institut|preis|award|prize|foundation|university|college|school|hospital|airport|flughafen)\b|[ \u00A0-]*(?:stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|street|st\.?|road|rd\.?|avenue|ave\.?|lane|drive|square|close|gardens|grove|way)(?![\p{L}]))/iu;
/** Longest token looked up in the name lists (UTF-16 units). */
const MAX_TOKEN = 40;
const ABBREVIATION_AFTER = /^\.[ \u00A0]?[\p{N}\p{Ll}]/u;
const STOP_TAGS =
  Tag.Honorific | Tag.Academic | Tag.Role | Tag.Greeting | Tag.Label | Tag.NotName | Tag.Noun | Tag.Acronym;

/** Characters that, right before a capital, make it part of something else (e-mail, path, number). */
function isGlue(c: number): boolean {
  return c === 95 || c === 46 || c === 37 || c === 43 || c === 47 || c === 92 || c === 45;
}

function isNameCandidate(t: Token): boolean {
  return (t.tags & STOP_TAGS) === 0 || ((t.tags & NAME_LIKE) !== 0 && (t.tags & (Tag.NotName | Tag.Noun)) === 0);
}

function runHasNameLike(chain: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (chain[k]!.tags & NAME_LIKE) return true;
  return false;
}

/** A surname alone must stand alone: "Jackson Hole" or "New Hamilton" are places, not people. */
function isolated(chain: Token[], p: number, from: number, to: number): boolean {
  return !(p + 1 < to && chain[p + 1]!.tags === 0) && !(p > from && chain[p - 1]!.tags === 0);
}

function nameEnd(text: string, token: Token): number {
  const s = text.slice(token.end - 2, token.end);
  return s === "'s" || s === '’s' ? token.end - 2 : token.end;
}

/**
 * How many tokens of the run starting at chain[p] form a name, and how sure that is; take 0 = none.
 * `rest` is the number of run tokens from p on.
 */
function nameAt(
  text: string,
  chain: Token[],
  p: number,
  from: number,
  rest: number,
  trigger: Trigger,
): [number, number] {
  const head = chain[p]!;
  const tags = head.tags;
  const next = rest > 1 ? chain[p + 1]! : null;
  const nextTags = next ? next.tags : 0;
  if (trigger === Trigger.Honorific || trigger === Trigger.Title) {
    if (tags & Tag.Initial && rest === 1) return [0, 0];
    return [Math.min(rest, 3), trigger === Trigger.Honorific ? 0.9 : 0.85];
  }
  if (trigger === Trigger.Closing) return [Math.min(rest, 3), 0.85];
  if (trigger === Trigger.Label || trigger === Trigger.Header) {
    // After "Mandant:" any capitalised words are the name; otherwise a known name must be among them.
    const take = Math.min(rest, 3);
    if (runHasNameLike(chain, p, p + take)) return [take, 0.8];
    if (trigger === Trigger.Label && head.afterColon) return [take, take > 1 ? 0.75 : 0.45];
  }
  if (tags & Tag.Last && !(tags & Tag.First) && next?.afterComma && rest === 2) return [2, 0.85];
  if (tags & Tag.First) {
    const take = Math.min(rest, 4);
    if (take > 1) return [take, nextTags & Tag.Last ? 0.9 : 0.85];
    if (trigger === Trigger.Greeting) return [1, 0.8];
    // A lone given name right after another capitalised word ("Morgan Stanley"), or used as an
    // abbreviation ("Max. 5 Personen"), is no evidence.
    if (p > from || ABBREVIATION_AFTER.test(text.slice(head.end, head.end + 3))) return [0, 0];
    return [1, 0.55];
  }
  if (tags & Tag.AmbiguousFirst) {
    if (next && (nextTags & (Tag.Last | Tag.WeakLast | Tag.First | Tag.Initial) || next.particleStart >= 0)) {
      return [Math.min(rest, 3), 0.8];
    }
    return trigger === Trigger.Greeting ? [1, 0.7] : [0, 0];
  }
  if (tags & Tag.Initial) return next && nextTags & (Tag.Last | Tag.WeakLast) ? [2, 0.8] : [0, 0];
  if (tags === 0 && rest === 2 && nextTags & Tag.Last && !(nextTags & Tag.First)) {
    // An unknown given name before a known surname: "Jorinde Becker".
    return [2, 0.6];
  }
  if (tags & (Tag.Last | Tag.WeakLast) && isolated(chain, p, from, p + rest)) {
    const party =
      PARTY_BEFORE.test(text.slice(Math.max(0, head.start - 8), head.start)) ||
      PARTY_AFTER.test(text.slice(head.end, head.end + 6));
    if (tags & Tag.Last) return [1, party ? 0.8 : 0.6];
    if (party) return [1, 0.7];
  }
  return [0, 0];
}

/** Scores the name run chain[from..to) found after `trigger`; pushes what it finds. */
function emitRun(text: string, chain: Token[], from: number, to: number, trigger: Trigger, out: Candidate[]): void {
  let p = from;
  while (p < to) {
    const [take, score] = nameAt(text, chain, p, from, to - p, trigger);
    trigger = Trigger.None;
    if (take === 0) {
      p++;
      continue;
    }
    const first = chain[p]!;
    const end = nameEnd(text, chain[p + take - 1]!);
    // The title next to the name is part of it ("Dr. Weber"): that span overlaps both "Weber" and
    // "Herr Prof. Dr. Weber" by more than half, whichever way a reader draws the boundary.
    const title = p === from && from > 0 && chain[from - 1]!.tags & Tag.Academic ? chain[from - 1]! : null;
    const start = title ? title.start : p === from && first.particleStart >= 0 ? first.particleStart : first.start;
    const before = text.slice(Math.max(0, start - 6), start);
    if (!NOT_A_PERSON_AFTER.test(text.slice(end, end + 12)) && !NOT_A_PERSON_BEFORE.test(before)) {
      out.push({ type: 'PERSON', start, end, score });
    }
    p += take;
  }
}

/** Walks one chain of joined tokens: context words set the trigger, name runs are scored. */
function evaluateChain(text: string, chain: Token[], initial: Trigger, out: Candidate[]): void {
  let trigger = initial;
  let i = 0;
  while (i < chain.length) {
    const t = chain[i]!;
    const tags = t.tags;
    if (t.signature) trigger = Math.max(trigger, Trigger.Closing);
    if (tags & Tag.Honorific) trigger = Trigger.Honorific;
    else if (tags & Tag.Academic) trigger = Math.max(trigger, Trigger.Title);
    else if (tags & Tag.Role) {
      // A role word keeps a salutation's trigger ("Frau Rechtsanwältin Berger") but sets none itself.
    } else if (tags & Tag.Greeting) trigger = Trigger.Greeting;
    else if (tags & Tag.HeaderLabel) trigger = Trigger.Header;
    else if (tags & Tag.Label) trigger = Trigger.Label;
    else if (!isNameCandidate(t)) trigger = Trigger.None;
    else {
      let j = i;
      while (j < chain.length && j - i < 4 && isNameCandidate(chain[j]!)) j++;
      emitRun(text, chain, i, j, trigger, out);
      trigger = Trigger.None;
      i = j;
      continue;
    }
    i++;
  }
}

const NEXT_WORD = new RegExp(`[ \u00A0]([${LATIN_UPPER_START}][${LATIN_LETTER}]*(?:-[${LATIN_LETTER}]+)*)`, 'y');

/** Whether the word after `end` (one space) is a known surname: "Jorinde Becker". */
function startsKnownSurname(text: string, end: number): boolean {
  NEXT_WORD.lastIndex = end;
  const m = NEXT_WORD.exec(text);
  return m?.[1] !== undefined && (tagToken(m[1]) & Tag.Last) !== 0;
}

/** Finds person names in German and English text. */
export function detectPersons(text: string, out: Candidate[]): void {
  const signatures = signatureStarts(text);
  let chain: Token[] = [];
  let initial = Trigger.None;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const before = m.index > 0 ? text.charCodeAt(m.index - 1) : 32;
    if (isWordCode(before) || isGlue(before)) continue;
    if (text.charCodeAt(m.index) > 0xde && !isUpperAt(text, m.index)) continue;
    // No name is this long; a base64 blob or a hash must not fill the token memo.
    const tags = m[0].length > MAX_TOKEN ? Tag.NotName : tagToken(m[0]);
    const prev = chain[chain.length - 1];
    // Words that can never be part of a name end the chain; unknown words cannot start one.
    if (tags & (Tag.NotName | Tag.Noun) || (tags & Tag.Acronym && !(tags & Tag.Greeting))) {
      if (prev) evaluateChain(text, chain, initial, out);
      chain = [];
      continue;
    }
    const token: Token = {
      start: m.index,
      end: m.index + m[0].length,
      tags,
      particleStart: -1,
      afterColon: false,
      afterComma: false,
      signature: signatures.has(m.index),
    };
    if (prev) {
      if (joins(text, prev, token)) {
        chain.push(token);
        continue;
      }
      evaluateChain(text, chain, initial, out);
      chain = [];
    }
    const mention = text[token.start - 1] === '@' && !isWordCode(text.charCodeAt(token.start - 2));
    initial = token.signature ? Trigger.Closing : mention ? Trigger.Greeting : Trigger.None;
    // An unknown word starts a chain only as a possible given name before a known surname.
    if (tags !== 0 || initial !== Trigger.None || startsKnownSurname(text, token.end)) chain = [token];
  }
  if (chain.length > 0) evaluateChain(text, chain, initial, out);
}
