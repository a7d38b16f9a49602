import { sql } from 'drizzle-orm';
import type { RequestContext } from '../audit/audit-writer.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { checkUrl, type SsrfPolicy } from '../security/ssrf-guard.ts';
import { effectiveOrigin, normalizeBaseUrl } from './provider-creator.ts';
import { loadProvider, presentProvider, type ProviderRow } from './provider-presenter.ts';
import { parseProviderSettings, problemError, restoreSecretSettings } from './provider-settings.ts';

/** Who changes a provider and from where, plus what the commands need. */
export interface ProviderCommandContext {
  actor: Actor;
  request: RequestContext;
  secrets: SecretBox;
  ssrf: SsrfPolicy;
}

/** The fields PATCH /api/providers/:id may change. */
export interface ProviderPatch {
  name?: string;
  baseUrl?: string | null;
  settings?: Record<string, unknown>;
  enabled?: boolean;
  /** Make this the org's default provider of its kind (the previous default stops being one). */
  isDefault?: boolean;
  /** Required with a base URL on another host when a credential is stored. */
  apiKey?: string;
}

async function audit(tx: Tx, c: ProviderCommandContext, action: string, before?: ProviderRow, after?: ProviderRow) {
  await writeAudit(
    tx,
    c.actor.orgId,
    c.actor,
    {
      action,
      targetType: 'provider',
      targetId: (after ?? before)!.id,
      before: before ? presentProvider(before, c.secrets) : undefined,
      after: after ? presentProvider(after, c.secrets) : undefined,
    },
    c.request,
  );
}

/** The stored base URL for a patch: unchanged, cleared, or a new URL that passed the SSRF guard. */
async function nextBaseUrl(row: ProviderRow, patch: ProviderPatch, ssrf: SsrfPolicy): Promise<string | null> {
  if (patch.baseUrl === undefined) return row.base_url;
  const raw = patch.baseUrl?.trim() || null;
  if (!raw) return null;
  const check = await checkUrl(raw, ssrf);
  if (!check.ok) throw new AppError('invalid_request', `baseUrl: ${check.reason}`, { param: 'baseUrl' });
  return normalizeBaseUrl(check.url);
}

/**
 * Renames, re-addresses, reconfigures or disables a provider. A stored credential is never sent
 * to a new host: moving the base URL to another origin needs the API key again.
 */
export async function providerUpdater(tx: Tx, id: string, patch: ProviderPatch, c: ProviderCommandContext) {
  const before = await loadProvider(tx, id, undefined, true);
  const baseUrl = await nextBaseUrl(before, patch, c.ssrf);
  if (baseUrl === null && patch.baseUrl !== undefined) {
    const adapter = providerAdapters[before.kind];
    if (!adapter.defaultBaseUrl && !adapter.transport)
      throw new AppError('invalid_request', `baseUrl: required for ${before.kind} providers`, { param: 'baseUrl' });
  }
  const moved = effectiveOrigin(before.kind, baseUrl) !== effectiveOrigin(before.kind, before.base_url);
  if (moved && before.credentials_enc && !patch.apiKey)
    throw new AppError(
      'invalid_request',
      'apiKey: required when the base URL moves to another host (the stored credential is never sent to a new host)',
      { param: 'apiKey' },
    );
  let settings = before.settings ?? {};
  if (patch.settings !== undefined) {
    const parsed = parseProviderSettings(before.kind, restoreSecretSettings(patch.settings, settings, false));
    if (!parsed.ok) throw problemError(parsed.problems);
    settings = parsed.settings;
  }
  const name = patch.name?.trim() ?? before.name;
  const credentialsEnc = patch.apiKey ? c.secrets.seal(patch.apiKey, id) : before.credentials_enc;
  const clash = (await tx.execute(sql`select 1 from providers where id <> ${id} and lower(name) = lower(${name})`))
    .rows;
  if (clash.length > 0)
    throw new AppError('conflict', `name: a provider named "${name}" already exists`, { param: 'name' });
  if (patch.isDefault === true && !before.is_default) {
    const [previous] = (
      await tx.execute(
        sql`select id from providers where kind = ${before.kind} and is_default and id <> ${id} for update`,
      )
    ).rows as Array<{ id: string }>;
    if (previous) {
      const prevBefore = await loadProvider(tx, previous.id);
      await tx.execute(sql`update providers set is_default = false where id = ${previous.id}`);
      await audit(tx, c, 'provider.update', prevBefore, await loadProvider(tx, previous.id));
    }
  }
  await tx.execute(sql`update providers set name = ${name}, base_url = ${baseUrl}, is_default = ${patch.isDefault ?? before.is_default},
                         settings = ${JSON.stringify(settings)}::jsonb, enabled = ${patch.enabled ?? before.enabled},
                         credentials_enc = ${credentialsEnc}
                       where id = ${id}`);
  const after = await loadProvider(tx, id);
  await audit(tx, c, 'provider.update', before, after);
  return after;
}

/** Replaces a provider's credential (sealed to its id); the old one is gone. */
export async function credentialRotator(tx: Tx, id: string, apiKey: string, c: ProviderCommandContext) {
  const before = await loadProvider(tx, id, undefined, true);
  await tx.execute(sql`update providers set credentials_enc = ${c.secrets.seal(apiKey, id)} where id = ${id}`);
  const after = await loadProvider(tx, id);
  await audit(tx, c, 'provider.rotate_credential', before, after);
  return after;
}

/** Deletes a provider no model uses; 409 listing the models that still do. */
export async function providerDeleter(tx: Tx, id: string, c: ProviderCommandContext): Promise<void> {
  const before = await loadProvider(tx, id, undefined, true);
  const users = (await tx.execute(sql`select alias from models where provider_id = ${id} order by alias limit 6`))
    .rows as Array<{ alias: string }>;
  if (users.length > 0) {
    const names = users.slice(0, 5).map((u) => `"${u.alias}"`);
    throw new AppError(
      'conflict',
      `The provider "${before.name}" is used by ${before.models} model(s) (${names.join(', ')}${users.length > 5 ? ', …' : ''}); delete them or move them to another provider first.`,
    );
  }
  await tx.execute(sql`delete from providers where id = ${id}`);
  await audit(tx, c, 'provider.delete', before);
}

/** Records the creation of a provider (the route inserts it with insertProvider). */
export async function auditProviderCreated(tx: Tx, id: string, c: ProviderCommandContext): Promise<ProviderRow> {
  const after = await loadProvider(tx, id);
  await audit(tx, c, 'provider.create', undefined, after);
  return after;
}

/** Sets a provider's name, address, settings and state as an import decided (the credential stays). */
export async function providerReplacer(
  tx: Tx,
  id: string,
  values: { name: string; baseUrl: string | null; settings: Record<string, unknown>; enabled: boolean },
  c: ProviderCommandContext,
): Promise<ProviderRow> {
  const before = await loadProvider(tx, id, undefined, true);
  await tx.execute(sql`update providers set name = ${values.name}, base_url = ${values.baseUrl},
                         settings = ${JSON.stringify(values.settings)}::jsonb, enabled = ${values.enabled}
                       where id = ${id}`);
  const after = await loadProvider(tx, id);
  await audit(tx, c, 'provider.update', before, after);
  return after;
}
