import { sql } from 'drizzle-orm';
import { canonicalJson } from '../audit/audit-writer.ts';
import type { Tx } from '../db/database.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { effectiveOrigin, normalizeBaseUrl } from '../providers/provider-creator.ts';
import { PROVIDER_COLUMNS, type ProviderRow } from '../providers/provider-presenter.ts';
import { parseProviderSettings, restoreSecretSettings, type Problem } from '../providers/provider-settings.ts';
import { checkUrl, type SsrfPolicy } from '../security/ssrf-guard.ts';
import { loadAccessDefault } from './access-matrix.ts';
import type { AccessDefault } from './model-access.ts';
import { loadDepartmentPaths, type ConfigModel, type ParsedConfig } from './model-config.ts';
import { kindProblem } from './model-creator.ts';
import { MODEL_FROM, type ModelRow } from './model-presenter.ts';

/** How an import treats what the document does not mention: keep it (merge) or delete it (replace). */
export type ImportMode = 'merge' | 'replace';

/** A provider the import creates or updates, with its stored values worked out. */
export interface ProviderStep {
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  settings: Record<string, unknown>;
  enabled: boolean;
  existing: ProviderRow | null;
}

/** A model the import creates or updates; `provider` is the lower-cased provider name. */
export interface ModelStep {
  entry: ConfigModel;
  provider: string;
  existing: ModelRow | null;
}

/** A rule change, by model alias (models created by the import have no id yet). */
export interface RuleStep {
  alias: string;
  subjectType: 'role' | 'department';
  subject: string;
  allowed: boolean | null;
}

/** Everything an import would change; nothing here has been written. */
export interface ImportPlan {
  providers: { create: ProviderStep[]; update: ProviderStep[]; remove: ProviderRow[]; unchanged: string[] };
  models: { create: ModelStep[]; update: ModelStep[]; remove: ModelRow[]; unchanged: string[] };
  rules: RuleStep[];
  modelAccessDefault: { from: AccessDefault; to: AccessDefault } | null;
  warnings: string[];
  /** Ids of the org's providers before the import, by lower-cased name. */
  providerIds: Map<string, string>;
}

const lower = (s: string) => s.trim().toLowerCase();
const NEEDS_KEY: ReadonlySet<ProviderKind> = new Set(['openai', 'anthropic', 'gemini']);

async function planProviders(
  parsed: ParsedConfig,
  existing: Map<string, ProviderRow>,
  ssrf: SsrfPolicy,
  problems: Problem[],
  plan: ImportPlan,
): Promise<void> {
  const seen = new Map<string, number>();
  for (const p of parsed.providers) {
    const at = `providers[${p.index}]`;
    const first = seen.get(lower(p.name));
    if (first !== undefined) {
      problems.push({ path: `${at}.name`, problem: `repeats providers[${first}].name ("${p.name}")` });
      continue;
    }
    seen.set(lower(p.name), p.index);
    const row = existing.get(lower(p.name)) ?? null;
    if (row && row.kind !== p.kind) {
      problems.push({
        path: `${at}.kind`,
        problem: `the provider "${row.name}" is a ${row.kind} provider; a provider's kind cannot change`,
      });
      continue;
    }
    const settings = parseProviderSettings(
      p.kind,
      row ? restoreSecretSettings(p.settings, row.settings ?? {}, true) : p.settings,
      `${at}.settings`,
    );
    if (!settings.ok) problems.push(...settings.problems);
    let baseUrl: string | null = p.baseUrl?.trim() || null;
    if (baseUrl && baseUrl !== row?.base_url) {
      const check = await checkUrl(baseUrl, ssrf);
      if (check.ok) baseUrl = normalizeBaseUrl(check.url);
      else problems.push({ path: `${at}.baseUrl`, problem: check.reason });
    } else if (!baseUrl && !providerAdapters[p.kind].defaultBaseUrl && !providerAdapters[p.kind].transport) {
      problems.push({ path: `${at}.baseUrl`, problem: `required for ${p.kind} providers` });
    }
    if (row?.credentials_enc && effectiveOrigin(p.kind, baseUrl) !== effectiveOrigin(row.kind, row.base_url))
      problems.push({
        path: `${at}.baseUrl`,
        problem: `moves "${row.name}" to another host, where its stored credential would go; change it with PATCH /api/providers/${row.id} and the apiKey`,
      });
    if (!settings.ok) continue;
    const step: ProviderStep = {
      name: p.name.trim(),
      kind: p.kind,
      baseUrl,
      settings: settings.settings,
      enabled: p.enabled,
      existing: null,
    };
    if (!row) {
      plan.providers.create.push(step);
      if (NEEDS_KEY.has(p.kind))
        plan.warnings.push(`${at}: "${step.name}" has no credential yet; set one with its rotate-credential action`);
    } else if (
      row.name !== step.name ||
      row.base_url !== step.baseUrl ||
      row.enabled !== step.enabled ||
      canonicalJson(row.settings ?? {}) !== canonicalJson(step.settings)
    )
      plan.providers.update.push({ ...step, existing: row });
    else plan.providers.unchanged.push(row.name);
  }
}

