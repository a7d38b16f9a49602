// Compiles the hand-annotated corpus (`annotated/*.txt`) into the JSON-lines files the tests read.
// Run after editing an annotated file: `node --import tsx src/privacy/corpus/compile-corpus.ts`.
//
// Annotated format, one example per line: `lang<TAB>text`. `⟦CODE:value⟧` marks an entity, `\n`
// is a newline and `\uXXXX` a code unit (for no-break spaces). Lines starting with `#` are notes.
// Examples go to the held-out file by a hash of their id, so nobody picks which ones are held out.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isPiiType, type PiiType } from '../detectors/pii-types.ts';
import type { CorpusExample, LabelledEntity } from './load-corpus.ts';

const CODES: Readonly<Record<string, PiiType>> = {
  EM: 'EMAIL',
  PH: 'PHONE',
  IB: 'IBAN',
  CC: 'CREDIT_CARD',
  IP: 'IP_ADDRESS',
  TID: 'DE_TAX_ID',
  TNR: 'DE_TAX_NUMBER',
  P: 'PERSON',
  A: 'ADDRESS',
  DOB: 'DATE_OF_BIRTH',
  UC: 'URL_CREDENTIALS',
};

const MARK = /⟦([A-Z]+):([^⟧]+)⟧/g;

function unescape(raw: string): string {
  return raw
    .replace(/\\n/g, '\n')
    .replace(/\\u([0-9A-Fa-f]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Parses one annotated text into plain text plus entity offsets (UTF-16, end exclusive). */
export function parseAnnotated(raw: string): { text: string; entities: LabelledEntity[] } {
  const source = unescape(raw);
  const entities: LabelledEntity[] = [];
  let text = '';
  let last = 0;
  for (const m of source.matchAll(MARK)) {
    const code = m[1] ?? '';
    const value = m[2] ?? '';
    const type = CODES[code] ?? (isPiiType(code) ? code : undefined);
    if (!type) throw new Error(`unknown entity code ${code} in: ${raw}`);
    text += source.slice(last, m.index);
    entities.push({ type, start: text.length, end: text.length + value.length });
    text += value;
    last = m.index + m[0].length;
  }
  text += source.slice(last);
  if (text.includes('⟦') || text.includes('⟧')) throw new Error(`unbalanced mark in: ${raw}`);
  return { text, entities };
}

/** FNV-1a over the id; a quarter of the ids land in the held-out file. */
function isHeldOut(id: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 4 === 0;
}

function compile(): void {
  const dir = fileURLToPath(new URL('./annotated/', import.meta.url));
  const dev: CorpusExample[] = [];
  const held: CorpusExample[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const stem = file.replace(/\.txt$/, '');
    const lines = readFileSync(dir + file, 'utf8').split('\n');
    let n = 0;
    for (const line of lines) {
      if (!line.trim() || line.startsWith('#')) continue;
      const tab = line.indexOf('\t');
      const lang = line.slice(0, tab);
      if (lang !== 'de' && lang !== 'en') throw new Error(`${file}: bad language in: ${line}`);
      const { text, entities } = parseAnnotated(line.slice(tab + 1));
      if (stem.startsWith('negatives') && entities.length > 0) throw new Error(`${file}: negative with entities`);
      n++;
      const example: CorpusExample = { id: `${stem}-${String(n).padStart(3, '0')}`, lang, text, entities };
      (isHeldOut(example.id) ? held : dev).push(example);
    }
  }
  const toLines = (xs: CorpusExample[]): string => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
  writeFileSync(new URL('./pii-corpus.jsonl', import.meta.url), toLines(dev));
  writeFileSync(new URL('./pii-holdout.jsonl', import.meta.url), toLines(held));
  console.log(`corpus: ${dev.length} examples, held out: ${held.length}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) compile();
