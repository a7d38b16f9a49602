import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { SecretBox } from '../security/secret-box.ts';
import { maskSettings } from './provider-settings.ts';

/** The provider kinds, as a zod enum for request and response schemas. */
export const providerKindSchema = z.enum(['openai', 'openai-compatible', 'anthropic', 'gemini', 'mock']);

/** A provider as the API shows it: the credential masked, never the secret. */
export const providerOut = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: providerKindSchema,
  baseUrl: z.string().nullable().describe("Null = the vendor's default API address"),
  credential: z.string().nullable().describe('The API key masked (e.g. "sk-…abcd"); null when none is stored'),
  settings: z.record(z.string(), z.unknown()).describe('Adapter options; credential-like header values masked'),
  enabled: z.boolean(),
  isDefault: z.boolean().describe('The default provider of its kind (at most one per kind)'),
  models: z.number().int().describe('How many model aliases use this provider'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A provider row as the routes read it. */
export interface ProviderRow {
  id: string;
  name: string;
  kind: ProviderKind;
  base_url: string | null;
  credentials_enc: string | null;
  settings: Record<string, unknown>;
  enabled: boolean;
  is_default: boolean;
  models: number;
  created_at: string;
  updated_at: string;
}

/** The select list of a ProviderRow (alias `p` for providers). */
export const PROVIDER_COLUMNS = sql`p.id, p.name, p.kind, p.base_url, p.credentials_enc, p.settings, p.enabled, p.is_default,
  p.created_at, p.updated_at, (select count(*)::int from models m where m.provider_id = p.id) as models`;

/** One provider of the transaction's org, or 404 naming `field` (another org's provider is not found too). */
export async function loadProvider(tx: Tx, id: string, field?: string, lock = false): Promise<ProviderRow> {
  const [row] = (
    await tx.execute(
      sql`select ${PROVIDER_COLUMNS} from providers p where p.id = ${id} ${lock ? sql`for update` : sql``}`,
    )
  ).rows as unknown as ProviderRow[];
  if (!row)
    throw new AppError('not_found', `${field ? `${field}: ` : ''}no provider ${id} in this organization`, {
      param: field,
    });
  return row;
}

/** The masked credential of a row; never the secret itself. */
function maskedCredential(row: ProviderRow, secrets: SecretBox): string | null {
  if (!row.credentials_enc) return null;
  try {
    return SecretBox.masked(secrets.open(row.credentials_enc, row.id));
  } catch {
    return '(cannot be decrypted: was MASTER_KEY changed?)';
  }
}

/** Names each field of a provider the API shows; the sealed credential never leaves. */
export function presentProvider(row: ProviderRow, secrets: SecretBox) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.base_url,
    credential: maskedCredential(row, secrets),
    settings: maskSettings(row.settings ?? {}),
    enabled: row.enabled,
    isDefault: row.is_default,
    models: Number(row.models ?? 0),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
