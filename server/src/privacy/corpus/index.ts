// The labelled PII corpus: loading, scoring, and the benchmark text built from it.
export { BENCHMARK_TEXT_LENGTH, benchmarkCorpusText } from './benchmark-text.ts';
export { loadCorpus, type CorpusExample, type CorpusPart, type LabelledEntity } from './load-corpus.ts';
export { formatScoreTable, overlapRatio, scoreCorpus, type CorpusScore, type TypeScore } from './score-corpus.ts';
