// Reads the labelled PII corpus (JSON lines) that scores the detectors.
import { readFileSync } from 'node:fs';
import { isPiiType, type PiiType } from '../detectors/pii-types.ts';

/** One labelled entity: UTF-16 offsets into `text`, end exclusive. */
export interface LabelledEntity {
  type: PiiType;
  start: number;
  end: number;
}

/** One corpus example; `entities` is empty for PII-free text (the hard negatives). */
export interface CorpusExample {
  id: string;
  lang: 'de' | 'en';
  text: string;
  entities: LabelledEntity[];
}

/** Which part: `dev` is tuned on, `holdout` is only scored, `all` is both. */
export type CorpusPart = 'dev' | 'holdout' | 'all';

const FILES: Record<Exclude<CorpusPart, 'all'>, string> = {
  dev: './pii-corpus.jsonl',
  holdout: './pii-holdout.jsonl',
};

function parseExample(line: string, where: string): CorpusExample {
  const raw = JSON.parse(line) as Partial<CorpusExample>;
  const { id, lang, text, entities } = raw;
  if (
    typeof id !== 'string' ||
    (lang !== 'de' && lang !== 'en') ||
    typeof text !== 'string' ||
    !Array.isArray(entities)
  ) {
    throw new Error(`${where}: not a corpus example`);
  }
  for (const e of entities) {
    if (!isPiiType(e.type) || !(e.start >= 0 && e.end > e.start && e.end <= text.length)) {
      throw new Error(`${where}: bad entity in ${id}`);
    }
  }
  return { id, lang, text, entities };
}

function readPart(part: Exclude<CorpusPart, 'all'>): CorpusExample[] {
  const content = readFileSync(new URL(FILES[part], import.meta.url), 'utf8');
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => parseExample(line, `${FILES[part]}:${i + 1}`));
}

/** Loads a part of the corpus, validating every line (throws on a malformed file). */
export function loadCorpus(part: CorpusPart = 'all'): CorpusExample[] {
  return part === 'all' ? [...readPart('dev'), ...readPart('holdout')] : readPart(part);
}
