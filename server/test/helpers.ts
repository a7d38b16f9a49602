import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Database } from '../src/db/database.ts';
import { memberCreator, type Role } from '../src/identity/user-creator.ts';
import { apiKeyCreator, type KeyInput } from '../src/keys/key-creator.ts';
import { modelCreator, type ModelInput } from '../src/models/model-creator.ts';
import { orgCreator } from '../src/orgs/org-creator.ts';
import { providerCreator, type ProviderInput } from '../src/providers/provider-creator.ts';
import { SecretBox } from '../src/security/secret-box.ts';

/** A fixed master key for tests (never used outside them). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
export const testSecrets = new SecretBox(Buffer.from(TEST_MASTER_KEY, 'base64'));
export const testSsrf = { allowPrivate: true, allowLinkLocal: false, allowedHosts: [] };

/** A pool on the run's shared test database (see global-setup.ts). Close it in afterAll. */
export function openTestDb(): Promise<Database> {
  return Database.open({ url: inject('databaseUrl'), poolSize: 4 });
}

/** A fresh org with a unique slug. */
export async function buildOrg(db: Database, name = 'Test Org') {
  return orgCreator(db, { slug: `t-${randomUUID().slice(0, 12)}`, name });
}

/** The password of members built with `withPassword`. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A member of `orgId` with a unique e-mail (and TEST_PASSWORD when they need to sign in). */
export async function buildMember(
  db: Database,
  orgId: string,
  role: Role = 'member',
  departmentId: string | null = null,
  options: { withPassword?: boolean; platformAdmin?: boolean } = {},
) {
  const email = `u-${randomUUID().slice(0, 12)}@example.com`;
  const member = await memberCreator(db, orgId, {
    email,
    role,
    departmentId,
    password: options.withPassword ? TEST_PASSWORD : undefined,
    platformAdmin: options.platformAdmin,
  });
  return { ...member, email };
}

/** A provider of `orgId` (the built-in mock unless told otherwise). */
export async function buildProvider(db: Database, orgId: string, input: Partial<ProviderInput> = {}) {
  return providerCreator(
    db,
    orgId,
    { name: `p-${randomUUID().slice(0, 8)}`, kind: 'mock', ...input },
    { secrets: testSecrets, ssrf: testSsrf },
  );
}

/** A model alias of `orgId` on `providerId`. */
export async function buildModel(db: Database, orgId: string, providerId: string, input: Partial<ModelInput> = {}) {
  const alias = input.alias ?? `m-${randomUUID().slice(0, 8)}`;
  // Priced unless the test says otherwise (pass priceInput: null for an unpriced model): orgs refuse
  // unpriced models by default.
  const prices = 'priceInput' in input || 'priceOutput' in input ? {} : { priceInput: 100_000, priceOutput: 400_000 };
  return {
    alias,
    ...(await modelCreator(db, orgId, { alias, providerId, upstreamModel: alias, ...prices, ...input })),
  };
}

/** A key of `orgId` owned by `ownerUserId`. */
export async function buildKey(db: Database, orgId: string, ownerUserId: string, input: Partial<KeyInput> = {}) {
  return db.withOrg(orgId, (tx) => apiKeyCreator(tx, orgId, { name: 'test key', ownerUserId, ...input }));
}

/** An org with an owner, the mock provider, one priced chat model, one embedding model and a key. */
export async function buildTenant(db: Database) {
  const org = await buildOrg(db);
  const owner = await buildMember(db, org.id, 'owner');
  const provider = await buildProvider(db, org.id);
  const chat = await buildModel(db, org.id, provider.id, {
    alias: 'mock-chat',
    upstreamModel: 'mock-1',
    priceInput: 150_000,
    priceOutput: 600_000,
  });
  const embed = await buildModel(db, org.id, provider.id, {
    alias: 'mock-embed',
    upstreamModel: 'mock-embed',
    kind: 'embedding',
    priceInput: 20_000,
    priceOutput: 0,
  });
  const key = await buildKey(db, org.id, owner.userId);
  return { org, owner, provider, chat, embed, key };
}
