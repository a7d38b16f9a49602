import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Tx } from '../db/database.ts';
import { models } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import { PRICE_CATALOG_CURRENCY, catalogPrice } from '../metering/price-catalog.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';

const price = z
  .number()
  .int('prices are integer micro-units per million tokens')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .nullable()
  .optional()
  .describe("Micro-units of the org's currency (1 EUR = 1 000 000) per million tokens; null = unpriced");

/** A public model alias: letters, digits and ._:/@- (max 128). */
export const aliasSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/,
    'letters, digits and ._:/@- (max 128), starting with a letter or digit',
  );

const fields = {
  alias: aliasSchema,
  upstreamModel: z.string().min(1).max(256).describe('The model name the provider knows'),
  kind: z.enum(['chat', 'embedding']),
  priceInput: price,
  priceOutput: price,
  priceCachedInput: price,
  contextWindow: z.number().int().positive().max(100_000_000).nullable().optional(),
  maxOutputTokens: z.number().int().positive().max(100_000_000).nullable().optional(),
  enabled: z.boolean(),
};

/** The fields of a model besides its provider, shared by the API, the import document and the CLI. */
export const modelFieldsSchema = z.object({
  ...fields,
  kind: fields.kind.default('chat'),
  enabled: fields.enabled.default(true),
});

/** A change to a model: every field optional, no defaults (absent = unchanged, null = cleared). */
export const modelPatchSchema = z.object({ ...fields, providerId: z.uuid() }).partial();

/** A public alias for an upstream model, with prices in micro-units per million tokens. */
export const modelInputSchema = modelFieldsSchema.extend({ providerId: z.uuid() });

/** Input accepted by modelCreator. */
export type ModelInput = z.input<typeof modelInputSchema>;

/** A model's stored values, validated. */
export type ModelValues = z.output<typeof modelInputSchema>;

/** Why a model kind cannot run on a provider kind, or null when it can. */
export function kindProblem(modelKind: 'chat' | 'embedding', providerKind: ProviderKind): string | null {
  if (modelKind === 'embedding' && !providerAdapters[providerKind].capabilities.embeddings)
    return `${providerKind} providers offer no embeddings`;
  return null;
}

/**
 * The provider a model points at, checked through the org's door (foreign keys ignore RLS, so a
 * provider of another org must be refused here): 404 naming `field`, 400 naming `kind` when the
 * provider cannot serve the model's kind.
 */
export async function modelProvider(
  tx: Tx,
  providerId: string,
  modelKind: 'chat' | 'embedding',
  field = 'providerId',
): Promise<{ id: string; kind: ProviderKind }> {
  const [provider] = (await tx.execute(sql`select id, kind from providers where id = ${providerId}`)).rows as Array<{
    id: string;
    kind: ProviderKind;
  }>;
  if (!provider)
    throw new AppError('not_found', `${field}: no provider ${providerId} in this organization`, { param: field });
  const problem = kindProblem(modelKind, provider.kind);
  if (problem) throw new AppError('invalid_request', `kind: ${problem}`, { param: 'kind' });
  return provider;
}

/**
 * The prices a new model gets: its own; or, when it was given none at all (not even null, which
 * means "unpriced"), the bundled catalog's list price for its upstream model — for an org that
 * counts in the catalog's currency.
 */
async function pricesFor(
  tx: Tx,
  m: ModelValues,
): Promise<Pick<ModelValues, 'priceInput' | 'priceOutput' | 'priceCachedInput'>> {
  const own = { priceInput: m.priceInput, priceOutput: m.priceOutput, priceCachedInput: m.priceCachedInput };
  if (m.priceInput !== undefined || m.priceOutput !== undefined) return own;
  const listed = catalogPrice(m.upstreamModel);
  if (!listed) return own;
  const [org] = (await tx.execute(sql`select settings->>'currency' as currency from organizations`)).rows as Array<{
    currency: string | null;
  }>;
  if ((org?.currency ?? PRICE_CATALOG_CURRENCY) !== PRICE_CATALOG_CURRENCY) return own;
  return {
    priceInput: listed.input,
    priceOutput: listed.output,
    priceCachedInput: m.priceCachedInput ?? listed.cachedInput,
  };
}

/** Inserts a validated model in the caller's transaction; 409 naming `alias` when it is taken. */
export async function insertModel(tx: Tx, orgId: string, m: ModelValues): Promise<string> {
  const prices = await pricesFor(tx, m);
  const [row] = await tx
    .insert(models)
    .values({
      orgId,
      alias: m.alias,
      providerId: m.providerId,
      upstreamModel: m.upstreamModel,
      kind: m.kind,
      priceInput: prices.priceInput ?? null,
      priceOutput: prices.priceOutput ?? null,
      priceCachedInput: prices.priceCachedInput ?? null,
      contextWindow: m.contextWindow ?? null,
      maxOutputTokens: m.maxOutputTokens ?? null,
      enabled: m.enabled,
    })
    .onConflictDoNothing()
    .returning({ id: models.id });
  if (!row)
    throw new AppError('conflict', `alias: a model with the alias "${m.alias}" already exists`, { param: 'alias' });
  return row.id;
}

/** Adds a model alias to an org (CLI, bootstrap, tests); the admin API audits its own transaction. */
export async function modelCreator(db: Database, orgId: string, input: ModelInput): Promise<{ id: string }> {
  const parsed = modelInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_request', `${issue.path.join('.') || 'model'}: ${issue.message}`);
  }
  const m = parsed.data;
  return db.withOrg(orgId, async (tx) => {
    await modelProvider(tx, m.providerId, m.kind);
    return { id: await insertModel(tx, orgId, m) };
  });
}
