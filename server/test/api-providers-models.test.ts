import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { startMockServer, type MockServer } from '../src/gateway/providers/mock/server.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

const SECRET = 'sk-live-upstream-0123456789-abcd';
const ROTATED = 'sk-live-rotated-9876543210-wxyz';
const HEADER_SECRET = 'hdr-secret-value-0123456789-qrst';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('/api providers and models', () => {
  let db: Database;
  let gh: Gatehouse;
  let mock: MockServer;
  let org: { id: string };
  let admin: string;
  let foreign: { providerId: string; modelId: string };

  const auditJson = async (orgId: string) =>
    JSON.stringify(
      (await db.withOrg(orgId, (tx) => tx.execute(sql`select action, before, after from audit_events`))).rows,
    );
  beforeAll(async () => {
    db = await openTestDb();
    mock = await startMockServer({ port: 0 });
    org = await buildOrg(db);
    const a = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    gh = await startTestGatehouse();
    admin = (await signIn(gh, a.email)).token;
    const other = await buildOrg(db);
    const p = await buildProvider(db, other.id);
    const m = await buildModel(db, other.id, p.id);
    foreign = { providerId: p.id, modelId: m.id };
  });
  afterAll(async () => {
    await gh.stop();
    await mock.close();
    await db.close();
  });

  it('keeps credentials sealed and masked in every response and audit event; rotates them', async () => {
    const created = await api(gh, 'POST', '/api/providers', admin, {
      name: 'Upstream',
      kind: 'openai-compatible',
      baseUrl: mock.url,
      apiKey: SECRET,
      settings: { headers: { 'x-api-key': HEADER_SECRET, 'x-route': 'eu' } },
    });
    expect(created.status).toBe(201);
    const provider = await json(created);
    expect(provider).toMatchObject({
      name: 'Upstream',
      kind: 'openai-compatible',
      credential: 'sk-…abcd',
      enabled: true,
    });
    expect(provider.settings.headers).toEqual({ 'x-api-key': 'hdr…qrst', 'x-route': 'eu' });
    // A masked header value sent back keeps the stored secret.
    const patched = await api(gh, 'PATCH', `/api/providers/${provider.id}`, admin, {
      name: 'Upstream EU',
      settings: { headers: { 'x-api-key': 'hdr…qrst', 'x-route': 'eu-2' } },
    });
    expect(patched.status).toBe(200);
    const [stored] = (
      await db.withOrg(org.id, (tx) =>
        tx.execute(sql`select settings, credentials_enc from providers where id = ${provider.id}`),
      )
    ).rows as Array<{ settings: { headers: Record<string, string> }; credentials_enc: string }>;
    expect(stored!.settings.headers).toEqual({ 'x-api-key': HEADER_SECRET, 'x-route': 'eu-2' });
    expect(stored!.credentials_enc).not.toContain(SECRET);
    const rotated = await json(
      await api(gh, 'POST', `/api/providers/${provider.id}/rotate-credential`, admin, { apiKey: ROTATED }),
    );
    expect(rotated.credential).toBe('sk-…wxyz');
    const list = await api(gh, 'GET', '/api/providers', admin);
    const everything = JSON.stringify(await json(list)) + (await auditJson(org.id));
    for (const secret of [SECRET, ROTATED, HEADER_SECRET]) expect(everything).not.toContain(secret);
    const actions = JSON.parse(await auditJson(org.id)).map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['provider.create', 'provider.update', 'provider.rotate_credential']),
    );
    // Moving the base URL to another host would send the stored key there: the key is asked for again.
    const moved = await api(gh, 'PATCH', `/api/providers/${provider.id}`, admin, { baseUrl: 'http://127.0.0.2:1/v1' });
    expect(moved.status).toBe(400);
    expect((await json(moved)).error.message).toMatch(/^apiKey: /);
  });

  it('refuses bad settings and SSRF targets naming the field; deletes only unused providers', async () => {
    const ssrf = await api(gh, 'POST', '/api/providers', admin, {
      name: 'Metadata',
      kind: 'openai-compatible',
      baseUrl: 'http://169.254.169.254/v1',
    });
    expect(ssrf.status).toBe(400);
    expect((await json(ssrf)).error.message).toMatch(/^baseUrl: 169\.254\.169\.254/);
    const badSettings = await api(gh, 'POST', '/api/providers', admin, {
      name: 'Bad',
      kind: 'mock',
      settings: { chunks: 0 },
    });
    expect(badSettings.status).toBe(400);
    expect((await json(badSettings)).error.message).toMatch(/^settings\.chunks: /);
    const p = await json(await api(gh, 'POST', '/api/providers', admin, { name: 'To delete', kind: 'mock' }));
    const m = await json(
      await api(gh, 'POST', '/api/models', admin, { alias: 'del-me', providerId: p.id, upstreamModel: 'x' }),
    );
    expect((await api(gh, 'DELETE', `/api/providers/${p.id}`, admin)).status).toBe(409);
    expect((await api(gh, 'DELETE', `/api/models/${m.id}`, admin)).status).toBe(204);
    expect((await api(gh, 'DELETE', `/api/providers/${p.id}`, admin)).status).toBe(204);
  });

  it('tests a connection against a local upstream, a closed port and an upstream error', async () => {
    const up = await json(
      await api(gh, 'POST', '/api/providers', admin, {
        name: 'Live',
        kind: 'openai-compatible',
        baseUrl: mock.url,
        apiKey: SECRET,
      }),
    );
    const noModel = await api(gh, 'POST', `/api/providers/${up.id}/test`, admin, {});
    expect(noModel.status).toBe(400);
    await api(gh, 'POST', '/api/models', admin, { alias: 'live-chat', providerId: up.id, upstreamModel: 'mock-1' });
    const ok = await json(await api(gh, 'POST', `/api/providers/${up.id}/test`, admin, {}));
    expect(ok).toMatchObject({ ok: true, status: 200, model: 'mock-1' });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const denied = await json(
      await api(gh, 'POST', `/api/providers/${up.id}/test`, admin, { upstreamModel: 'mock-1@error401' }),
    );
    expect(denied).toMatchObject({ ok: false, status: 401, error: { code: 'upstream_auth_failed' } });
    const dead = await json(
      await api(gh, 'POST', '/api/providers', admin, {
        name: 'Dead',
        kind: 'openai-compatible',
        baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
        apiKey: SECRET,
      }),
    );
    const res = await api(gh, 'POST', `/api/providers/${dead.id}/test`, admin, { upstreamModel: 'any' });
    const failed = await json(res);
    expect(failed).toMatchObject({ ok: false, error: { code: 'upstream_unreachable' } });
    expect(failed.status).toBeUndefined();
    expect(JSON.stringify(failed) + JSON.stringify(denied)).not.toContain(SECRET);
  });

  it('manages models with prices in micro-units and USD; filters and pages the list', async () => {
    const p = await json(await api(gh, 'POST', '/api/providers', admin, { name: 'Models', kind: 'mock' }));
    const create = (alias: string, extra: Record<string, unknown> = {}) =>
      api(gh, 'POST', '/api/models', admin, { alias, providerId: p.id, upstreamModel: 'mock-1', ...extra });
    const m = await json(await create('priced', { priceInput: 150_000, priceOutput: 2_500_000, contextWindow: 8192 }));
    expect(m).toMatchObject({
      priceInput: 150_000,
      priceInputUsd: '0.15',
      priceOutputUsd: '2.50',
      priceCachedInputUsd: null,
    });
    expect(m.provider).toEqual({ id: p.id, name: 'Models', kind: 'mock' });
    await create('embedder', { kind: 'embedding' });
    const dup = await create('priced');
    expect(dup.status).toBe(409);
    expect((await json(dup)).error.message).toMatch(/^alias: /);
    const fraction = await json(
      await api(gh, 'PATCH', `/api/models/${m.id}`, admin, { priceInput: 1, enabled: false }),
    );
    expect(fraction).toMatchObject({ priceInputUsd: '0.000001', enabled: false, contextWindow: 8192 });
    const page1 = await json(await api(gh, 'GET', `/api/models?providerId=${p.id}&limit=1`, admin));
    expect(page1.items).toHaveLength(1);
    const page2 = await json(
      await api(gh, 'GET', `/api/models?providerId=${p.id}&limit=1&cursor=${page1.nextCursor}`, admin),
    );
    expect([page1.items[0].alias, page2.items[0].alias].sort()).toEqual(['embedder', 'priced']);
    const chatOnly = await json(await api(gh, 'GET', `/api/models?providerId=${p.id}&kind=chat&enabled=false`, admin));
    expect(chatOnly.items.map((x: { alias: string }) => x.alias)).toEqual(['priced']);
    // Without prices a known upstream model (or a dated snapshot of it) gets the catalog's list price;
    // an explicit null keeps it unpriced; an unknown model stays unpriced.
    const listed = await json(await create('listed', { upstreamModel: 'gpt-4o-mini-2024-07-18' }));
    expect(listed).toMatchObject({ priceInput: 150_000, priceOutput: 600_000, priceCachedInput: 75_000 });
    const optedOut = await json(
      await create('opted-out', { upstreamModel: 'gpt-4o', priceInput: null, priceOutput: null }),
    );
    expect(optedOut).toMatchObject({ priceInput: null, priceOutput: null });
    expect(await json(await create('unknown'))).toMatchObject({ priceInput: null, priceOutput: null });
    const catalog = await json(await api(gh, 'GET', '/api/price-catalog', admin));
    expect(catalog).toMatchObject({ asOf: '2025-07-01', currency: 'USD' });
    expect(catalog.models.find((x: { model: string }) => x.model === 'claude-sonnet-4')).toMatchObject({
      input: 3_000_000,
      output: 15_000_000,
    });
    const bad = await create('bad-price', { priceInput: 1.5 });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toMatch(/^priceInput: /);
  });

  it('keeps at most one default provider per kind, switching it in one step', async () => {
    const a = await json(await api(gh, 'POST', '/api/providers', admin, { name: 'Default A', kind: 'mock' }));
    const b = await json(await api(gh, 'POST', '/api/providers', admin, { name: 'Default B', kind: 'mock' }));
    expect(a.isDefault).toBe(false);
    expect((await json(await api(gh, 'PATCH', `/api/providers/${a.id}`, admin, { isDefault: true }))).isDefault).toBe(
      true,
    );
    expect((await json(await api(gh, 'PATCH', `/api/providers/${b.id}`, admin, { isDefault: true }))).isDefault).toBe(
      true,
    );
    const list = await json(await api(gh, 'GET', '/api/providers', admin));
    const defaults = list.items.filter((p: { kind: string; isDefault: boolean }) => p.kind === 'mock' && p.isDefault);
    expect(defaults.map((p: { id: string }) => p.id)).toEqual([b.id]);
  });

  it("answers 404 naming the field for another org's provider or model", async () => {
    const res = await api(gh, 'POST', '/api/models', admin, {
      alias: 'x',
      providerId: foreign.providerId,
      upstreamModel: 'x',
    });
    expect(res.status).toBe(404);
    expect((await json(res)).error.message).toMatch(/^providerId: /);
    const { providerId, modelId } = foreign;
    for (const [method, path, body] of [
      ['PATCH', `/api/providers/${providerId}`, { name: 'mine' }],
      ['POST', `/api/providers/${providerId}/rotate-credential`, { apiKey: ROTATED }],
      ['POST', `/api/providers/${providerId}/test`, {}],
      ['DELETE', `/api/providers/${providerId}`, undefined],
      ['PATCH', `/api/models/${modelId}`, { enabled: false }],
      ['DELETE', `/api/models/${modelId}`, undefined],
    ] as const)
      expect(`${method} ${path} → ${(await api(gh, method, path, admin, body)).status}`).toBe(
        `${method} ${path} → 404`,
      );
  });
});
