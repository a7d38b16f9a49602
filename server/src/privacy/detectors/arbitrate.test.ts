import { describe, expect, it } from 'vitest';
import { arbitrate } from './arbitrate.ts';
import type { Candidate } from './pii-types.ts';

describe('arbitrate', () => {
  it('keeps the validated type over a looser overlapping one', () => {
    const kept = arbitrate([
      { type: 'PHONE', start: 5, end: 20, score: 0.9 },
      { type: 'IBAN', start: 0, end: 27, score: 0.95 },
      { type: 'CREDIT_CARD', start: 5, end: 24, score: 0.9 },
    ]);
    expect(kept.map((c) => c.type)).toEqual(['IBAN']);
  });

  it('resolves chains of overlaps and keeps disjoint spans sorted', () => {
    const input: Candidate[] = [
      { type: 'PERSON', start: 40, end: 50, score: 0.6 },
      { type: 'ADDRESS', start: 30, end: 45, score: 0.9 },
      { type: 'EMAIL', start: 0, end: 10, score: 0.95 },
      { type: 'PERSON', start: 44, end: 60, score: 0.9 },
    ];
    expect(arbitrate(input).map((c) => [c.type, c.start])).toEqual([
      ['EMAIL', 0],
      ['ADDRESS', 30],
    ]);
  });

  it('prefers the longer span when type and score tie', () => {
    const kept = arbitrate([
      { type: 'ADDRESS', start: 0, end: 10, score: 0.8 },
      { type: 'ADDRESS', start: 0, end: 25, score: 0.8 },
    ]);
    expect(kept).toEqual([{ type: 'ADDRESS', start: 0, end: 25, score: 0.8 }]);
  });
});
