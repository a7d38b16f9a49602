import { countWords, fnv1a } from './answer.ts';

/** Default vector length of mock embeddings (small: tests and benchmarks, not semantics). */
export const MOCK_EMBEDDING_DIMENSIONS = 16;

/**
 * A deterministic unit vector for `input`: an xorshift32 sequence seeded by the input's hash, in
 * [-1, 1], L2-normalized. The same input always gives the same vector.
 */
export function mockEmbedding(input: string, dimensions: number): number[] {
  let state = fnv1a(input) || 1;
  const vector: number[] = [];
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const x = (state / 0xffffffff) * 2 - 1;
    vector.push(x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  return vector.map((x) => x / norm);
}

/** One embeddings input item as the mock sees it: the text it hashes and the tokens it bills. */
export interface MockEmbeddingInput {
  key: string;
  tokens: number;
}

/** The request's `input` as a list (a string, strings, one token array, or token arrays); null if malformed. */
export function embeddingInputs(input: unknown): MockEmbeddingInput[] | null {
  if (typeof input === 'string') return input === '' ? null : [{ key: input, tokens: countWords(input) }];
  if (!Array.isArray(input) || input.length === 0) return null;
  if (input.every((x) => typeof x === 'number')) return [{ key: JSON.stringify(input), tokens: input.length }];
  const items: MockEmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') items.push({ key: item, tokens: countWords(item) });
    else if (Array.isArray(item) && item.length > 0 && item.every((x) => typeof x === 'number')) {
      items.push({ key: JSON.stringify(item), tokens: item.length });
    } else return null;
  }
  return items;
}

/** A vector as OpenAI's `encoding_format: 'base64'` sends it: little-endian float32 bytes, base64. */
export function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
