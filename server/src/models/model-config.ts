import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { providerKindSchema } from '../providers/provider-presenter.ts';
import { stripSecretSettings, zodProblems, type Problem } from '../providers/provider-settings.ts';
import { loadAccessDefault } from './access-matrix.ts';
import { MATRIX_ROLES } from './model-access.ts';
import { modelFieldsSchema } from './model-creator.ts';

/** The version of the document this server writes and reads. */
export const CONFIG_VERSION = 1;

const name = z.string().trim().min(1).max(120);

/** A provider in the document: everything but its credential. */
export const configProviderSchema = z.strictObject({
  name,
  kind: providerKindSchema,
  baseUrl: z.string().max(2000).nullable().default(null),
  settings: z.record(z.string(), z.unknown()).default({}),
  enabled: z.boolean().default(true),
});

/** A model in the document; `provider` names a provider (of the document, or in merge mode of the org). */
export const configModelSchema = z.strictObject({ ...modelFieldsSchema.shape, provider: name });

/** A department named by its path from the top of the tree, e.g. ["Legal", "Berlin"]. */
const departmentPath = z.array(name).min(1).max(64);

/** One cell of the access matrix; `allowed: null` removes a rule (merge mode). */
export const configRuleSchema = z
  .strictObject({
    model: z.string().min(1).max(128),
    role: z.enum(MATRIX_ROLES).optional(),
    department: departmentPath.optional(),
    allowed: z.boolean().nullable(),
  })
  .refine((r) => (r.role === undefined) !== (r.department === undefined), 'give either role or department');

const configAccessShape = z.strictObject({
  modelAccessDefault: z.enum(['allow', 'deny']).optional(),
  rules: z.array(z.unknown()).max(50_000).default([]),
});

/** A provider entry of a parsed document, with its index for problem paths. */
export type ConfigProvider = z.output<typeof configProviderSchema> & { index: number };
/** A model entry of a parsed document. */
export type ConfigModel = z.output<typeof configModelSchema> & { index: number };
/** An access rule entry of a parsed document. */
export type ConfigRule = z.output<typeof configRuleSchema> & { index: number };

/** The document's entries that parsed, and every problem found while parsing. */
export interface ParsedConfig {
  providers: ConfigProvider[];
  models: ConfigModel[];
  access: { modelAccessDefault?: 'allow' | 'deny'; rules: ConfigRule[] } | null;
  problems: Problem[];
}

/** Parses each entry on its own, so one bad entry does not hide the problems of the others. */
function parseEach<S extends z.ZodType>(items: unknown, schema: S, base: string, max: number, problems: Problem[]) {
  const out: Array<z.output<S> & { index: number }> = [];
  if (!Array.isArray(items)) {
    problems.push({ path: base, problem: 'must be an array' });
    return out;
  }
  if (items.length > max) problems.push({ path: base, problem: `at most ${max} entries` });
  items.slice(0, max).forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push({ ...(parsed.data as object), index } as z.output<S> & { index: number });
    else problems.push(...zodProblems(parsed.error, `${base}[${index}]`));
  });
  return out;
}

/**
 * Reads an import document into its entries, naming every structural problem by path. A replace
 * must list providers and models explicitly: a forgotten key must not delete everything.
 */
export function parseConfigDocument(body: unknown, mode: 'merge' | 'replace' = 'merge'): ParsedConfig {
  const problems: Problem[] = [];
  const empty: ParsedConfig = { providers: [], models: [], access: null, problems };
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    problems.push({ path: 'document', problem: 'must be a JSON object (an export of GET /api/models/export)' });
    return empty;
  }
  const doc = body as Record<string, unknown>;
  for (const key of Object.keys(doc))
    if (!['version', 'providers', 'models', 'access'].includes(key))
      problems.push({ path: key, problem: 'unknown field' });
  if (doc.version !== CONFIG_VERSION) problems.push({ path: 'version', problem: `must be ${CONFIG_VERSION}` });
  if (mode === 'replace')
    for (const key of ['providers', 'models'])
      if (doc[key] === undefined)
        problems.push({ path: key, problem: 'required in replace mode (an empty list deletes them all)' });
  const providers = parseEach(doc.providers ?? [], configProviderSchema, 'providers', 500, problems);
  const models = parseEach(doc.models ?? [], configModelSchema, 'models', 5_000, problems);
  let access: ParsedConfig['access'] = null;
  if (doc.access !== undefined) {
    const shape = configAccessShape.safeParse(doc.access);
    if (!shape.success) problems.push(...zodProblems(shape.error, 'access'));
    else
      access = {
        modelAccessDefault: shape.data.modelAccessDefault,
        rules: parseEach(shape.data.rules, configRuleSchema, 'access.rules', 50_000, problems),
      };
  }
  return { providers, models, access, problems };
}

