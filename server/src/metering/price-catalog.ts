// The bundled price catalog: list prices of common models, so a model added without prices is
// priced from it instead of refused as unpriced. Dated, in USD; an org overrides any of them by
// giving its model its own prices (and an org in another currency always sets its own).
import type { ModelPrices } from './pricing.ts';

/** When these list prices were taken from the providers' price pages. */
export const PRICE_CATALOG_AS_OF = '2025-07-01';
export const PRICE_CATALOG_CURRENCY = 'USD';

/** One catalog entry: micro-units (USD) per million tokens. */
export interface CatalogPrice extends ModelPrices {
  /** The upstream model name (dated snapshots of it match too: gpt-4o-2024-08-06, …-20250514). */
  model: string;
  provider: 'openai' | 'anthropic' | 'gemini';
}

const usd = (dollars: number): number => Math.round(dollars * 1_000_000);

function entry(
  provider: CatalogPrice['provider'],
  model: string,
  input: number,
  output: number,
  cachedInput: number | null,
): CatalogPrice {
  return {
    provider,
    model,
    input: usd(input),
    output: usd(output),
    cachedInput: cachedInput === null ? null : usd(cachedInput),
  };
}

/** Standard (not batch, not priority) list prices per million tokens, text modality. */
export const PRICE_CATALOG: readonly CatalogPrice[] = [
  entry('openai', 'gpt-4o', 2.5, 10, 1.25),
  entry('openai', 'gpt-4o-mini', 0.15, 0.6, 0.075),
  entry('openai', 'gpt-4.1', 2, 8, 0.5),
  entry('openai', 'gpt-4.1-mini', 0.4, 1.6, 0.1),
  entry('openai', 'gpt-4.1-nano', 0.1, 0.4, 0.025),
  entry('openai', 'o3', 2, 8, 0.5),
  entry('openai', 'o3-mini', 1.1, 4.4, 0.55),
  entry('openai', 'o4-mini', 1.1, 4.4, 0.275),
  entry('openai', 'text-embedding-3-small', 0.02, 0, null),
  entry('openai', 'text-embedding-3-large', 0.13, 0, null),
  entry('anthropic', 'claude-opus-4', 15, 75, 1.5),
  entry('anthropic', 'claude-sonnet-4', 3, 15, 0.3),
  entry('anthropic', 'claude-3-7-sonnet', 3, 15, 0.3),
  entry('anthropic', 'claude-3-5-sonnet', 3, 15, 0.3),
  entry('anthropic', 'claude-3-5-haiku', 0.8, 4, 0.08),
  entry('anthropic', 'claude-3-haiku', 0.25, 1.25, 0.03),
  entry('gemini', 'gemini-2.5-pro', 1.25, 10, 0.31),
  entry('gemini', 'gemini-2.5-flash', 0.3, 2.5, 0.075),
  entry('gemini', 'gemini-2.5-flash-lite', 0.1, 0.4, 0.025),
  entry('gemini', 'gemini-2.0-flash', 0.1, 0.4, 0.025),
];

/** What may follow a catalog name in a snapshot's name: a date, '-latest', a version tag. */
const SNAPSHOT_SUFFIX = /^(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-latest|-\d{3}|-preview(?:-[\w-]+)?|-exp(?:-[\w-]+)?)$/;

/**
 * The catalog price of an upstream model, matching its exact name or a dated snapshot of it
 * ('gpt-4o-mini-2024-07-18' → gpt-4o-mini, not gpt-4o); a provider prefix ('models/', 'openai/')
 * is ignored. Null when the catalog does not know the model.
 */
export function catalogPrice(upstreamModel: string): CatalogPrice | null {
  const name = upstreamModel
    .toLowerCase()
    .replace(/^(?:models|openai|anthropic|google)\//, '')
    .trim();
  let best: CatalogPrice | null = null;
  for (const p of PRICE_CATALOG) {
    if (name !== p.model && !(name.startsWith(p.model) && SNAPSHOT_SUFFIX.test(name.slice(p.model.length)))) continue;
    if (!best || p.model.length > best.model.length) best = p;
  }
  return best;
}
