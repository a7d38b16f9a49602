import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from './db/database.ts';
import { memberCreator } from './identity/user-creator.ts';
import { apiKeyCreator } from './keys/key-creator.ts';
import { modelCreator } from './models/model-creator.ts';
import { orgCreator } from './orgs/org-creator.ts';
import { providerCreator } from './providers/provider-creator.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { SsrfPolicy } from './security/ssrf-guard.ts';

/** What the first run created; the password and key secret exist only in this object. */
export interface BootstrapResult {
  ownerEmail: string;
  ownerPassword: string;
  orgSlug: string;
  model: string;
  apiKey: string;
}

/**
 * First run on an empty database: an owner account, a demo org, the built-in mock provider with a
 * chat and an embedding model, and a key — so a newcomer gets a working gateway with no setup.
 * Does nothing (returns null) when any organization exists.
 */
export async function bootstrapIfEmpty(
  db: Database,
  deps: { secrets: SecretBox; ssrf: SsrfPolicy; ownerEmail: string },
): Promise<BootstrapResult | null> {
  const existing = await db.withSystem(async (tx) => (await tx.execute(sql`select 1 from organizations limit 1`)).rows);
  if (existing.length > 0) return null;
  const org = await orgCreator(db, { slug: 'demo', name: 'Demo Organization' });
  const ownerPassword = randomBytes(12).toString('base64url');
  const { userId } = await memberCreator(db, org.id, {
    email: deps.ownerEmail,
    name: 'Owner',
    password: ownerPassword,
    role: 'owner',
    platformAdmin: true,
  });
  const provider = await providerCreator(db, org.id, { name: 'Mock', kind: 'mock', settings: { chunks: 8 } }, deps);
  // Demo prices (USD 0.15 / 0.60 per million tokens) so costs show up in the usage ledger.
  await modelCreator(db, org.id, {
    alias: 'mock-1',
    providerId: provider.id,
    upstreamModel: 'mock-1',
    priceInput: 150_000,
    priceOutput: 600_000,
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
  });
  await modelCreator(db, org.id, {
    alias: 'mock-embed',
    providerId: provider.id,
    upstreamModel: 'mock-embed',
    kind: 'embedding',
    priceInput: 20_000,
    priceOutput: 0,
  });
  const key = await db.withOrg(org.id, (tx) =>
    apiKeyCreator(tx, org.id, { name: 'Demo key', ownerUserId: userId, createdBy: userId }),
  );
  return { ownerEmail: deps.ownerEmail, ownerPassword, orgSlug: org.slug, model: 'mock-1', apiKey: key.secret };
}