/** A department tree: each department's path, and paths (case-insensitive) back to ids. */
export interface DepartmentPaths {
  pathOf(id: string): string[] | null;
  idOf(path: readonly string[]): string | null;
}

/** Loads the org's departments as paths from the top of the tree. */
export async function loadDepartmentPaths(tx: Tx): Promise<DepartmentPaths> {
  const rows = (await tx.execute(sql`select id, name, parent_id from departments`)).rows as Array<{
    id: string;
    name: string;
    parent_id: string | null;
  }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<string, string[]>();
  const pathOf = (id: string): string[] | null => {
    const known = paths.get(id);
    if (known) return known;
    const out: string[] = [];
    for (let at = byId.get(id); at && out.length < 64; at = at.parent_id ? byId.get(at.parent_id) : undefined)
      out.unshift(at.name);
    if (out.length === 0) return null;
    paths.set(id, out);
    return out;
  };
  const key = (path: readonly string[]) => JSON.stringify(path.map((p) => p.trim().toLowerCase()));
  const ids = new Map(rows.map((r) => [key(pathOf(r.id) ?? []), r.id]));
  return { pathOf, idOf: (path) => ids.get(key(path)) ?? null };
}

/** The export document's shape (also what the import reads). */
export const configDocumentOut = z.object({
  version: z.literal(CONFIG_VERSION),
  providers: z.array(
    z.object({
      name: z.string(),
      kind: providerKindSchema,
      baseUrl: z.string().nullable(),
      settings: z.record(z.string(), z.unknown()).describe('Credential-like headers are left out'),
      enabled: z.boolean(),
    }),
  ),
  models: z.array(modelFieldsSchema.extend({ provider: z.string() })),
  access: z.object({
    modelAccessDefault: z.enum(['allow', 'deny']),
    rules: z.array(
      z.object({
        model: z.string(),
        role: z.enum(MATRIX_ROLES).optional(),
        department: z.array(z.string()).optional(),
        allowed: z.boolean(),
      }),
    ),
  }),
});

const num = (v: string | number | null) => (v === null ? null : Number(v));

type ExportRule = z.infer<typeof configDocumentOut>['access']['rules'][number];

interface ExportModelRow {
  alias: string;
  provider: string;
  upstream_model: string;
  kind: 'chat' | 'embedding';
  price_input: string | null;
  price_output: string | null;
  price_cached_input: string | null;
  context_window: number | null;
  max_output_tokens: number | null;
  enabled: boolean;
}

/** The whole model configuration of the transaction's org, without any credential. */
export async function exportModelConfig(tx: Tx): Promise<z.infer<typeof configDocumentOut>> {
  const providers = (
    await tx.execute(sql`select name, kind, base_url, settings, enabled from providers order by lower(name)`)
  ).rows as Array<{
    name: string;
    kind: ProviderKind;
    base_url: string | null;
    settings: Record<string, unknown>;
    enabled: boolean;
  }>;
  const models = (
    await tx.execute(sql`select m.alias, p.name as provider, m.upstream_model, m.kind, m.price_input, m.price_output,
                                m.price_cached_input, m.context_window, m.max_output_tokens, m.enabled
                           from models m join providers p on p.id = m.provider_id order by m.alias`)
  ).rows as unknown as ExportModelRow[];
  const rules = (
    await tx.execute(sql`select m.alias, a.subject_type, a.subject, a.allowed
                           from model_access a join models m on m.id = a.model_id
                          order by m.alias, a.subject_type desc, a.subject`)
  ).rows as Array<{ alias: string; subject_type: 'role' | 'department'; subject: string; allowed: boolean }>;
  const departments = await loadDepartmentPaths(tx);
  return {
    version: CONFIG_VERSION,
    providers: providers.map((p) => ({
      name: p.name,
      kind: p.kind,
      baseUrl: p.base_url,
      settings: stripSecretSettings(p.settings ?? {}),
      enabled: p.enabled,
    })),
    models: models.map((m) => ({
      alias: m.alias,
      provider: m.provider,
      upstreamModel: m.upstream_model,
      kind: m.kind,
      priceInput: num(m.price_input),
      priceOutput: num(m.price_output),
      priceCachedInput: num(m.price_cached_input),
      contextWindow: m.context_window,
      maxOutputTokens: m.max_output_tokens,
      enabled: m.enabled,
    })),
    access: {
      modelAccessDefault: await loadAccessDefault(tx),
      rules: rules.flatMap((r): ExportRule[] => {
        if (r.subject_type === 'role')
          return [{ model: r.alias, role: r.subject as (typeof MATRIX_ROLES)[number], allowed: r.allowed }];
        const path = departments.pathOf(r.subject);
        return path ? [{ model: r.alias, department: path, allowed: r.allowed }] : [];
      }),
    },
  };
}
