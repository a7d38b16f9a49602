// One conversation's pseudonyms: value → placeholder and placeholder → original, with a counter per
// tag. Allocation is deterministic (first seen, first numbered), so re-sending the same history
// through a fresh vault yields the same placeholders: nothing needs storing between turns.
import { entityTag, PLACEHOLDER_PATTERN, type EntityType } from './entity-types.ts';
import { identityKey } from './identity.ts';

/**
 * The placeholder ↔ value map of one conversation. Holds personal data in memory only; `toJSON`
 * reports the size, so logging a vault by mistake prints no value.
 */
export class PseudonymVault {
  /** `${tag}\u0000${identity key}` → placeholder. */
  readonly #byIdentity = new Map<string, string>();
  /** placeholder → the value as first seen. */
  readonly #byPlaceholder = new Map<string, string>();
  /** tag → the last number handed out. */
  readonly #counters = new Map<string, number>();
  /** Placeholder-shaped tokens the client wrote themselves: never handed out, never restored. */
  readonly #reserved = new Set<string>();
  #longest = 0;

  /** The stable placeholder of `value` as `type`; the same identity always gets the same one. */
  placeholderFor(type: EntityType, value: string, region: string): string {
    const tag = entityTag(type);
    const key = `${tag}\u0000${identityKey(value, type, region)}`;
    const known = this.#byIdentity.get(key);
    if (known !== undefined) return known;
    let n = this.#counters.get(tag) ?? 0;
    let placeholder: string;
    do {
      n += 1;
      placeholder = `<${tag}_${n}>`;
    } while (this.#reserved.has(placeholder));
    this.#counters.set(tag, n);
    this.#byIdentity.set(key, placeholder);
    this.#byPlaceholder.set(placeholder, value);
    this.#longest = Math.max(this.#longest, placeholder.length);
    return placeholder;
  }

  /** Marks every placeholder-shaped token in client text that is not ours, so ours never collide. */
  reserveFoundIn(text: string): void {
    if (!text.includes('<')) return;
    for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
      if (!this.#byPlaceholder.has(match[0])) this.#reserved.add(match[0]);
    }
  }

  /** The original behind one of our placeholders; undefined for anything else. */
  valueOf(placeholder: string): string | undefined {
    return this.#byPlaceholder.get(placeholder);
  }

  /** Every placeholder handed out, in allocation order. */
  placeholders(): IterableIterator<string> {
    return this.#byPlaceholder.keys();
  }

  /** Number of placeholders handed out. */
  get size(): number {
    return this.#byPlaceholder.size;
  }

  /** Length in UTF-16 units of the longest placeholder handed out (0 when none). */
  get longestPlaceholder(): number {
    return this.#longest;
  }

  /** Never the values: a vault that reaches a log line shows only its size. */
  toJSON(): { placeholders: number } {
    return { placeholders: this.#byPlaceholder.size };
  }
}
