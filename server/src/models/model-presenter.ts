import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { formatAmount } from '../metering/metering-format.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { providerKindSchema } from '../providers/provider-presenter.ts';

const micros = z
  .number()
  .int()
  .nullable()
  .describe("Micro-units of the org's currency (1 EUR = 1 000 000) per million tokens; null = unpriced");
const usd = z
  .string()
  .nullable()
  .describe('The same price as a decimal string in the org\'s currency per million tokens, e.g. "0.15"');

/** A model as the API shows it: prices both as micro-units and as decimals (org currency) per million tokens. */
export const modelOut = z.object({
  id: z.uuid(),
  alias: z.string(),
  providerId: z.uuid(),
  provider: z.object({ id: z.uuid(), name: z.string(), kind: providerKindSchema }),
  upstreamModel: z.string(),
  kind: z.enum(['chat', 'embedding']),
  priceInput: micros,
  priceInputUsd: usd,
  priceOutput: micros,
  priceOutputUsd: usd,
  priceCachedInput: micros,
  priceCachedInputUsd: usd,
  contextWindow: z.number().int().nullable(),
  maxOutputTokens: z.number().int().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A model row joined with its provider, as the routes read it. */
export interface ModelRow {
  id: string;
  alias: string;
  provider_id: string;
  provider_name: string;
  provider_kind: ProviderKind;
  upstream_model: string;
  kind: 'chat' | 'embedding';
  /** bigint columns arrive as strings from raw queries. */
  price_input: string | number | null;
  price_output: string | number | null;
  price_cached_input: string | number | null;
  context_window: number | null;
  max_output_tokens: number | null;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

/** The select list and join of a ModelRow (aliases `m` and `p`). */
export const MODEL_FROM = sql`select m.id, m.alias, m.provider_id, p.name as provider_name, p.kind as provider_kind,
  m.upstream_model, m.kind, m.price_input, m.price_output, m.price_cached_input, m.context_window,
  m.max_output_tokens, m.enabled, m.created_at, m.updated_at
  from models m join providers p on p.id = m.provider_id`;

/** One model of the transaction's org, or 404 (another org's model is not found either). */
export async function loadModel(tx: Tx, id: string, field?: string): Promise<ModelRow> {
  const [row] = (await tx.execute(sql`${MODEL_FROM} where m.id = ${id}`)).rows as unknown as ModelRow[];
  if (!row)
    throw new AppError('not_found', `${field ? `${field}: ` : ''}no model ${id} in this organization`, {
      param: field,
    });
  return row;
}

const price = (v: string | number | null) => (v === null ? null : Number(v));
const priceUsd = (v: string | number | null) => (v === null ? null : formatAmount(Number(v)));

/** Names each field of a model the API shows. */
export function presentModel(row: ModelRow) {
  return {
    id: row.id,
    alias: row.alias,
    providerId: row.provider_id,
    provider: { id: row.provider_id, name: row.provider_name, kind: row.provider_kind },
    upstreamModel: row.upstream_model,
    kind: row.kind,
    priceInput: price(row.price_input),
    priceInputUsd: priceUsd(row.price_input),
    priceOutput: price(row.price_output),
    priceOutputUsd: priceUsd(row.price_output),
    priceCachedInput: price(row.price_cached_input),
    priceCachedInputUsd: priceUsd(row.price_cached_input),
    contextWindow: row.context_window,
    maxOutputTokens: row.max_output_tokens,
    enabled: row.enabled,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
