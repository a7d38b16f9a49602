import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import {
  auditProviderCreated,
  providerDeleter,
  providerReplacer,
  type ProviderCommandContext,
} from '../providers/provider-commands.ts';
import { insertProvider } from '../providers/provider-creator.ts';
import { applyRuleChanges, setAccessDefault } from './access-matrix.ts';
import { modelAdder, modelDeleter, modelUpdater } from './model-commands.ts';
import type { ConfigModel } from './model-config.ts';
import type { ModelValues } from './model-creator.ts';
import type { ImportMode, ImportPlan } from './model-import-plan.ts';

const names = z.array(z.string());

/** What an import changed (or, in a dry run, would change). */
export const importResultOut = z.object({
  mode: z.enum(['merge', 'replace']),
  dryRun: z.boolean(),
  providers: z.object({ created: names, updated: names, deleted: names, unchanged: z.number().int() }),
  models: z.object({ created: names, updated: names, deleted: names, unchanged: z.number().int() }),
  access: z.object({
    rulesChanged: z.number().int(),
    modelAccessDefault: z.object({ from: z.enum(['allow', 'deny']), to: z.enum(['allow', 'deny']) }).nullable(),
  }),
  warnings: z.array(z.string()),
});

/** Summarizes a plan for the answer of POST /api/models/import. */
export function summarizeImport(plan: ImportPlan, mode: ImportMode, dryRun: boolean): z.infer<typeof importResultOut> {
  return {
    mode,
    dryRun,
    providers: {
      created: plan.providers.create.map((p) => p.name),
      updated: plan.providers.update.map((p) => p.name),
      deleted: plan.providers.remove.map((p) => p.name),
      unchanged: plan.providers.unchanged.length,
    },
    models: {
      created: plan.models.create.map((m) => m.entry.alias),
      updated: plan.models.update.map((m) => m.entry.alias),
      deleted: plan.models.remove.map((m) => m.alias),
      unchanged: plan.models.unchanged.length,
    },
    access: { rulesChanged: plan.rules.length, modelAccessDefault: plan.modelAccessDefault },
    warnings: plan.warnings,
  };
}

/** A document model's stored values on the provider `providerId`. */
function modelValues(m: ConfigModel, providerId: string): ModelValues {
  return {
    alias: m.alias,
    providerId,
    upstreamModel: m.upstreamModel,
    kind: m.kind,
    priceInput: m.priceInput ?? null,
    priceOutput: m.priceOutput ?? null,
    priceCachedInput: m.priceCachedInput ?? null,
    contextWindow: m.contextWindow ?? null,
    maxOutputTokens: m.maxOutputTokens ?? null,
    enabled: m.enabled,
  };
}

/**
 * Applies a validated plan in the caller's transaction (all or nothing), through the same
 * commands as the single-resource endpoints, so each changed provider, model and model's rules
 * get one audit event. New providers come without a credential (documents carry none).
 */
export async function applyImport(tx: Tx, plan: ImportPlan, c: ProviderCommandContext): Promise<void> {
  const ids = new Map(plan.providerIds);
  for (const step of plan.providers.create) {
    const id = await insertProvider(tx, c.actor.orgId, step, c.secrets);
    await auditProviderCreated(tx, id, c);
    ids.set(step.name.toLowerCase(), id);
  }
  for (const step of plan.providers.update) await providerReplacer(tx, step.existing!.id, step, c);
  for (const row of plan.models.remove) await modelDeleter(tx, row.id, c);
  for (const step of plan.models.create) await modelAdder(tx, modelValues(step.entry, ids.get(step.provider)!), c);
  for (const step of plan.models.update)
    await modelUpdater(tx, step.existing!.id, modelValues(step.entry, ids.get(step.provider)!), c);
  for (const row of plan.providers.remove) await providerDeleter(tx, row.id, c);
  if (plan.modelAccessDefault) await setAccessDefault(tx, plan.modelAccessDefault.to, c);
  if (plan.rules.length === 0) return;
  const models = (await tx.execute(sql`select id, alias from models`)).rows as Array<{ id: string; alias: string }>;
  const byAlias = new Map(models.map((m) => [m.alias, m.id]));
  const changes = plan.rules.map((r) => ({
    modelId: byAlias.get(r.alias)!,
    subjectType: r.subjectType,
    subject: r.subject,
    allowed: r.allowed,
  }));
  await applyRuleChanges(tx, changes, c, new Map(models.map((m) => [m.id, m.alias])));
}
