import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-writer.ts';
import type { Tx } from '../db/database.ts';
import { readAccessDefault } from './catalog.ts';
import type { ModelCommandContext } from './model-commands.ts';
import { MATRIX_ROLES, type AccessDefault } from './model-access.ts';

/** One cell of the matrix: an explicit allow or deny, or no rule (the org default or a parent's rule applies). */
const cell = z.enum(['allowed', 'denied', 'default']);

/** The model access matrix as the API shows it: every model × every role and department. */
export const accessMatrixOut = z.object({
  modelAccessDefault: z.enum(['allow', 'deny']).describe('Applies to models (and cells) without a rule'),
  roles: z.array(z.enum(MATRIX_ROLES)),
  departments: z.array(z.object({ id: z.uuid(), name: z.string(), parentId: z.uuid().nullable() })),
  models: z.array(
    z.object({
      id: z.uuid(),
      alias: z.string(),
      enabled: z.boolean(),
      roles: z.record(z.string(), cell),
      departments: z.record(z.string(), cell).describe('By department id; a department without a rule inherits'),
    }),
  ),
});

/** A rule to set (true/false) or remove (null) for one model and subject. */
export interface RuleChange {
  modelId: string;
  subjectType: 'role' | 'department';
  subject: string;
  allowed: boolean | null;
}

interface RuleRow {
  model_id: string;
  subject_type: 'role' | 'department';
  subject: string;
  allowed: boolean;
}

const cellOf = (v: boolean | undefined) => (v === undefined ? 'default' : v ? 'allowed' : 'denied');

/** The org's default for models without a rule (from its settings). */
export async function loadAccessDefault(tx: Tx): Promise<AccessDefault> {
  const [org] = (await tx.execute(sql`select settings from organizations`)).rows as Array<{ settings: unknown }>;
  return readAccessDefault(org?.settings);
}

/** Reads the whole matrix of the transaction's org. */
export async function loadAccessMatrix(tx: Tx): Promise<z.infer<typeof accessMatrixOut>> {
  const models = (await tx.execute(sql`select id, alias, enabled from models order by alias`)).rows as Array<{
    id: string;
    alias: string;
    enabled: boolean;
  }>;
  const departments = (
    await tx.execute(sql`select id, name, parent_id from departments order by lower(name) limit 5000`)
  ).rows as Array<{ id: string; name: string; parent_id: string | null }>;
  const rules = (await tx.execute(sql`select model_id, subject_type, subject, allowed from model_access`))
    .rows as unknown as RuleRow[];
  const byCell = new Map(rules.map((r) => [`${r.model_id}|${r.subject_type}|${r.subject}`, r.allowed]));
  return {
    modelAccessDefault: await loadAccessDefault(tx),
    roles: [...MATRIX_ROLES],
    departments: departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parent_id })),
    models: models.map((m) => ({
      id: m.id,
      alias: m.alias,
      enabled: m.enabled,
      roles: Object.fromEntries(MATRIX_ROLES.map((r) => [r, cellOf(byCell.get(`${m.id}|role|${r}`))])),
      departments: Object.fromEntries(departments.map((d) => [d.id, cellOf(byCell.get(`${m.id}|department|${d.id}`))])),
    })),
  };
}

/** A model's rules as an audit snapshot: `{ roles: { member: false }, departments: { <id>: true } }`. */
function snapshot(rules: Map<string, boolean>) {
  const roles: Record<string, boolean> = {};
  const departments: Record<string, boolean> = {};
  for (const [key, allowed] of [...rules].sort(([a], [b]) => a.localeCompare(b))) {
    const [type, subject] = key.split('|') as [string, string];
    (type === 'role' ? roles : departments)[subject] = allowed;
  }
  return { roles, departments };
}

/**
 * Applies validated rule changes: upserts and deletions (a deletion is noted for every process's
 * cache by a trigger), one `model_access.update` audit event per model whose rules changed.
 * Returns how many rules changed.
 */
export async function applyRuleChanges(
  tx: Tx,
  changes: readonly RuleChange[],
  c: ModelCommandContext,
  aliases: ReadonlyMap<string, string>,
): Promise<number> {
  const modelIds = [...new Set(changes.map((ch) => ch.modelId))];
  if (modelIds.length === 0) return 0;
  const existing = (
    await tx.execute(sql`select model_id, subject_type, subject, allowed from model_access
                          where model_id = any(string_to_array(${modelIds.join(',')}, ',')::uuid[])`)
  ).rows as unknown as RuleRow[];
  const before = new Map<string, Map<string, boolean>>(modelIds.map((id) => [id, new Map()]));
  for (const r of existing) before.get(r.model_id)!.set(`${r.subject_type}|${r.subject}`, r.allowed);
  const after = new Map([...before].map(([id, rules]) => [id, new Map(rules)]));
  let changed = 0;
  for (const ch of changes) {
    const rules = after.get(ch.modelId)!;
    const key = `${ch.subjectType}|${ch.subject}`;
    if ((rules.get(key) ?? null) === ch.allowed) continue;
    changed++;
    if (ch.allowed === null) {
      rules.delete(key);
      await tx.execute(sql`delete from model_access where model_id = ${ch.modelId}
                             and subject_type = ${ch.subjectType} and subject = ${ch.subject}`);
    } else {
      rules.set(key, ch.allowed);
      await tx.execute(sql`insert into model_access (org_id, model_id, subject_type, subject, allowed)
                           values (${c.actor.orgId}, ${ch.modelId}, ${ch.subjectType}, ${ch.subject}, ${ch.allowed})
                           on conflict (org_id, model_id, subject_type, subject) do update set allowed = excluded.allowed`);
    }
  }
  for (const id of modelIds) {
    const b = snapshot(before.get(id)!);
    const a = snapshot(after.get(id)!);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    await writeAudit(
      tx,
      c.actor.orgId,
      c.actor,
      {
        action: 'model_access.update',
        targetType: 'model',
        targetId: id,
        before: { alias: aliases.get(id), ...b },
        after: { alias: aliases.get(id), ...a },
      },
      c.request,
    );
  }
  return changed;
}

/** Sets the org's default for models without a rule; audits it as `org.update` when it changes. */
export async function setAccessDefault(tx: Tx, value: AccessDefault, c: ModelCommandContext): Promise<boolean> {
  const current = await loadAccessDefault(tx);
  if (current === value) return false;
  await tx.execute(sql`update organizations
                          set settings = settings || jsonb_build_object('modelAccessDefault', ${value}::text)
                        where id = ${c.actor.orgId}`);
  await writeAudit(
    tx,
    c.actor.orgId,
    c.actor,
    {
      action: 'org.update',
      targetType: 'org',
      targetId: c.actor.orgId,
      before: { modelAccessDefault: current },
      after: { modelAccessDefault: value },
    },
    c.request,
  );
  return true;
}
