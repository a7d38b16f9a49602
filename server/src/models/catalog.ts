import { sql } from 'drizzle-orm';
import { OrgCache } from '../lib/org-cache.ts';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/database.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import type { ProviderAdapter, ProviderKind } from '../gateway/providers/types.ts';
import type { ModelPrices } from '../metering/pricing.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { AccessDefault, AccessPolicy } from './model-access.ts';

/** A provider account ready to call: adapter, address and decrypted credential. */
export interface ProviderRoute {
  id: string;
  name: string;
  kind: ProviderKind;
  adapter: ProviderAdapter;
  baseUrl: string;
  apiKey: string | null;
  settings: Record<string, unknown>;
  /** Set when the provider cannot be used (credential undecryptable, no base URL); requests get 502. */
  problem: string | null;
}

/** A public model alias resolved to its provider, prices and limits. */
export interface ModelRoute {
  id: string;
  alias: string;
  kind: 'chat' | 'embedding';
  upstreamModel: string;
  prices: ModelPrices;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  /** Unix seconds the alias was created (the `created` of /v1/models). */
  createdAt: number;
  provider: ProviderRoute;
}

/** The models an org offers, by alias (enabled models of enabled providers only). */
export interface OrgCatalog {
  models: ReadonlyMap<string, ModelRoute>;
  /** The model access matrix, department tree and default, for `decideModelAccess`. */
  access: AccessPolicy;
  /** performance.now() when this catalog was read from the database. */
  loadedAt: number;
}

/** A miss reloads an org at most this often, so unknown aliases cannot flood the database. */
const MISS_RELOAD_MS = 250;

interface Row {
  model_id: string;
  alias: string;
  kind: 'chat' | 'embedding';
  upstream_model: string;
  price_input: string | null;
  price_output: string | null;
  price_cached_input: string | null;
  context_window: number | null;
  max_output_tokens: number | null;
  /** Raw query rows carry timestamps as strings (Drizzle leaves them unparsed). */
  created_at: string | Date;
  provider_id: string;
  provider_name: string;
  provider_kind: ProviderKind;
  base_url: string | null;
  credentials_enc: string | null;
  settings: Record<string, unknown>;
}

const num = (v: string | null) => (v === null ? null : Number(v));

/** The org's default for models without a rule, read from its settings (`allow` unless set to `deny`). */
export function readAccessDefault(settings: unknown): AccessDefault {
  const value = (settings as { modelAccessDefault?: unknown } | null)?.modelAccessDefault;
  return value === 'deny' ? 'deny' : 'allow';
}

/** Reads an org's access matrix, department tree and default (one transaction of the caller). */
async function loadAccessPolicy(tx: Tx, orgId: string): Promise<AccessPolicy> {
  const rules = (
    await tx.execute(sql`select model_id, subject_type, subject, allowed from model_access where org_id = ${orgId}`)
  ).rows as Array<{ model_id: string; subject_type: 'role' | 'department'; subject: string; allowed: boolean }>;
  const departments = (await tx.execute(sql`select id, parent_id from departments where org_id = ${orgId}`))
    .rows as Array<{ id: string; parent_id: string | null }>;
  const [org] = (await tx.execute(sql`select settings from organizations where id = ${orgId}`)).rows as Array<{
    settings: unknown;
  }>;
  const byModel = new Map<string, { roles: Map<string, boolean>; departments: Map<string, boolean> }>();
  for (const r of rules) {
    let entry = byModel.get(r.model_id);
    if (!entry) byModel.set(r.model_id, (entry = { roles: new Map(), departments: new Map() }));
    (r.subject_type === 'role' ? entry.roles : entry.departments).set(r.subject, r.allowed);
  }
  return {
    modelAccessDefault: readAccessDefault(org?.settings),
    rules: byModel,
    parents: new Map(departments.map((d) => [d.id, d.parent_id])),
  };
}

/**
 * Per-org cache of models, providers and the model access matrix for the hot path. Loaded on
 * first use; every process polls for changed or deleted models, providers, access rules,
 * departments and orgs and drops those orgs, so an admin's change reaches every gateway process
 * within about a second.
 */
