// Scores the detector on the labelled corpus (dev and held-out parts) and enforces the acceptance
// thresholds per type. The per-type table is printed so a run shows where the detector stands.
import { describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusPart } from '../corpus/load-corpus.ts';
import { formatScoreTable, scoreCorpus, type CorpusScore } from '../corpus/score-corpus.ts';
import { detectPii } from './index.ts';
import type { PiiType } from './pii-types.ts';

const STRICT: readonly PiiType[] = ['EMAIL', 'PHONE', 'IBAN', 'CREDIT_CARD', 'IP_ADDRESS', 'DE_TAX_ID'];
const LOOSE: readonly PiiType[] = ['PERSON', 'ADDRESS', 'DATE_OF_BIRTH'];

function score(part: CorpusPart): CorpusScore {
  const result = scoreCorpus(loadCorpus(part), (text) => detectPii(text));
  console.log(formatScoreTable(`PII corpus (${part})`, result));
  return result;
}

describe('PII corpus', () => {
  it('has at least 400 examples, a third of them PII-free hard negatives', () => {
    const all = loadCorpus('all');
    expect(all.length).toBeGreaterThanOrEqual(400);
    expect(all.filter((e) => e.entities.length === 0).length * 3).toBeGreaterThanOrEqual(all.length);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('meets the acceptance thresholds on the whole corpus', () => {
    const result = score('all');
    for (const s of result.byType) {
      if (STRICT.includes(s.type)) {
        expect(s.recall, `${s.type} recall`).toBeGreaterThanOrEqual(0.97);
        expect(s.f1, `${s.type} F1`).toBeGreaterThanOrEqual(0.95);
      }
      if (LOOSE.includes(s.type)) expect(s.f1, `${s.type} F1`).toBeGreaterThanOrEqual(0.85);
    }
    expect(result.piiFreeFlagged / result.piiFreeExamples).toBeLessThanOrEqual(0.05);
  });

  it('reports the held-out part separately', () => {
    const result = score('holdout');
    expect(result.byType.length).toBe(11);
  });
});
