import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { organizations } from '../src/db/schema.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildMember, buildOrg, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

interface Route {
  method: string;
  path: string;
  public: boolean;
  mutating: boolean;
}

/** Every /api route, read from the generated OpenAPI document, so a new route is tested automatically. */
async function apiRoutes(gh: Gatehouse): Promise<Route[]> {
  const doc = (await (await fetch(`${gh.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
  };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of Object.keys(ops)) {
      const concrete = path.replace(/\{[^}]+\}/g, randomUUID());
      const isPublic = [
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/auth/password-reset/request',
        '/api/auth/password-reset/confirm',
        '/api/invitations/accept',
      ].includes(path);
      routes.push({ method: method.toUpperCase(), path: concrete, public: isPublic, mutating: method !== 'get' });
    }
  }
  return routes;
}

describe('generated security tests for every /api endpoint', () => {
  let db: Database;
  let gh: Gatehouse;
  let routes: Route[];
  let viewer: string;
  let suspendedAdmin: string;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    routes = await apiRoutes(gh);
    const org = await buildOrg(db);
    const v = await buildMember(db, org.id, 'viewer', null, { withPassword: true });
    viewer = (await signIn(gh, v.email)).token;
    const doomed = await buildOrg(db);
    const a = await buildMember(db, doomed.id, 'admin', null, { withPassword: true });
    suspendedAdmin = (await signIn(gh, a.email)).token;
    await db.withSystem((tx) =>
      tx
        .update(organizations)
        .set({ status: 'suspended' })
        .where(sql`id = ${doomed.id}`),
    );
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('covers the API (the OpenAPI document lists every route)', () => {
    const paths = new Set(routes.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`));
    for (const expected of [
      'GET /api/me',
      'POST /api/keys',
      'POST /api/keys/:id/revoke',
      'PATCH /api/departments/:id',
      'GET /api/audit/verify',
      'POST /api/orgs/:id/suspend',
    ])
      expect(paths).toContain(expected);
  });

  it('401 without a credential on every non-public endpoint', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const res = await api(gh, r.method, r.path, null, r.mutating ? {} : undefined);
      expect(`${r.method} ${r.path} → ${res.status}`).toBe(`${r.method} ${r.path} → 401`);
      expect((await json(res)).error.code).toBe('missing_credentials');
    }
  });

  it('401 with a forged or foreign token', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const res = await api(
        gh,
        r.method,
        r.path,
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged',
        r.mutating ? {} : undefined,
      );
      expect(res.status).toBe(401);
    }
  });

  it('403 for a viewer on every endpoint that changes something (before the body is even validated)', async () => {
    // Sign-out, one's own two-factor setup, UI language and chat conversations are self-service for
    // every signed-in person (which models they may chat with is the model access matrix's call).
    const selfService = (path: string) =>
      path.startsWith('/api/auth/') ||
      path.startsWith('/api/mfa/') ||
      path.startsWith('/api/chat/') ||
      path === '/api/me/preferences';
    for (const r of routes.filter((x) => !x.public && x.mutating && !selfService(x.path))) {
      const res = await api(gh, r.method, r.path, viewer, {});
      expect(`${r.method} ${r.path} → ${res.status}`).toBe(`${r.method} ${r.path} → 403`);
    }
  });

  it('403 for a suspended organization on every endpoint', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const res = await api(gh, r.method, r.path, suspendedAdmin, r.mutating ? {} : undefined);
      expect(`${r.method} ${r.path} → ${res.status}`).toBe(`${r.method} ${r.path} → 403`);
      expect((await json(res)).error.code).toBe('org_suspended');
    }
  });

  it('serves a valid OpenAPI 3.1 document and a browsable page', async () => {
    const doc = await json(await fetch(`${gh.url}/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Gatehouse API');
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    const docs = await fetch(`${gh.url}/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });
});
