// The vocabulary the shield shares with the detectors: entity types, spans, modes, and the tags that
// name a type inside placeholders (`<PERSON_1>`) and mask tokens (`[PERSON]`).
import type { PiiSpan, PiiType, detectPii } from '../detectors/index.ts';

/** Every built-in detector type, in a stable order (the detectors' own list: one source of truth). */
export { PII_TYPES } from '../detectors/index.ts';

/** The detectors' type and finding (re-exported so the shield has one door to the detector contract). */
export type { PiiSpan, PiiType };

/** A built-in detector type, or an org's custom pattern as `CUSTOM:<NAME>` (NAME is `[A-Z][A-Z0-9_]*`). */
export type EntityType = PiiType | `CUSTOM:${string}`;

/** What the shield needs of a finding: UTF-16 offsets into the scanned text, `end` exclusive. */
export interface EntitySpan {
  type: EntityType;
  start: number;
  end: number;
}

/** The detector's entry point, injected so tests and the CLI can pass their own. */
export type DetectPii = typeof detectPii;

/** What the policy does with one entity type. */
export type PrivacyMode = 'off' | 'mask' | 'pseudonymize' | 'block';

/** Occurrences replaced per entity type, for the usage event; never values. */
export type EntityCounts = Partial<Record<EntityType, number>>;

/** The tag naming a type in placeholders and masks: `PERSON`, or `CUSTOM_CASE_NO` for `CUSTOM:CASE_NO`. */
export function entityTag(type: EntityType): string {
  return type.startsWith('CUSTOM:') ? `CUSTOM_${type.slice(7)}` : type;
}

/** A placeholder-shaped token: `<TAG_N>`, TAG upper-case, N ≥ 1. Global: reset `lastIndex` or use matchAll/replace. */
export const PLACEHOLDER_PATTERN = /<[A-Z][A-Z0-9_]*_[1-9][0-9]*>/g;
