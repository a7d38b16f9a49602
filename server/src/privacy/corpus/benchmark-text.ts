// A ~1 MB mixed German/English text built from the labelled corpus, for throughput benchmarks.
import { loadCorpus } from './load-corpus.ts';

/** Target size of the benchmark text in UTF-16 code units. */
export const BENCHMARK_TEXT_LENGTH = 1_000_000;

let cached: string | null = null;

/**
 * About 1 MB (1,000,000 UTF-16 units) of corpus examples, positives and hard negatives, German and
 * English, in a fixed pseudo-random order separated by blank lines; the same string on every call.
 */
export function benchmarkCorpusText(): string {
  if (cached !== null) return cached;
  const texts = loadCorpus('all').map((e) => e.text);
  const parts: string[] = [];
  let length = 0;
  let seed = 0x2545f491;
  while (length < BENCHMARK_TEXT_LENGTH) {
    // xorshift32: a reproducible shuffle without Math.random.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const text = texts[(seed >>> 0) % texts.length] ?? '';
    parts.push(text);
    length += text.length + 2;
  }
  cached = parts.join('\n\n').slice(0, BENCHMARK_TEXT_LENGTH);
  return cached;
}