const sameNumber = (a: string | number | null, b: number | null | undefined) =>
  (a === null ? null : Number(a)) === (b ?? null);

function modelChanged(row: ModelRow, m: ConfigModel, providerId: string | null): boolean {
  return (
    row.provider_id !== providerId ||
    row.upstream_model !== m.upstreamModel ||
    row.kind !== m.kind ||
    row.enabled !== m.enabled ||
    !sameNumber(row.price_input, m.priceInput) ||
    !sameNumber(row.price_output, m.priceOutput) ||
    !sameNumber(row.price_cached_input, m.priceCachedInput) ||
    !sameNumber(row.context_window, m.contextWindow) ||
    !sameNumber(row.max_output_tokens, m.maxOutputTokens)
  );
}

function planModels(
  parsed: ParsedConfig,
  mode: ImportMode,
  providers: Map<string, ProviderRow>,
  existing: Map<string, ModelRow>,
  problems: Problem[],
  plan: ImportPlan,
): void {
  const docProviders = new Map(parsed.providers.map((p) => [lower(p.name), p.kind]));
  const seen = new Map<string, number>();
  for (const m of parsed.models) {
    const at = `models[${m.index}]`;
    const first = seen.get(m.alias);
    if (first !== undefined) {
      problems.push({ path: `${at}.alias`, problem: `repeats models[${first}].alias ("${m.alias}")` });
      continue;
    }
    seen.set(m.alias, m.index);
    const ref = lower(m.provider);
    const kind = docProviders.get(ref) ?? (mode === 'merge' ? providers.get(ref)?.kind : undefined);
    if (!kind) {
      const where = mode === 'merge' ? 'in the document or the organization' : 'in the document';
      problems.push({ path: `${at}.provider`, problem: `no provider named "${m.provider}" ${where}` });
      continue;
    }
    const wrongKind = kindProblem(m.kind, kind);
    if (wrongKind) problems.push({ path: `${at}.kind`, problem: wrongKind });
    const row = existing.get(m.alias) ?? null;
    const step = { entry: m, provider: ref, existing: row };
    if (!row) plan.models.create.push(step);
    else if (modelChanged(row, m, providers.get(ref)?.id ?? null)) plan.models.update.push(step);
    else plan.models.unchanged.push(m.alias);
  }
  if (mode === 'replace') plan.models.remove.push(...[...existing.values()].filter((r) => !seen.has(r.alias)));
}

