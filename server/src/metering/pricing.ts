/** A model's prices in micro-units per million tokens; null where the model has no price. */
export interface ModelPrices {
  input: number | null;
  output: number | null;
  cachedInput: number | null;
}

/** Token counts of one request. `cached` is the part of `input` served from the provider's cache. */
export interface TokenCounts {
  input: number;
  output: number;
  cached: number;
}

/** A cost in micro-units, or the explicit state "unpriced" — never a silent zero. */
export type Cost = { pricing: 'priced'; micros: number } | { pricing: 'unpriced'; micros: null };

const MILLION = 1_000_000n;

/**
 * Cost of a request in integer micro-units, rounded up (a fraction of a micro-unit is charged
 * as one, so sums never undercount). Cached input uses the cached price, or the input price when
 * the model has none. Unpriced when the input or output price is missing.
 */
export function computeCost(prices: ModelPrices, tokens: TokenCounts): Cost {
  if (prices.input === null || prices.output === null) return { pricing: 'unpriced', micros: null };
  const cached = BigInt(Math.min(tokens.cached, tokens.input));
  const uncached = BigInt(tokens.input) - cached;
  const cachedPrice = BigInt(prices.cachedInput ?? prices.input);
  const scaled = uncached * BigInt(prices.input) + cached * cachedPrice + BigInt(tokens.output) * BigInt(prices.output);
  const micros = (scaled + MILLION - 1n) / MILLION;
  return { pricing: 'priced', micros: Number(micros) };
}
