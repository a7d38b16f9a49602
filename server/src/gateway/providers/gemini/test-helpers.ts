// Shared by this folder's tests: fixtures, a target, and feeding SSE bytes in arbitrary splits.
import { readFileSync } from 'node:fs';
import type { ChatCompletionChunk } from '../../canonical.ts';
import { SseParser } from '../../../lib/sse.ts';
import type { ProviderTarget, StreamTransformer } from '../types.ts';

/** A fixture's raw text, from `fixtures/` beside this file. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** A JSON fixture, parsed. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

/** A Gemini target as the pipeline would resolve it. */
export function target(overrides: Partial<ProviderTarget> = {}): ProviderTarget {
  return {
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    apiKey: 'test-key-123',
    upstreamModel: 'gemini-2.5-flash',
    settings: {},
    ...overrides,
  };
}

/** Cuts `bytes` into pieces at the given sizes, cycling through them. */
export function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/** Runs raw SSE bytes, in the given pieces, through SseParser and a transformer to the end. */
export function runStream(
  transformer: StreamTransformer,
  pieces: Uint8Array[],
): { chunks: ChatCompletionChunk[]; complete: boolean } {
  const parser = new SseParser();
  const chunks: ChatCompletionChunk[] = [];
  for (const piece of pieces) for (const event of parser.push(piece)) chunks.push(...transformer.push(event));
  for (const event of parser.end()) chunks.push(...transformer.push(event));
  const end = transformer.end();
  return { chunks: [...chunks, ...end.chunks], complete: end.complete };
}
