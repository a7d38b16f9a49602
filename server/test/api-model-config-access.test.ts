import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { apiKeyCreator } from '../src/keys/key-creator.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { eventually, json } from './usage.ts';

const SECRET = 'sk-live-upstream-0123456789-abcd';

/** A chat completion through the gateway. */
const chat = (gh: Gatehouse, secret: string, model: string) =>
  fetch(`${gh.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

/** The aliases /v1/models lists for a key. */
const listed = async (gh: Gatehouse, secret: string) =>
  (
    (await json(await fetch(`${gh.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } }))).data as Array<{
      id: string;
    }>
  ).map((m) => m.id);

describe('model configuration import/export and the access matrix through the gateway', () => {
  let db: Database;
  let gh: Gatehouse;
  let org: { id: string };
  let admin: string;

  beforeAll(async () => {
    db = await openTestDb();
    org = await buildOrg(db);
    const a = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    gh = await startTestGatehouse();
    admin = (await signIn(gh, a.email)).token;
    const p = await buildProvider(db, org.id, {
      name: 'Keyed',
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: SECRET,
    });
    await buildModel(db, org.id, p.id, { alias: 'keep-me', priceInput: 100 });
    await buildModel(db, org.id, p.id, { alias: 'drop-me' });
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  const doImport = (doc: unknown, query = '') => api(gh, 'POST', `/api/models/import${query}`, admin, doc);
  const aliases = async () =>
    (await json(await api(gh, 'GET', '/api/models?limit=200', admin))).items
      .map((m: { alias: string }) => m.alias)
      .sort();

  it('reports every problem of a document with its exact path and writes nothing', async () => {
    const dept = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Legal' }));
    expect(dept.id).toBeDefined();
    const before = await aliases();
    const res = await doImport({
      version: 1,
      providers: [
        { name: 'Ok', kind: 'mock' },
        { name: 'Meta', kind: 'openai-compatible', baseUrl: 'http://169.254.169.254/v1' },
        { name: 'ok', kind: 'mock' },
      ],
      models: [
        { alias: 'fine', provider: 'Ok', upstreamModel: 'mock-1' },
        { alias: 'neg', provider: 'Ok', upstreamModel: 'mock-1', priceInput: -5 },
        { alias: 'ghost', provider: 'Nowhere', upstreamModel: 'x' },
        { alias: 'fine', provider: 'Ok', upstreamModel: 'mock-2' },
        { alias: 'typo', provider: 'Ok', upstreamModel: 'x', priceInptu: 1 },
      ],
      access: {
        rules: [
          { model: 'fine', department: ['Legal', 'Nope'], allowed: false },
          { model: 'fine', role: 'member', department: ['Legal'], allowed: true },
          { model: 'unknown', role: 'member', allowed: true },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual(
      [
        'access.rules[0].department',
        'access.rules[1]',
        'access.rules[2].model',
        'models[1].priceInput',
        'models[2].provider',
        'models[3].alias',
        'models[4]',
        'providers[1].baseUrl',
        'providers[2].name',
      ].sort(),
    );
    expect(await aliases()).toEqual(before);
    const bare = await json(await doImport({ version: 2 }, '?mode=replace'));
    expect(bare.error.problems.map((p: { path: string }) => p.path)).toEqual(['version', 'providers', 'models']);
  });

  it('exports without credentials; dry-runs, merges and replaces all or nothing with audit events', async () => {
    const exported = await json(await api(gh, 'GET', '/api/models/export', admin));
    expect(JSON.stringify(exported)).not.toContain(SECRET);
    expect(exported.version).toBe(1);
    expect(exported.providers).toEqual([
      { name: 'Keyed', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', settings: {}, enabled: true },
    ]);
    const doc = {
      ...exported,
      providers: [
        ...exported.providers,
        { name: 'Offline', kind: 'mock', baseUrl: null, settings: { chunks: 2 }, enabled: true },
      ],
      models: [
        ...exported.models.map((m: { alias: string }) => (m.alias === 'keep-me' ? { ...m, priceInput: 200 } : m)),
        { alias: 'new-one', provider: 'offline', upstreamModel: 'mock-1', kind: 'chat', enabled: true },
      ],
      access: { modelAccessDefault: 'allow', rules: [{ model: 'new-one', role: 'viewer', allowed: false }] },
    };
    const audits = await db.withOrg(org.id, (tx) => tx.execute(sql`select count(*)::int as n from audit_events`));
    const dry = await json(await doImport(doc, '?mode=merge&dryRun=true'));
    expect(dry).toMatchObject({
      dryRun: true,
      providers: { created: ['Offline'], updated: [], deleted: [], unchanged: 1 },
      models: { created: ['new-one'], updated: ['keep-me'], deleted: [], unchanged: 1 },
      access: { rulesChanged: 1, modelAccessDefault: null },
    });
    expect(await aliases()).toEqual(['drop-me', 'keep-me']);
    const merged = await json(await doImport(doc, '?mode=merge'));
    expect(merged.dryRun).toBe(false);
    expect(await aliases()).toEqual(['drop-me', 'keep-me', 'new-one']);
    const after = await db.withOrg(org.id, (tx) => tx.execute(sql`select count(*)::int as n from audit_events`));
    // provider.create, model.create, model.update, model_access.update
    expect(Number(after.rows[0]!.n) - Number(audits.rows[0]!.n)).toBe(4);
    expect((await json(await doImport(doc, '?mode=merge'))).models.unchanged).toBe(3);

    const replaced = await json(
      await doImport(
        {
          ...doc,
          providers: [doc.providers[0]],
          models: doc.models.filter((m: { alias: string }) => m.alias === 'keep-me'),
          access: { rules: [] },
        },
        '?mode=replace',
      ),
    );
    expect(replaced).toMatchObject({
      providers: { deleted: ['Offline'] },
      models: { deleted: expect.arrayContaining(['drop-me', 'new-one']) },
    });
    expect(await aliases()).toEqual(['keep-me']);
    const providers = await json(await api(gh, 'GET', '/api/providers', admin));
    expect(providers.items).toHaveLength(1);
    expect(providers.items[0].credential).toBe('sk-…abcd');
  });

  it('enforces the matrix on the gateway within a second: roles, departments (nearest wins), default, department keys', async () => {
    const p = await buildProvider(db, org.id);
    const model = await buildModel(db, org.id, p.id, { alias: 'matrix-chat', upstreamModel: 'mock-1' });
    const legal = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Matrix Legal' }));
    const berlin = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Berlin', parentId: legal.id }));
    const person = await buildMember(db, org.id, 'member', berlin.id);
    const key = await buildKey(db, org.id, person.userId);
    const deptKey = await db.withOrg(org.id, (tx) =>
      apiKeyCreator(tx, org.id, { name: 'dept', ownerDepartmentId: berlin.id }),
    );
    const put = (body: unknown) => api(gh, 'PUT', '/api/models/access', admin, body);
    const cell = (subjectType: string, subject: string, allowed: boolean | null) => ({
      modelId: model.id,
      subjectType,
      subject,
      allowed,
    });
    const status = (secret: string) => chat(gh, secret, 'matrix-chat').then((r) => r.status);

    expect(await status(key.secret)).toBe(200);
    const started = Date.now();
    expect((await put({ changes: [cell('role', 'member', false)] })).status).toBe(200);
    expect(
      await eventually(
        () => status(key.secret),
        (s) => s === 403,
        1000,
      ),
    ).toBe(403);
    expect(Date.now() - started).toBeLessThan(1000);
    const refused = await json(await chat(gh, key.secret, 'matrix-chat'));
    expect(refused.error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    expect(await listed(gh, key.secret)).not.toContain('matrix-chat');
    expect(await status(deptKey.secret)).toBe(200); // a department's key ignores role rules

    // Role allowed, ancestor department denied → denied; the nearer department allows → allowed.
    await put({ changes: [cell('role', 'member', true), cell('department', legal.id, false)] });
    expect(
      await eventually(
        () => status(deptKey.secret),
        (s) => s === 403,
        1000,
      ),
    ).toBe(403);
    expect(await status(key.secret)).toBe(403);
    await put({ changes: [cell('department', berlin.id, true)] });
    expect(
      await eventually(
        () => status(key.secret),
        (s) => s === 200,
        1000,
      ),
    ).toBe(200);
    expect(await listed(gh, key.secret)).toContain('matrix-chat');

    // The default for models without a rule.
    const other = await buildModel(db, org.id, p.id, { alias: 'unruled', upstreamModel: 'mock-1' });
    const matrix = await json(await put({ modelAccessDefault: 'deny', changes: [] }));
    expect(matrix.modelAccessDefault).toBe('deny');
    const row = matrix.models.find((m: { id: string }) => m.id === other.id);
    expect(row.roles.member).toBe('default');
    expect(matrix.models.find((m: { id: string }) => m.id === model.id).departments[berlin.id]).toBe('allowed');
    const unruled = () => chat(gh, key.secret, 'unruled').then((r) => r.status);
    expect(await eventually(unruled, (s) => s === 403, 1000)).toBe(403);
    expect(await listed(gh, key.secret)).toEqual(['matrix-chat']);

    // A rule deleted behind the API's back reaches the gateway through the cache poller.
    await db.withOrg(org.id, (tx) =>
      tx.execute(sql`delete from model_access where model_id = ${model.id} and subject = ${berlin.id}`),
    );
    expect(
      await eventually(
        () => status(key.secret),
        (s) => s === 403,
        1000,
      ),
    ).toBe(403);
    await put({ modelAccessDefault: 'allow' });
  });

  it('lets members read models but not providers or the export; managers read providers masked', async () => {
    const member = (await signIn(gh, (await buildMember(db, org.id, 'member', null, { withPassword: true })).email))
      .token;
    const manager = (await signIn(gh, (await buildMember(db, org.id, 'manager', null, { withPassword: true })).email))
      .token;
    expect((await api(gh, 'GET', '/api/models', member)).status).toBe(200);
    expect((await api(gh, 'GET', '/api/models/access', member)).status).toBe(200);
    expect((await api(gh, 'GET', '/api/providers', member)).status).toBe(403);
    expect((await api(gh, 'GET', '/api/models/export', member)).status).toBe(403);
    expect((await api(gh, 'PUT', '/api/models/access', manager, { changes: [] })).status).toBe(403);
    const seen = await api(gh, 'GET', '/api/providers', manager);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(await json(seen))).not.toContain(SECRET);
  });

  it('validates matrix changes naming the field', async () => {
    const p = await buildProvider(db, org.id);
    const model = await buildModel(db, org.id, p.id);
    const bad = await api(gh, 'PUT', '/api/models/access', admin, {
      changes: [{ modelId: model.id, subjectType: 'role', subject: 'emperor', allowed: true }],
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toMatch(/^changes\[0\]\.subject: not a role/);
    const stranger = await buildOrg(db);
    const theirs = await buildModel(db, stranger.id, (await buildProvider(db, stranger.id)).id);
    const missing = await api(gh, 'PUT', '/api/models/access', admin, {
      changes: [{ modelId: theirs.id, subjectType: 'role', subject: 'member', allowed: false }],
    });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.message).toMatch(/^changes\[0\]\.modelId: /);
  });
});
