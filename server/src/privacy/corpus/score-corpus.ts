// Scores a detector against the labelled corpus, per type: a finding matches a label when the type
// is equal and the two spans overlap by at least half of their union.
import { PII_TYPES, type PiiType } from '../detectors/pii-types.ts';
import type { CorpusExample, LabelledEntity } from './load-corpus.ts';

/** Counts and rates for one type (rates are 1 when their denominator is 0). */
export interface TypeScore {
  type: PiiType;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** The whole report: per-type scores, and how many PII-free examples got any finding. */
export interface CorpusScore {
  byType: TypeScore[];
  piiFreeExamples: number;
  piiFreeFlagged: number;
  /** Ids of examples with a miss or a false finding, for debugging. */
  errors: { id: string; missed: LabelledEntity[]; spurious: LabelledEntity[] }[];
}

/** A detector as the scorer sees it. */
export type SpanDetector = (text: string) => readonly LabelledEntity[];

/** Overlap of two spans as a share of their union (0..1). */
export function overlapRatio(a: LabelledEntity, b: LabelledEntity): number {
  const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (inter <= 0) return 0;
  return inter / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
}

function rate(num: number, den: number): number {
  return den === 0 ? 1 : num / den;
}

/** Runs `detect` over every example and scores it per type. */
export function scoreCorpus(examples: readonly CorpusExample[], detect: SpanDetector): CorpusScore {
  const counts = new Map<PiiType, { tp: number; fp: number; fn: number }>(
    PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]),
  );
  let piiFreeExamples = 0;
  let piiFreeFlagged = 0;
  const errors: CorpusScore['errors'] = [];
  for (const ex of examples) {
    const found = detect(ex.text);
    if (ex.entities.length === 0) {
      piiFreeExamples++;
      if (found.length > 0) piiFreeFlagged++;
    }
    const used = new Set<number>();
    const missed: LabelledEntity[] = [];
    for (const gold of ex.entities) {
      const i = found.findIndex((f, k) => !used.has(k) && f.type === gold.type && overlapRatio(f, gold) >= 0.5);
      const c = counts.get(gold.type)!;
      if (i >= 0) {
        used.add(i);
        c.tp++;
      } else {
        c.fn++;
        missed.push(gold);
      }
    }
    const spurious = found.filter((_, k) => !used.has(k));
    for (const f of spurious) counts.get(f.type)!.fp++;
    if (missed.length > 0 || spurious.length > 0) {
      errors.push({ id: ex.id, missed, spurious: spurious.map(({ type, start, end }) => ({ type, start, end })) });
    }
  }
  const byType = PII_TYPES.map((type) => {
    const { tp, fp, fn } = counts.get(type)!;
    const precision = rate(tp, tp + fp);
    const recall = rate(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { type, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
  });
  return { byType, piiFreeExamples, piiFreeFlagged, errors };
}

/** A fixed-width table of the scores, for test output and reports. */
export function formatScoreTable(title: string, score: CorpusScore): string {
  const pct = (x: number): string => (x * 100).toFixed(1).padStart(6);
  const lines = [
    title,
    'type             tp   fp   fn  precision  recall     f1',
    ...score.byType.map(
      (s) =>
        `${s.type.padEnd(15)}${String(s.truePositives).padStart(4)}${String(s.falsePositives).padStart(5)}` +
        `${String(s.falseNegatives).padStart(5)}    ${pct(s.precision)}  ${pct(s.recall)} ${pct(s.f1)}`,
    ),
    `PII-free examples flagged: ${score.piiFreeFlagged}/${score.piiFreeExamples}`,
  ];
  return lines.join('\n');
}
