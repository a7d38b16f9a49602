import { randomUUID } from 'node:crypto';
import type { Database, Tx } from '../db/database.ts';
import { providers } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { providerAdapters } from '../gateway/providers/registry.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { checkUrl, type SsrfPolicy } from '../security/ssrf-guard.ts';
import { parseProviderSettings, problemError, type Problem } from './provider-settings.ts';

/** The provider kinds an admin can connect. */
export const PROVIDER_KINDS = Object.keys(providerAdapters) as ProviderKind[];

/** A provider account to connect. */
export interface ProviderInput {
  name: string;
  kind: ProviderKind;
  /** Required for openai-compatible; defaults to the vendor's API for the others. */
  baseUrl?: string | null;
  apiKey?: string | null;
  settings?: Record<string, unknown>;
  enabled?: boolean;
}

/** A provider's address and settings after validation: what gets stored. */
export interface CheckedProvider {
  baseUrl: string | null;
  settings: Record<string, unknown>;
}

/** The stored form of a base URL: parsed (so odd IP spellings are normalized) without trailing slashes. */
export function normalizeBaseUrl(url: URL): string {
  return url.href.replace(/\/+$/, '');
}

/** The origin a provider's calls go to (its base URL, else the adapter's default), or null. */
export function effectiveOrigin(kind: ProviderKind, baseUrl: string | null): string | null {
  const url = baseUrl ?? providerAdapters[kind].defaultBaseUrl;
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Checks a provider's base URL (through the SSRF guard, which resolves the host) and its settings
 * (with the adapter's schema). Problems are named under `base` (`providers[2].baseUrl`).
 */
export async function checkProvider(
  input: { kind: ProviderKind; baseUrl?: string | null; settings?: unknown },
  ssrf: SsrfPolicy,
  base = '',
): Promise<{ ok: true; value: CheckedProvider } | { ok: false; problems: Problem[] }> {
  const at = (field: string) => (base ? `${base}.${field}` : field);
  const problems: Problem[] = [];
  const adapter = providerAdapters[input.kind];
  let baseUrl: string | null = null;
  const raw = input.baseUrl?.trim() || null;
  if (raw) {
    const check = await checkUrl(raw, ssrf);
    if (check.ok) baseUrl = normalizeBaseUrl(check.url);
    else problems.push({ path: at('baseUrl'), problem: check.reason });
  } else if (!adapter.defaultBaseUrl && !adapter.transport) {
    problems.push({ path: at('baseUrl'), problem: `required for ${input.kind} providers` });
  }
  const settings = parseProviderSettings(input.kind, input.settings, at('settings'));
  if (!settings.ok) problems.push(...settings.problems);
  if (problems.length > 0 || !settings.ok) return { ok: false, problems };
  return { ok: true, value: { baseUrl, settings: settings.settings } };
}

/**
 * Inserts a checked provider in the caller's transaction, sealing the credential with AES-256-GCM
 * bound to the provider's id (a ciphertext copied to another row does not open). 409 on a name clash.
 */
export async function insertProvider(
  tx: Tx,
  orgId: string,
  input: { name: string; kind: ProviderKind; apiKey?: string | null; enabled?: boolean } & CheckedProvider,
  secrets: SecretBox,
): Promise<string> {
  const id = randomUUID();
  const name = input.name.trim();
  const inserted = await tx
    .insert(providers)
    .values({
      id,
      orgId,
      name,
      kind: input.kind,
      baseUrl: input.baseUrl,
      credentialsEnc: input.apiKey ? secrets.seal(input.apiKey, id) : null,
      settings: input.settings,
      enabled: input.enabled ?? true,
    })
    .onConflictDoNothing()
    .returning({ id: providers.id });
  if (!inserted[0])
    throw new AppError('conflict', `name: a provider named "${name}" already exists`, { param: 'name' });
  return id;
}

/**
 * Connects a provider (CLI, bootstrap, tests): checks it, then inserts it through the org's door.
 * The admin API uses checkProvider and insertProvider inside its own audited transaction.
 */
export async function providerCreator(
  db: Database,
  orgId: string,
  input: ProviderInput,
  deps: { secrets: SecretBox; ssrf: SsrfPolicy },
): Promise<{ id: string }> {
  if (!providerAdapters[input.kind])
    throw new AppError('invalid_request', `kind: must be one of ${PROVIDER_KINDS.join(', ')}`);
  if (!input.name.trim()) throw new AppError('invalid_request', 'name: must not be empty');
  const checked = await checkProvider(input, deps.ssrf);
  if (!checked.ok) throw problemError(checked.problems);
  const id = await db.withOrg(orgId, (tx) => insertProvider(tx, orgId, { ...input, ...checked.value }, deps.secrets));
  return { id };
}