export class Catalog {
  private readonly cache: OrgCache<OrgCatalog>;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretBox,
    private readonly logger: Logger,
    refreshMs: number,
  ) {
    this.cache = new OrgCache(
      'catalog',
      logger,
      refreshMs,
      (orgId) => this.load(orgId),
      (since, cached) => this.changedOrgs(since, cached),
    );
  }

  /** The catalog of one org, from cache when warm. */
  forOrg(orgId: string): Promise<OrgCatalog> {
    return this.cache.get(orgId);
  }

  start(): void {
    this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /**
   * The catalog after a lookup missed: reloaded when the cached copy is older than a moment, so a
   * model added a moment ago works at once instead of after the next poll.
   */
  async afterMiss(orgId: string, current: OrgCatalog): Promise<OrgCatalog> {
    if (performance.now() - current.loadedAt < MISS_RELOAD_MS) return current;
    const cached = this.cache.peek(orgId);
    if (cached !== undefined && (await cached) !== current) return this.forOrg(orgId);
    this.cache.invalidate(orgId);
    return this.forOrg(orgId);
  }

  /** Drops an org so its next request reloads it (after a change made in this process). */
  invalidate(orgId: string): void {
    this.cache.invalidate(orgId);
  }

  private async load(orgId: string): Promise<OrgCatalog> {
    const loadedAt = performance.now();
    const { rows, access } = await this.db.withSystem(async (tx) => ({
      rows: (
        await tx.execute(sql`
            select m.id as model_id, m.alias, m.kind, m.upstream_model, m.price_input, m.price_output,
                   m.price_cached_input, m.context_window, m.max_output_tokens, m.created_at,
                   p.id as provider_id, p.name as provider_name, p.kind as provider_kind, p.base_url,
                   p.credentials_enc, p.settings
              from models m join providers p on p.id = m.provider_id
             where m.org_id = ${orgId} and m.enabled and p.enabled`)
      ).rows as unknown as Row[],
      access: await loadAccessPolicy(tx, orgId),
    }));
    const providers = new Map<string, ProviderRoute>();
    const models = new Map<string, ModelRoute>();
    for (const row of rows) {
      let provider = providers.get(row.provider_id);
      if (!provider) {
        provider = this.providerRoute(row);
        providers.set(row.provider_id, provider);
      }
      models.set(row.alias, {
        id: row.model_id,
        alias: row.alias,
        kind: row.kind,
        upstreamModel: row.upstream_model,
        prices: {
          input: num(row.price_input),
          output: num(row.price_output),
          cachedInput: num(row.price_cached_input),
        },
        contextWindow: row.context_window,
        maxOutputTokens: row.max_output_tokens,
        createdAt: Math.floor(new Date(row.created_at).getTime() / 1000),
        provider,
      });
    }
    return { models, access, loadedAt };
  }

  private providerRoute(row: Row): ProviderRoute {
    const adapter = providerAdapters[row.provider_kind];
    let apiKey: string | null = null;
    let problem: string | null = null;
    if (row.credentials_enc) {
      try {
        apiKey = this.secrets.open(row.credentials_enc, row.provider_id);
      } catch (error) {
        problem = `the credential of provider "${row.provider_name}" cannot be decrypted (was MASTER_KEY changed?)`;
        this.logger.error({ err: error, providerId: row.provider_id }, problem);
      }
    }
    const baseUrl = (row.base_url ?? adapter.defaultBaseUrl ?? '').replace(/\/+$/, '');
    if (!baseUrl && !adapter.transport) problem ??= `provider "${row.provider_name}" has no base URL`;
    return {
      id: row.provider_id,
      name: row.provider_name,
      kind: row.provider_kind,
      adapter,
      baseUrl,
      apiKey,
      settings: row.settings ?? {},
      problem,
    };
  }

  /**
   * Looks for orgs whose models, providers, access rules, departments or org row changed or were
   * deleted (deletions are noted in cache_invalidations by triggers); the cache drops them.
   */
  poll(): Promise<void> {
    return this.cache.poll();
  }

  private async changedOrgs(since: Date, cachedOrgs: readonly string[]): Promise<string[]> {
    // model_access and departments have no updated_at index: look only at the cached orgs' rows.
    const cached = sql`any(string_to_array(${cachedOrgs.join(',')}, ',')::uuid[])`;
    const rows = (await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`
            select org_id from models where updated_at > ${since}
            union select org_id from providers where updated_at > ${since}
            union select org_id from model_access where org_id = ${cached} and updated_at > ${since}
            union select org_id from departments where org_id = ${cached} and updated_at > ${since}
            union select id from organizations where updated_at > ${since}
            union select org_id from cache_invalidations
                   where at > ${since} and table_name in ('models', 'providers', 'organizations', 'model_access')`)
        ).rows,
    )) as unknown as Array<{ org_id: string }>;
    return rows.map((row) => row.org_id);
  }
}
