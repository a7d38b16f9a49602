// The detector's public vocabulary: entity types, spans and options. Re-exported by `index.ts`.

/** A kind of personal data the built-in detectors recognise. */
export type PiiType =
  | 'EMAIL'
  | 'PHONE'
  | 'IBAN'
  | 'CREDIT_CARD'
  | 'IP_ADDRESS'
  | 'DE_TAX_ID'
  | 'DE_TAX_NUMBER'
  | 'PERSON'
  | 'ADDRESS'
  | 'DATE_OF_BIRTH'
  | 'URL_CREDENTIALS';

/** Every PiiType once, in a stable order (schemas, tables, iteration). */
export const PII_TYPES: readonly PiiType[] = Object.freeze([
  'EMAIL',
  'PHONE',
  'IBAN',
  'CREDIT_CARD',
  'IP_ADDRESS',
  'DE_TAX_ID',
  'DE_TAX_NUMBER',
  'PERSON',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'URL_CREDENTIALS',
]);

/** One finding: UTF-16 code-unit offsets into the scanned text, `end` exclusive; `score` in [0, 1]. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  score: number;
  text: string;
}

/** Tuning for one scan; every field is optional. */
export interface DetectOptions {
  /** ISO 3166 region for national phone notations; default 'DE'. */
  region?: string;
  /** Report only these types (arbitration still sees all); default all. */
  types?: ReadonlySet<PiiType>;
  /** Drop findings scoring below this; default 0.5. */
  minScore?: number;
}

/** A finding before arbitration: offsets and score, the text is sliced only for the survivors. */
export interface Candidate {
  type: PiiType;
  start: number;
  end: number;
  score: number;
}

/** Type guard for strings coming from JSON or the command line. */
export function isPiiType(value: string): value is PiiType {
  return (PII_TYPES as readonly string[]).includes(value);
}
