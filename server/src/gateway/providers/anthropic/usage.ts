import type { Usage } from '../../canonical.ts';

/** Anthropic's token counters; `input` excludes cache reads and cache writes. */
export interface AnthropicCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Overwrites `counts` with the counters present in an Anthropic usage object. Counters are
 * cumulative whole-message totals, so a later report replaces an earlier one; absent or null ones
 * keep their value.
 */
export function readCounts(counts: AnthropicCounts, usage: Record<string, unknown>): AnthropicCounts {
  const pick = (key: string, current: number): number => {
    const v = usage[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : current;
  };
  return {
    input: pick('input_tokens', counts.input),
    output: pick('output_tokens', counts.output),
    cacheRead: pick('cache_read_input_tokens', counts.cacheRead),
    cacheCreation: pick('cache_creation_input_tokens', counts.cacheCreation),
  };
}

/** Anthropic counters → OpenAI usage: every input token, cached or not, is a prompt token. */
export function countsToUsage(counts: AnthropicCounts): Usage {
  const prompt = counts.input + counts.cacheRead + counts.cacheCreation;
  return {
    prompt_tokens: prompt,
    completion_tokens: counts.output,
    total_tokens: prompt + counts.output,
    prompt_tokens_details: { cached_tokens: counts.cacheRead },
  };
}

/** All counters at zero, the start of every count. */
export const ZERO_COUNTS: Readonly<AnthropicCounts> = Object.freeze({
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheCreation: 0,
});

/**
 * OpenAI usage → Anthropic usage, the inverse of countsToUsage: cached prompt tokens are reported
 * as cache reads and left out of input_tokens (cache writes are not known, so they stay in input).
 */
export function usageToAnthropic(usage: Usage | null | undefined): {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
} {
  if (!usage) return { input_tokens: 0, output_tokens: 0 };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number' && cached > 0) {
    return {
      input_tokens: Math.max(0, usage.prompt_tokens - cached),
      output_tokens: usage.completion_tokens,
      cache_read_input_tokens: cached,
    };
  }
  return { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens };
}
