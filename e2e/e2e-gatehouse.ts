import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../server/src/config.ts';
import { memberCreator, type Role } from '../server/src/identity/user-creator.ts';
import { startGatehouse, type Gatehouse } from '../server/src/main.ts';
import { departmentCreator } from '../server/src/orgs/department-creator.ts';
import { orgCreator } from '../server/src/orgs/org-creator.ts';
import { startSmtpCapture } from '../server/test/smtp-capture.ts';

/** The password of every seeded person. */
export const PASSWORD = 'correct horse battery staple';

/** A seeded person who can sign in. */
export interface Person {
  email: string;
  userId: string;
}

/** The running server and what was seeded into it. */
export interface E2eWorld {
  gh: Gatehouse;
  url: string;
  admin: Person;
  member: Person;
  /** A member who enrols in two-factor authentication during the run. */
  mfaUser: Person;
  /** A member who resets their password during the run. */
  resetUser: Person;
  /** The SMTP server that receives Gatehouse's mails (invitations, reset links). */
  smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  stop: () => Promise<void>;
}

/** POST/PATCH as someone, through the public API (as the web app would). */
export async function apiAs(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

/** The JSON body of a successful answer; a failed one stops the seeding with its status and body. */
export async function okJson<T = { id: string }>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Connects the built-in mock provider (the world has none) and adds models on it, `[alias,
 * upstream model]` — the upstream name may carry mock options, e.g. `mock-1@c300t0i60` streams
 * 300 pieces 60 ms apart. Prices are per million tokens in micro-units of the org's currency.
 */
export async function seedMockModels(
  url: string,
  token: string,
  models: ReadonlyArray<readonly [alias: string, upstreamModel: string]>,
  prices: { priceInput: number; priceOutput: number } = { priceInput: 1_000_000, priceOutput: 2_000_000 },
): Promise<void> {
  const provider = await okJson(await apiAs(url, token, 'POST', '/providers', { name: 'Mock', kind: 'mock' }));
  for (const [alias, upstreamModel] of models)
    await okJson(
      await apiAs(url, token, 'POST', '/models', { alias, upstreamModel, providerId: provider.id, ...prices }),
    );
}

/** Signs in through the API; returns the access token. */
export async function tokenFor(url: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * Starts Gatehouse on a fresh embedded database (a temporary data directory, removed on stop)
 * and seeds one org: branding, departments, an admin, members (enough for two pages of people)
 * and budgets so "My usage" has something to show.
 */
export async function startE2eWorld(): Promise<E2eWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const smtp = await startSmtpCapture();
  // Only these variables: CI's DATABASE_URL and REDIS_URL must not leak into the embedded run.
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    BOOTSTRAP: 'false',
    CACHE_REFRESH_MS: '100',
    LOG_LEVEL: 'silent',
    SMTP_URL: smtp.url,
  });
  const gh = await startGatehouse(config, { logger: pino({ level: 'silent' }) }).catch(async (error: unknown) => {
    await smtp.stop();
    throw error;
  });
  try {
    const org = await orgCreator(gh.db, { slug: 'acme', name: 'Acme Legal', timezone: 'Europe/Berlin' });
    const legal = await departmentCreator(gh.db, org.id, { name: 'Legal' });
    const person = async (local: string, name: string, role: Role, departmentId: string | null = null) => {
      const email = `${local}@example.com`;
      const { userId } = await memberCreator(gh.db, org.id, { email, name, role, password: PASSWORD, departmentId });
      return { email, userId };
    };
    const admin = await person('ada', 'Ada Admin', 'admin');
    const member = await person('max', 'Max Member', 'member', legal.id);
    const mfaUser = await person('mara', 'Mara Secure', 'member', legal.id);
    const resetUser = await person('rita', 'Rita Reset', 'member');
    for (let i = 1; i <= 30; i++)
      await memberCreator(gh.db, org.id, {
        email: `colleague${String(i).padStart(2, '0')}@example.com`,
        name: `Colleague ${i}`,
        role: i % 7 === 0 ? 'viewer' : 'member',
        departmentId: i % 2 === 0 ? legal.id : null,
      });

    const token = await tokenFor(gh.url, admin.email);
    await okJson(
      await apiAs(gh.url, token, 'PATCH', '/org', {
        settings: {
          currency: 'EUR',
          branding: { displayName: 'Acme Legal Workspace', primaryColor: '#0b6e4f', accentColor: '#b45309' },
        },
      }),
    );
    await okJson(
      await apiAs(gh.url, token, 'POST', '/budgets', {
        name: 'Max monthly',
        scopeType: 'user',
        scopeId: member.userId,
        metric: 'cost',
        period: 'month',
        limitAmount: '25.00',
      }),
    );
    await okJson(
      await apiAs(gh.url, token, 'POST', '/budgets', {
        name: 'Legal daily tokens',
        scopeType: 'department',
        scopeId: legal.id,
        metric: 'tokens',
        period: 'day',
        limit: 200000,
      }),
    );
    await okJson(
      await apiAs(gh.url, token, 'POST', '/budgets', {
        name: 'Org weekly requests',
        scopeType: 'org',
        metric: 'requests',
        period: 'week',
        limit: 10000,
      }),
    );
    return {
      gh,
      url: gh.url,
      admin,
      member,
      mfaUser,
      resetUser,
      smtp,
      stop: async () => {
        await gh.stop();
        await smtp.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await gh.stop();
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
