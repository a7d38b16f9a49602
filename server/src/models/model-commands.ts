import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { insertModel, modelProvider, type modelPatchSchema, type ModelValues } from './model-creator.ts';
import { loadModel, presentModel, type ModelRow } from './model-presenter.ts';

/** Who changes a model and from where. */
export interface ModelCommandContext {
  actor: Actor;
  request: RequestContext;
}

/** A change to a model (absent = unchanged, null = cleared). */
export type ModelPatch = z.output<typeof modelPatchSchema>;

/** Writes one audit event for a model change (`model.create`, `model.update`, `model.delete`). */
export async function auditModel(
  tx: Tx,
  c: ModelCommandContext,
  action: string,
  before: ModelRow | null,
  after: ModelRow | null,
): Promise<void> {
  await writeAudit(
    tx,
    c.actor.orgId,
    c.actor,
    {
      action,
      targetType: 'model',
      targetId: (after ?? before)!.id,
      before: before ? presentModel(before) : undefined,
      after: after ? presentModel(after) : undefined,
    },
    c.request,
  );
}

/** Adds a model (its provider checked through the org's door) and audits it. */
export async function modelAdder(tx: Tx, values: ModelValues, c: ModelCommandContext): Promise<ModelRow> {
  await modelProvider(tx, values.providerId, values.kind);
  const id = await insertModel(tx, c.actor.orgId, values);
  const after = await loadModel(tx, id);
  await auditModel(tx, c, 'model.create', null, after);
  return after;
}

/** Changes a model's alias, provider, prices, limits or state; one audit event. */
export async function modelUpdater(tx: Tx, id: string, patch: ModelPatch, c: ModelCommandContext): Promise<ModelRow> {
  const before = await loadModel(tx, id);
  const pick = <K extends keyof ModelPatch, T>(k: K, current: T) =>
    (patch[k] === undefined ? current : patch[k]) as Exclude<ModelPatch[K], undefined> | T;
  const providerId = patch.providerId ?? before.provider_id;
  const kind = patch.kind ?? before.kind;
  if (patch.providerId !== undefined || patch.kind !== undefined) await modelProvider(tx, providerId, kind);
  const alias = patch.alias ?? before.alias;
  if (alias !== before.alias) {
    const clash = (await tx.execute(sql`select 1 from models where alias = ${alias} and id <> ${id}`)).rows;
    if (clash.length > 0)
      throw new AppError('conflict', `alias: a model with the alias "${alias}" already exists`, { param: 'alias' });
  }
  await tx.execute(sql`
    update models set alias = ${alias}, provider_id = ${providerId}, kind = ${kind},
           upstream_model = ${patch.upstreamModel ?? before.upstream_model},
           price_input = ${pick('priceInput', before.price_input)},
           price_output = ${pick('priceOutput', before.price_output)},
           price_cached_input = ${pick('priceCachedInput', before.price_cached_input)},
           context_window = ${pick('contextWindow', before.context_window)},
           max_output_tokens = ${pick('maxOutputTokens', before.max_output_tokens)},
           enabled = ${patch.enabled ?? before.enabled}
     where id = ${id}`);
  const after = await loadModel(tx, id);
  await auditModel(tx, c, 'model.update', before, after);
  return after;
}

/** Deletes a model and its access rules (the rules go with it); one audit event. */
export async function modelDeleter(tx: Tx, id: string, c: ModelCommandContext): Promise<void> {
  const before = await loadModel(tx, id);
  await tx.execute(sql`delete from models where id = ${id}`);
  await auditModel(tx, c, 'model.delete', before, null);
}
