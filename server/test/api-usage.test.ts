import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Role } from '../src/identity/user-creator.ts';
import type { Gatehouse } from '../src/main.ts';
import { UsageWriter, type UsageEvent } from '../src/metering/usage-writer.ts';
import { departmentCreator } from '../src/orgs/department-creator.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildTenant, openTestDb } from './helpers.ts';
import { json, type LooseJson } from './usage.ts';

/** A usage event as the gateway would record it; tests set what they look at. */
const usageEvent = (orgId: string, requestId: string, extra: Partial<UsageEvent> = {}): UsageEvent => ({
  orgId,
  requestId,
  createdAt: new Date('2026-11-23T10:00:00Z'),
  endpoint: '/v1/chat/completions',
  departmentId: null,
  userId: null,
  keyId: null,
  modelAlias: 'mock-chat',
  providerId: null,
  providerKind: 'mock',
  upstreamModel: 'mock-1',
  tokensIn: 10,
  tokensOut: 20,
  tokensCached: 0,
  costMicros: 1234,
  pricing: 'priced',
  priceSnapshot: { input: 150_000, output: 600_000 },
  usageSource: 'provider',
  latencyMs: 5,
  ttftMs: null,
  status: 200,
  errorCode: null,
  stream: false,
  clientAborted: false,
  privacyCounts: null,
  ...extra,
});