async function planAccess(
  tx: Tx,
  parsed: ParsedConfig,
  mode: ImportMode,
  existingModels: Map<string, ModelRow>,
  problems: Problem[],
  plan: ImportPlan,
): Promise<void> {
  if (!parsed.access) return;
  const current = await loadAccessDefault(tx);
  const wanted = parsed.access.modelAccessDefault;
  if (wanted && wanted !== current) plan.modelAccessDefault = { from: current, to: wanted };
  const departments = await loadDepartmentPaths(tx);
  const docAliases = new Set(parsed.models.map((m) => m.alias));
  const removed = new Set(plan.models.remove.map((r) => r.alias));
  const rows = (
    await tx.execute(sql`select m.alias, a.subject_type, a.subject, a.allowed
                           from model_access a join models m on m.id = a.model_id`)
  ).rows as Array<{ alias: string; subject_type: 'role' | 'department'; subject: string; allowed: boolean }>;
  const before = new Map(
    rows.filter((r) => !removed.has(r.alias)).map((r) => [`${r.alias}|${r.subject_type}|${r.subject}`, r.allowed]),
  );
  const wantedRules = new Map<string, RuleStep>();
  const seen = new Map<string, number>();
  for (const r of parsed.access.rules) {
    const at = `access.rules[${r.index}]`;
    if (!docAliases.has(r.model) && !(mode === 'merge' && existingModels.has(r.model))) {
      const where = mode === 'merge' ? 'in the document or the organization' : 'in the document';
      problems.push({ path: `${at}.model`, problem: `no model "${r.model}" ${where}` });
      continue;
    }
    const subjectType = r.role ? 'role' : 'department';
    const subject = r.role ?? departments.idOf(r.department!);
    if (!subject) {
      problems.push({
        path: `${at}.department`,
        problem: `no department "${r.department!.join(' / ')}" in this organization`,
      });
      continue;
    }
    const key = `${r.model}|${subjectType}|${subject}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ path: at, problem: `repeats access.rules[${first}] (same model and subject)` });
      continue;
    }
    seen.set(key, r.index);
    wantedRules.set(key, { alias: r.model, subjectType, subject, allowed: r.allowed });
  }
  for (const [key, step] of wantedRules) {
    const allowed = mode === 'replace' && step.allowed === null ? null : step.allowed;
    if ((before.get(key) ?? null) !== allowed) plan.rules.push({ ...step, allowed });
  }
  if (mode === 'replace')
    for (const [key] of before) {
      if (wantedRules.has(key)) continue;
      const [alias, subjectType, subject] = key.split('|') as [string, 'role' | 'department', string];
      plan.rules.push({ alias, subjectType, subject, allowed: null });
    }
}

/**
 * Validates a parsed document against the org and works out what an import would change. Every
 * problem is collected (with the document path) before anything is written; a caller that finds
 * `problems` empty may apply the plan in the same transaction.
 */
export async function planImport(
  tx: Tx,
  parsed: ParsedConfig,
  mode: ImportMode,
  ssrf: SsrfPolicy,
): Promise<{ problems: Problem[]; plan: ImportPlan }> {
  const problems: Problem[] = [...parsed.problems];
  const plan: ImportPlan = {
    providers: { create: [], update: [], remove: [], unchanged: [] },
    models: { create: [], update: [], remove: [], unchanged: [] },
    rules: [],
    modelAccessDefault: null,
    warnings: [],
    providerIds: new Map(),
  };
  const providerRows = (await tx.execute(sql`select ${PROVIDER_COLUMNS} from providers p`))
    .rows as unknown as ProviderRow[];
  const providers = new Map(providerRows.map((p) => [lower(p.name), p]));
  for (const [name, row] of providers) plan.providerIds.set(name, row.id);
  const modelRows = (await tx.execute(MODEL_FROM)).rows as unknown as ModelRow[];
  const models = new Map(modelRows.map((m) => [m.alias, m]));
  await planProviders(parsed, providers, ssrf, problems, plan);
  planModels(parsed, mode, providers, models, problems, plan);
  if (mode === 'replace') {
    const named = new Set(parsed.providers.map((p) => lower(p.name)));
    plan.providers.remove.push(...providerRows.filter((p) => !named.has(lower(p.name))));
  }
  await planAccess(tx, parsed, mode, models, problems, plan);
  return { problems, plan };
}