describe('/api/usage: listing, detail, CSV export, summaries from rollups', () => {
  let db: Database;
  let gh: Gatehouse;
  let writer: UsageWriter;
  /** The Berlin org every reading test uses, with a department tree and one person per role. */
  let org: { id: string };
  let eng: string;
  let platform: string;
  let sales: string;
  const people: Record<string, { userId: string; email: string; token: string }> = {};
  let platformKey: { id: string };
  let salesKey: { id: string };
  /** Another org, whose usage must never show. */
  let other: { id: string };

  const get = async (path: string, who = 'admin'): Promise<{ status: number; body: LooseJson }> => {
    const res = await api(gh, 'GET', path, people[who]!.token);
    return { status: res.status, body: await json(res) };
  };
  const ids = (body: LooseJson) => (body.data as Array<{ requestId: string }>).map((e) => e.requestId);

  beforeAll(async () => {
    db = await openTestDb();
    writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    org = await buildOrg(db, 'Usage Org');
    other = await buildOrg(db, 'Other Org');
    await db.withSystem((tx) =>
      tx.execute(
        sql`update organizations set settings = '{"timezone":"Europe/Berlin","currency":"EUR"}' where id = ${org.id}`,
      ),
    );
    eng = (await departmentCreator(db, org.id, { name: 'Engineering' })).id;
    platform = (await departmentCreator(db, org.id, { name: 'Platform', parentId: eng })).id;
    sales = (await departmentCreator(db, org.id, { name: 'Sales' })).id;
    gh = await startTestGatehouse();
    const roles: Array<[string, Role, string | null]> = [
      ['admin', 'admin', null],
      ['manager', 'manager', eng],
      ['dev', 'member', platform],
      ['seller', 'member', sales],
      ['viewer', 'viewer', null],
    ];
    for (const [name, role, dept] of roles) {
      const m = await buildMember(db, org.id, role, dept, { withPassword: true });
      people[name] = { userId: m.userId, email: m.email, token: (await signIn(gh, m.email)).token };
    }
    platformKey = await buildKey(db, org.id, people.dev!.userId, { name: 'dev laptop' });
    salesKey = await buildKey(db, org.id, people.seller!.userId, { name: 'crm' });
    // Six events over two local days; e6 is 23:30 UTC on the 23rd, i.e. the 24th in Berlin.
    const at = (iso: string) => new Date(iso);
    const dev = { departmentId: platform, userId: people.dev!.userId, keyId: platformKey.id };
    const seller = { departmentId: sales, userId: people.seller!.userId, keyId: salesKey.id };
    const mgr = { departmentId: eng, userId: people.manager!.userId, keyId: null };
    await Promise.all([
      writer.record(usageEvent(org.id, 'e1', { ...dev, createdAt: at('2026-11-23T08:00:00Z'), costMicros: 1_000_000 })),
      writer.record(usageEvent(org.id, 'e2', { ...dev, createdAt: at('2026-11-23T09:15:00Z'), creditsMicros: 700 })),
      writer.record(
        usageEvent(org.id, 'e3', {
          ...seller,
          createdAt: at('2026-11-23T09:45:00Z'),
          status: 429,
          errorCode: 'rate_limited',
          costMicros: 0,
        }),
      ),
      writer.record(
        usageEvent(org.id, 'e4', {
          ...seller,
          createdAt: at('2026-11-23T12:00:00Z'),
          endpoint: '/v1/embeddings',
          modelAlias: 'mock-embed',
          costMicros: 66,
        }),
      ),
      writer.record(
        usageEvent(org.id, 'e5', {
          ...mgr,
          createdAt: at('2026-11-23T15:00:00Z'),
          modelAlias: 'house-llm',
          costMicros: null,
          pricing: 'unpriced',
        }),
      ),
      writer.record(usageEvent(org.id, 'e6', { ...dev, createdAt: at('2026-11-23T23:30:00Z'), status: 502 })),
      writer.record(usageEvent(other.id, 'e1', { createdAt: at('2026-11-23T10:00:00Z') })),
      writer.record(usageEvent(other.id, 'x1', { createdAt: at('2026-11-23T10:00:00Z') })),
    ]);
  });
  afterAll(async () => {
    await gh?.stop();
    await writer?.flush();
    await db?.close();
  });

  describe('listing', () => {
    it('lists every event of the org newest first, never another org’s', async () => {
      const { status, body } = await get('/api/usage');
      expect(status).toBe(200);
      expect(ids(body)).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
      expect(body.nextCursor).toBeNull();
      expect(body.data[5]).toEqual({
        requestId: 'e1',
        createdAt: '2026-11-23T08:00:00.000Z',
        endpoint: '/v1/chat/completions',
        departmentId: platform,
        departmentName: 'Platform',
        userId: people.dev!.userId,
        userEmail: people.dev!.email,
        keyId: platformKey.id,
        keyName: 'dev laptop',
        model: 'mock-chat',
        providerKind: 'mock',
        upstreamModel: 'mock-1',
        tokensIn: 10,
        tokensOut: 20,
        tokensCached: 0,
        costMicros: 1_000_000,
        pricing: 'priced',
        usageSource: 'provider',
        latencyMs: 5,
        ttftMs: null,
        status: 200,
        errorCode: null,
        stream: false,
        clientAborted: false,
        privacyCounts: null,
      });
    });

    it.each([
      ['from=2026-11-23T09:15:00Z&to=2026-11-23T12:00:00Z', ['e3', 'e2']],
      ['from=2026-11-23T10:15:00%2B01:00', ['e6', 'e5', 'e4', 'e3', 'e2']],
      [`departmentId=${'<sales>'}`, ['e4', 'e3']],
      ['userId=<dev>', ['e6', 'e2', 'e1']],
      ['keyId=<salesKey>', ['e4', 'e3']],
      ['model=house-llm', ['e5']],
      ['status=error', ['e6', 'e3']],
      ['status=ok', ['e5', 'e4', 'e2', 'e1']],
      ['status=429', ['e3']],
      ['endpoint=/v1/embeddings', ['e4']],
      ['status=error&userId=<dev>', ['e6']],
    ])('filters: %s', async (query, expected) => {
      const q = query.replace('<sales>', sales).replace('<dev>', people.dev!.userId).replace('<salesKey>', salesKey.id);
      const { status, body } = await get(`/api/usage?${q}`);
      expect(status).toBe(200);
      expect(ids(body)).toEqual(expected);
    });

    it('pages with an opaque cursor without skipping or repeating an event', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const { body }: { body: LooseJson } = await get(
          `/api/usage?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...ids(body));
        cursor = body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(2);
      expect(seen).toEqual(['e6', 'e5', 'e4', 'e3', 'e2', 'e1']);
      expect((await get('/api/usage?cursor=not-a-cursor')).status).toBe(400);
      expect((await get('/api/usage?limit=201')).status).toBe(400);
      expect((await get('/api/usage?status=abc')).status).toBe(400);
    });

    it('keeps events of the same instant in order across pages', async () => {
      const same = await buildOrg(db);
      const owner = await buildMember(db, same.id, 'owner', null, { withPassword: true });
      const token = (await signIn(gh, owner.email)).token;
      const instant = new Date('2026-11-20T10:00:00.000Z');
      await Promise.all(
        Array.from({ length: 7 }, (_, i) => writer.record(usageEvent(same.id, `same-${i}`, { createdAt: instant }))),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api(gh, 'GET', `/api/usage?limit=2${cursor ? `&cursor=${cursor}` : ''}`, token);
        const body = await json(res);
        seen.push(...ids(body));
        cursor = body.nextCursor;
      } while (cursor);
      expect([...seen].sort()).toEqual(Array.from({ length: 7 }, (_, i) => `same-${i}`));
    });

    it('shows a manager their department subtree and themselves, a member only their own', async () => {
      expect(ids((await get('/api/usage', 'manager')).body)).toEqual(['e6', 'e5', 'e2', 'e1']);
      expect(ids((await get('/api/usage', 'dev')).body)).toEqual(['e6', 'e2', 'e1']);
      expect(ids((await get('/api/usage', 'seller')).body)).toEqual(['e4', 'e3']);
      expect(ids((await get('/api/usage', 'viewer')).body)).toHaveLength(6);
      // A filter never widens the reach.
      expect(ids((await get(`/api/usage?departmentId=${sales}`, 'manager')).body)).toEqual([]);
      expect(ids((await get(`/api/usage?userId=${people.dev!.userId}`, 'seller')).body)).toEqual([]);
    });

    it('answers keys by their scope, and nobody without a credential', async () => {
      const scoped = await buildKey(db, org.id, people.admin!.userId, { scopes: ['usage.read'] });
      const unscoped = await buildKey(db, org.id, people.admin!.userId);
      const withScope = await api(gh, 'GET', '/api/usage', scoped.secret);
      expect(ids(await json(withScope))).toHaveLength(6);
      expect((await api(gh, 'GET', '/api/usage', unscoped.secret)).status).toBe(403);
      expect((await api(gh, 'GET', '/api/usage', null)).status).toBe(401);
      expect((await api(gh, 'GET', '/api/usage/summary', null)).status).toBe(401);
      expect((await api(gh, 'GET', '/api/usage/export.csv', unscoped.secret)).status).toBe(403);
    });
  });

  describe('detail', () => {
    it('shows one request with its price snapshot and the credits it consumed', async () => {
      const { status, body } = await get('/api/usage/e2');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        requestId: 'e2',
        departmentName: 'Platform',
        userEmail: people.dev!.email,
        keyName: 'dev laptop',
        priceSnapshot: { input: 150_000, output: 600_000 },
        reserved: false,
        creditsMicros: 700,
      });
      expect((await get('/api/usage/e1')).body.creditsMicros).toBe(0);
      const held = await buildOrg(db);
      const owner = await buildMember(db, held.id, 'owner', null, { withPassword: true });
      await writer.record(usageEvent(held.id, 'held-1', { reservationId: 'res-1', usageSource: 'estimated' }));
      const res = await api(gh, 'GET', '/api/usage/held-1', (await signIn(gh, owner.email)).token);
      expect(await json(res)).toMatchObject({ requestId: 'held-1', reserved: true, usageSource: 'estimated' });
    });

    it("is a 404 for another org's request and for one outside the reader's reach", async () => {
      expect((await get('/api/usage/x1')).status).toBe(404);
      expect((await get('/api/usage/e3', 'dev')).status).toBe(404);
      expect((await get('/api/usage/e3', 'seller')).status).toBe(200);
      expect((await get('/api/usage/nope')).body.error.code).toBe('not_found');
    });
  });

  describe('CSV export', () => {
    it('streams the filtered listing with a header, money as decimal and micro-units', async () => {
      const res = await api(gh, 'GET', `/api/usage/export.csv?userId=${people.dev!.userId}`, people.admin!.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.headers.get('content-length')).toBeNull();
      const lines = (await res.text()).split('\r\n');
      expect(lines[0]).toBe(
        'createdAt,requestId,endpoint,departmentId,departmentName,userId,userEmail,keyId,keyName,model,providerKind,' +
          'upstreamModel,status,errorCode,tokensIn,tokensOut,tokensCached,cost,currency,costMicros,pricing,' +
          'usageSource,latencyMs,ttftMs,stream,clientAborted',
      );
      expect(lines.slice(1, -1).map((l) => l.split(',')[1])).toEqual(['e6', 'e2', 'e1']);
      const e1 = lines[3]!.split(',');
      expect(e1.slice(17, 20)).toEqual(['1.000000', 'EUR', '1000000']);
      expect(lines.at(-1)).toBe('');
    });

    it('escapes hostile text and streams several pages of a big export', async () => {
      const big = await buildOrg(db);
      const owner = await buildMember(db, big.id, 'owner', null, { withPassword: true });
      const token = (await signIn(gh, owner.email)).token;
      const hostile = '=gpt, "best"\nnext';
      const base = Date.parse('2026-11-01T00:00:00Z');
      await Promise.all(
        Array.from({ length: 2_345 }, (_, i) =>
          writer.record(
            usageEvent(big.id, `big-${i}`, {
              createdAt: new Date(base + i * 1000),
              modelAlias: i === 0 ? hostile : 'mock-chat',
              costMicros: i === 0 ? 5 : null,
              pricing: i === 0 ? 'priced' : 'unpriced',
            }),
          ),
        ),
      );
      const res = await api(gh, 'GET', '/api/usage/export.csv', token);
      const text = await res.text();
      const rows = text.split('\r\n').slice(1, -1);
      // The hostile cell is quoted (its bare \n is no record separator) and cannot run as a formula.
      expect(rows).toHaveLength(2_345);
      expect(rows[1]!.split(',')[1]).toBe('big-2343');
      expect(text).toContain(`,"'=gpt, ""best""\nnext",mock,mock-1,200,,10,20,0,0.000005,USD,5,priced,`);
      expect(rows.at(-3)!.split(',').slice(17, 21)).toEqual(['', 'USD', '', 'unpriced']);
    });
  });

  describe('summary from rollups', () => {
    const row = (body: LooseJson, key: string) => (body.rows as LooseJson[]).find((r) => (r.bucket ?? r.id) === key);
    const range = 'from=2026-11-22T23:00:00Z&to=2026-11-25T23:00:00Z';

    it('groups by local day: 23:30 UTC counts on the next day in Berlin', async () => {
      const { status, body } = await get(`/api/usage/summary?${range}&groupBy=day`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ grain: 'day', timezone: 'Europe/Berlin', currency: 'EUR', groupBy: 'day' });
      expect(body.rows.map((r: LooseJson) => [r.bucket, r.requests])).toEqual([
        ['2026-11-23', 5],
        ['2026-11-24', 1],
      ]);
      expect(body.totals).toEqual({
        requests: 6,
        errors: 2,
        tokensIn: 60,
        tokensOut: 120,
        tokensCached: 0,
        costMicros: 1_000_000 + 1234 + 0 + 66 + 0 + 1234,
        unpricedRequests: 1,
      });
      // A range ending at local midnight of the 24th leaves the 24th out.
      const toMidnight = await get('/api/usage/summary?from=2026-11-22T23:00:00Z&to=2026-11-23T23:00:00Z');
      expect(toMidnight.body.rows.map((r: LooseJson) => r.bucket)).toEqual(['2026-11-23']);
    });

    it('groups by UTC hour', async () => {
      const { body } = await get(`/api/usage/summary?${range}&groupBy=hour`);
      expect(body.grain).toBe('hour');
      expect(body.rows.map((r: LooseJson) => [r.bucket, r.requests, r.errors])).toEqual([
        ['2026-11-23T08:00:00Z', 1, 0],
        ['2026-11-23T09:00:00Z', 2, 1],
        ['2026-11-23T12:00:00Z', 1, 0],
        ['2026-11-23T15:00:00Z', 1, 0],
        ['2026-11-23T23:00:00Z', 1, 1],
      ]);
      const narrow = await get('/api/usage/summary?from=2026-11-23T09:30:00Z&to=2026-11-23T12:00:00Z&groupBy=hour');
      expect(narrow.body.rows.map((r: LooseJson) => r.bucket)).toEqual(['2026-11-23T09:00:00Z']);
    });

    it('groups by model, department, user and key, with labels', async () => {
      const byModel = (await get(`/api/usage/summary?${range}&groupBy=model`)).body;
      expect(byModel.rows[0]).toMatchObject({
        id: 'mock-chat',
        label: 'mock-chat',
        requests: 4,
        costMicros: 1_002_468,
      });
      expect(row(byModel, 'house-llm')).toMatchObject({ requests: 1, unpricedRequests: 1, costMicros: 0 });
      const byDept = (await get(`/api/usage/summary?${range}&groupBy=department`)).body;
      expect(byDept.rows.map((r: LooseJson) => [r.label, r.requests])).toEqual([
        ['Platform', 3],
        ['Sales', 2],
        ['Engineering', 1],
      ]);
      const byUser = (await get(`/api/usage/summary?${range}&groupBy=user`)).body;
      expect(row(byUser, people.seller!.userId)).toMatchObject({ label: people.seller!.email, requests: 2, errors: 1 });
      const byKey = (await get(`/api/usage/summary?${range}&groupBy=key`)).body;
      expect(byKey.rows.map((r: LooseJson) => [r.label, r.requests])).toEqual([
        ['dev laptop', 3],
        ['crm', 2],
        [null, 1],
      ]);
      expect(byKey.rows[2].id).toBeNull();
    });

    it('groups by local week (from Monday) and month: Sunday 23:30 and 1 December 00:30 in Berlin', async () => {
      const weekly = await buildOrg(db);
      await db.withSystem((tx) =>
        tx.execute(sql`update organizations set settings = '{"timezone":"Europe/Berlin"}' where id = ${weekly.id}`),
      );
      const owner = await buildMember(db, weekly.id, 'owner', null, { withPassword: true });
      const token = (await signIn(gh, owner.email)).token;
      await Promise.all(
        [
          ['sun', '2026-11-29T22:30:00Z', 100],
          ['mon', '2026-11-29T23:30:00Z', 20],
          ['dec', '2026-11-30T23:30:00Z', 3],
        ].map(([id, at, cost]) =>
          writer.record(usageEvent(weekly.id, id as string, { createdAt: new Date(at!), costMicros: cost as number })),
        ),
      );
      const summary = async (groupBy: string) => {
        const res = await api(
          gh,
          'GET',
          `/api/usage/summary?from=2026-11-15T00:00:00Z&to=2026-12-10T00:00:00Z&groupBy=${groupBy}`,
          token,
        );
        const body = await json(res);
        return (body.rows as LooseJson[]).map((r) => [r.bucket, r.requests, r.costMicros]);
      };
      expect(await summary('day')).toEqual([
        ['2026-11-29', 1, 100],
        ['2026-11-30', 1, 20],
        ['2026-12-01', 1, 3],
      ]);
      expect(await summary('week')).toEqual([
        ['2026-11-23', 1, 100],
        ['2026-11-30', 2, 23],
      ]);
      expect(await summary('month')).toEqual([
        ['2026-11-01', 2, 120],
        ['2026-12-01', 1, 3],
      ]);
    });

    it('answers the top N of a dimension with the totals and group count of all', async () => {
      const { body } = await get(`/api/usage/summary?${range}&groupBy=department&limit=2`);
      expect(body.rows.map((r: LooseJson) => r.label)).toEqual(['Platform', 'Sales']);
      expect(body.groups).toBe(3);
      expect(body.totals.requests).toBe(6);
      const all = (await get(`/api/usage/summary?${range}&groupBy=department`)).body;
      expect(all.groups).toBe(3);
      expect(all.rows).toHaveLength(3);
    });

    it('applies scope filters and the reader’s reach', async () => {
      const filtered = (await get(`/api/usage/summary?${range}&groupBy=model&departmentId=${sales}`)).body;
      expect(filtered.rows.map((r: LooseJson) => r.id)).toEqual(['mock-embed', 'mock-chat']);
      const manager = (await get(`/api/usage/summary?${range}&groupBy=department`, 'manager')).body;
      expect(manager.rows.map((r: LooseJson) => r.label)).toEqual(['Platform', 'Engineering']);
      const member = (await get(`/api/usage/summary?${range}&groupBy=user`, 'seller')).body;
      expect(member.rows.map((r: LooseJson) => r.id)).toEqual([people.seller!.userId]);
      expect(member.totals.requests).toBe(2);
      const otherOrg = await buildMember(db, other.id, 'owner', null, { withPassword: true });
      const otherToken = (await signIn(gh, otherOrg.email)).token;
      const res = await api(gh, 'GET', `/api/usage/summary?${range}`, otherToken);
      expect((await json(res)).totals.requests).toBe(2);
    });

    it('refuses a backwards range and an hourly summary longer than a year', async () => {
      expect((await get('/api/usage/summary?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z')).status).toBe(400);
      expect(
        (await get('/api/usage/summary?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&groupBy=hour')).status,
      ).toBe(400);
      expect((await get('/api/usage/summary?groupBy=year')).status).toBe(400);
      expect((await get('/api/usage/summary?groupBy=user&limit=0')).status).toBe(400);
    });
  });

  it("shows each tenant's usage this month to the platform operator", async () => {
    const tenantOrg = await buildOrg(db, 'Monthly');
    await Promise.all([
      writer.record(usageEvent(tenantOrg.id, 'now-1', { createdAt: new Date(), costMicros: 400 })),
      writer.record(
        usageEvent(tenantOrg.id, 'now-2', { createdAt: new Date(), costMicros: null, pricing: 'unpriced' }),
      ),
    ]);
    const operator = await buildMember(db, tenantOrg.id, 'owner', null, { withPassword: true, platformAdmin: true });
    const token = (await signIn(gh, operator.email)).token;
    const res = await api(gh, 'GET', '/api/orgs?q=Monthly&limit=200', token);
    expect(res.status).toBe(200);
    const listed = ((await json(res)).items as LooseJson[]).find((o) => o.id === tenantOrg.id);
    expect(listed.usageThisMonth).toEqual({ requests: 2, costMicros: 400 });
  });

  describe('rollups maintained by the gateway', () => {
    it('equal the sum of the usage events after a burst of concurrent requests, errors included', async () => {
      const tenant = await buildTenant(db);
      const failing = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1@error400' });
      const chat = (model: string, i: number) =>
        fetch(`${gh.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: `hello number ${i}` }] }),
        });
      // The new model reaches the gateway's cache within a second.
      for (let i = 0; i < 50; i++) {
        if ((await chat(failing.alias, -1)).status === 400) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const statuses = await Promise.all(
        Array.from({ length: 60 }, (_, i) => chat(i % 5 === 0 ? failing.alias : 'mock-chat', i).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(48);
      // An unpriced event, written as the gateway would for an org that allows unpriced models.
      await writer.record(
        usageEvent(tenant.org.id, 'unpriced-1', { createdAt: new Date(), costMicros: null, pricing: 'unpriced' }),
      );
      const compare = await db.withOrg(tenant.org.id, async (tx) => {
        const q = (text: string) => tx.execute(sql.raw(text)).then((r) => r.rows);
        const sums = `count(*)::int as requests, count(*) filter (where status >= 400)::int as errors,
          sum(tokens_in)::int as tokens_in, sum(tokens_out)::int as tokens_out,
          coalesce(sum(cost_micros), 0)::int as cost_micros, count(*) filter (where pricing = 'unpriced')::int as unpriced`;
        const rollup = (grain: string) =>
          q(`select sum(requests)::int as requests, sum(errors)::int as errors, sum(tokens_in)::int as tokens_in,
                    sum(tokens_out)::int as tokens_out, sum(cost_micros)::int as cost_micros,
                    sum(unpriced_requests)::int as unpriced from usage_rollups where grain = '${grain}'`);
        return {
          events: await q(`select ${sums} from usage_events`),
          hour: await rollup('hour'),
          day: await rollup('day'),
        };
      });
      expect(compare.events[0]!.requests).toBeGreaterThanOrEqual(62);
      expect(compare.events[0]!.unpriced).toBe(1);
      expect(compare.events[0]!.errors).toBeGreaterThanOrEqual(13);
      expect(compare.hour).toEqual(compare.events);
      expect(compare.day).toEqual(compare.events);
    });
  });
});
