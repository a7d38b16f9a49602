import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { departmentCreator } from '../src/orgs/department-creator.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildOrg, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

interface Person {
  userId: string;
  email: string;
  token: string;
}

describe('/api budgets and rate limits', () => {
  let db: Database;
  let gh: Gatehouse;
  let org: { id: string };
  let admin: Person;
  let manager: Person;
  let member: Person;
  let hrMember: Person;
  let viewer: Person;
  let legal: string;
  let berlin: string;
  let hr: string;
  let memberKey: string;
  let hrKey: string;
  let legalKey: string;

  const person = async (role: 'admin' | 'manager' | 'member' | 'viewer', dept: string | null): Promise<Person> => {
    const m = await buildMember(db, org.id, role, dept, { withPassword: true });
    return { ...m, token: (await signIn(gh, m.email)).token };
  };
  const audit = async (action: string) =>
    (
      await db.withOrg(org.id, (tx) =>
        tx.execute(
          sql`select actor_id, target_id, before, after from audit_events where action = ${action} order by seq`,
        ),
      )
    ).rows as Array<{
      actor_id: string;
      target_id: string;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }>;
  const error = async (res: Response) => ({ status: res.status, ...(await json(res)).error });
  const create = (token: string, body: Record<string, unknown>) => api(gh, 'POST', '/api/budgets', token, body);
  const ids = async (token: string, path = '/api/budgets?limit=200') =>
    new Set(((await json(await api(gh, 'GET', path, token))).items as Array<{ id: string }>).map((b) => b.id));

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    org = await buildOrg(db);
    legal = (await departmentCreator(db, org.id, { name: 'Legal' })).id;
    berlin = (await departmentCreator(db, org.id, { name: 'Berlin', parentId: legal })).id;
    hr = (await departmentCreator(db, org.id, { name: 'HR' })).id;
    admin = await person('admin', null);
    manager = await person('manager', legal);
    member = await person('member', berlin);
    hrMember = await person('member', hr);
    viewer = await person('viewer', null);
    memberKey = (await buildKey(db, org.id, member.userId)).id;
    hrKey = (await buildKey(db, org.id, hrMember.userId)).id;
    legalKey = (await buildKey(db, org.id, admin.userId, { ownerUserId: null, ownerDepartmentId: legal })).id;
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('creates, reads, updates and deletes a budget, auditing each change with before and after', async () => {
    const res = await create(admin.token, {
      name: 'Legal monthly',
      scopeType: 'department',
      scopeId: legal,
      metric: 'cost',
      period: 'month',
      limitAmount: '200.00',
      alertThresholds: [95, 50, 80, 20],
    });
    expect(res.status).toBe(201);
    const budget = await json(res);
    expect(budget).toMatchObject({
      name: 'Legal monthly',
      scopeType: 'department',
      scopeId: legal,
      metric: 'cost',
      period: 'month',
      limit: 200_000_000,
      limitAmount: '200.00',
      currency: 'USD',
      alertThresholds: [20, 50, 80, 95],
      increase: null,
      enabled: true,
      createdBy: admin.userId,
    });
    expect(await json(await api(gh, 'GET', `/api/budgets/${budget.id}`, admin.token))).toEqual(budget);

    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const patched = await json(
      await api(gh, 'PATCH', `/api/budgets/${budget.id}`, admin.token, {
        limit: 250_000_001,
        increase: { amount: 50_000_000, expiresAt },
        enabled: false,
        metric: 'cost', // the fixed fields may be sent back unchanged
      }),
    );
    expect(patched).toMatchObject({
      limit: 250_000_001,
      limitAmount: '250.000001',
      increase: { amount: 50_000_000, expiresAt, active: true },
      enabled: false,
      alertThresholds: [20, 50, 80, 95],
    });
    const removed = await json(
      await api(gh, 'PATCH', `/api/budgets/${budget.id}`, admin.token, { increase: null, limitAmount: 0.5 }),
    );
    expect(removed).toMatchObject({ increase: null, limit: 500_000, limitAmount: '0.50' });

    expect((await api(gh, 'DELETE', `/api/budgets/${budget.id}`, admin.token)).status).toBe(204);
    expect((await api(gh, 'GET', `/api/budgets/${budget.id}`, admin.token)).status).toBe(404);
    expect((await api(gh, 'DELETE', `/api/budgets/${budget.id}`, admin.token)).status).toBe(404);

    const [created] = (await audit('budget.create')).filter((e) => e.target_id === budget.id);
    expect(created!.actor_id).toBe(admin.userId);
    expect(created!.after).toMatchObject({ limit: 200_000_000, scopeId: legal });
    const updates = (await audit('budget.update')).filter((e) => e.target_id === budget.id);
    expect(updates.map((e) => [e.before.limit, e.after.limit])).toEqual([
      [200_000_000, 250_000_001],
      [250_000_001, 500_000],
    ]);
    const [deleted] = (await audit('budget.delete')).filter((e) => e.target_id === budget.id);
    expect(deleted!.before).toMatchObject({ limit: 500_000 });
    expect(deleted!.after).toBeNull();
  });

  it('tells the limits cache of this process after every change, and only then', async () => {
    const invalidate = vi.spyOn(gh.metering.limits, 'invalidate');
    try {
      const b = await json(await create(admin.token, { scopeType: 'org', metric: 'cost', period: 'day', limit: 1 }));
      await api(gh, 'PATCH', `/api/budgets/${b.id}`, admin.token, { limit: 2 });
      await api(gh, 'PATCH', `/api/budgets/${b.id}`, admin.token, { limit: -2 }); // refused: no change
      await api(gh, 'DELETE', `/api/budgets/${b.id}`, admin.token);
      const rl = await json(
        await api(gh, 'PUT', '/api/rate-limits', admin.token, {
          scopeType: 'user',
          scopeId: viewer.userId,
          requestsPerMinute: 1,
        }),
      );
      await api(gh, 'DELETE', `/api/rate-limits/${rl.id}`, admin.token);
      expect(invalidate.mock.calls).toEqual(Array.from({ length: 5 }, () => [org.id]));
    } finally {
      invalidate.mockRestore();
    }
  });

  it('defaults: thresholds 50/80/95, enabled, integer limits for tokens and requests', async () => {
    const b = await json(
      await create(admin.token, {
        scopeType: 'user',
        scopeId: hrMember.userId,
        metric: 'tokens',
        period: 'day',
        limit: 1000,
      }),
    );
    expect(b).toMatchObject({
      alertThresholds: [50, 80, 95],
      enabled: true,
      limit: 1000,
      limitAmount: null,
      currency: null,
      name: '',
    });
  });

  it('refuses bad input with 400, naming the field', async () => {
    const base = { scopeType: 'org', metric: 'requests', period: 'week', limit: 10 };
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, scopeType: 'team' }, 'scopeType'],
      [{ ...base, scopeId: legal }, 'scopeId'],
      [{ ...base, scopeType: 'department', scopeId: undefined }, 'scopeId'],
      [{ ...base, scopeType: 'key', scopeId: 'not-a-uuid' }, 'scopeId'],
      [{ ...base, metric: 'euros' }, 'metric'],
      [{ ...base, period: 'year' }, 'period'],
      [{ ...base, limit: -1 }, 'limit'],
      [{ ...base, limit: 1.5 }, 'limit'],
      [{ ...base, limit: undefined }, 'limit'],
      [{ ...base, limitAmount: '5.00', limit: undefined }, 'limitAmount'],
      [{ ...base, metric: 'cost', limit: 5, limitAmount: '5.00' }, 'limitAmount'],
      [{ ...base, metric: 'cost', limit: undefined, limitAmount: '1.0000001' }, 'limitAmount'],
      [{ ...base, metric: 'cost', limit: undefined, limitAmount: '-1' }, 'limitAmount'],
      [{ ...base, metric: 'cost', limit: undefined, limitAmount: 'ten' }, 'limitAmount'],
      [{ ...base, alertThresholds: [50, 50] }, 'alertThresholds'],
      [{ ...base, alertThresholds: [0] }, 'alertThresholds.0'],
      [{ ...base, alertThresholds: [50, 101] }, 'alertThresholds.1'],
      [{ ...base, alertThresholds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, 'alertThresholds'],
      [{ ...base, increase: { amount: 5, expiresAt: '2020-01-01T00:00:00Z' } }, 'increase.expiresAt'],
      [{ ...base, increase: { amount: 0, expiresAt: future } }, 'increase.amount'],
      [{ ...base, name: 'x'.repeat(201) }, 'name'],
      [{ ...base, enabled: 'yes' }, 'enabled'],
    ];
    for (const [body, field] of cases) {
      const e = await error(await create(admin.token, body));
      expect(`${field} → ${e.status} ${e.code}`).toBe(`${field} → 400 invalid_request`);
      expect(e.message.startsWith(`${field}: `), `${e.message} should name ${field}`).toBe(true);
    }

    const b = await json(await create(admin.token, { ...base, period: 'month' }));
    const patchCases: Array<[Record<string, unknown>, string]> = [
      [{ metric: 'cost' }, 'metric'],
      [{ period: 'day' }, 'period'],
      [{ scopeType: 'department' }, 'scopeType'],
      [{ scopeId: legal }, 'scopeId'],
      [{ limitAmount: '5.00' }, 'limitAmount'],
      [{ limit: -5 }, 'limit'],
    ];
    for (const [body, field] of patchCases) {
      const e = await error(await api(gh, 'PATCH', `/api/budgets/${b.id}`, admin.token, body));
      expect(`${field} → ${e.status}`).toBe(`${field} → 400`);
      expect(e.message).toMatch(new RegExp(`^${field}: `));
    }
    expect((await json(await api(gh, 'GET', `/api/budgets/${b.id}`, admin.token))).limit).toBe(10);
  });

  it('checks that the scope exists in this org, and refuses an exact duplicate with 409', async () => {
    for (const scopeType of ['department', 'user', 'key']) {
      const e = await error(
        await create(admin.token, {
          scopeType,
          scopeId: '00000000-0000-4000-8000-000000000001',
          metric: 'requests',
          period: 'day',
          limit: 1,
        }),
      );
      expect(e.status).toBe(404);
      expect(e.message).toMatch(/^scopeId: no /);
    }
    const body = { scopeType: 'key', scopeId: memberKey, metric: 'cost', period: 'total', limit: 5_000_000 };
    expect((await create(admin.token, body)).status).toBe(201);
    const dup = await error(await create(admin.token, { ...body, name: 'again', limit: 1 }));
    expect(dup.status).toBe(409);
    expect(dup.message).toMatch(/A total cost budget for key .* already exists \(budget [0-9a-f-]{36}\)/);
    // Another metric or period on the same scope is a different budget.
    expect((await create(admin.token, { ...body, metric: 'requests' })).status).toBe(201);
    expect((await create(admin.token, { ...body, period: 'day' })).status).toBe(201);
  });

  it("answers 404 for another org's budgets, rate limits and scopes", async () => {
    const other = await buildOrg(db);
    const otherAdmin = await buildMember(db, other.id, 'admin', null, { withPassword: true });
    const otherToken = (await signIn(gh, otherAdmin.email)).token;
    const theirs = await json(
      await create(otherToken, { scopeType: 'org', metric: 'requests', period: 'day', limit: 100 }),
    );
    const theirRate = await json(
      await api(gh, 'PUT', '/api/rate-limits', otherToken, { scopeType: 'org', requestsPerMinute: 10 }),
    );
    expect((await api(gh, 'GET', `/api/budgets/${theirs.id}`, admin.token)).status).toBe(404);
    expect((await api(gh, 'PATCH', `/api/budgets/${theirs.id}`, admin.token, { limit: 1 })).status).toBe(404);
    expect((await api(gh, 'DELETE', `/api/budgets/${theirs.id}`, admin.token)).status).toBe(404);
    expect((await api(gh, 'DELETE', `/api/rate-limits/${theirRate.id}`, admin.token)).status).toBe(404);
    expect(await ids(admin.token)).not.toContain(theirs.id);
    // Our department, person or key are not a scope in their org.
    for (const [scopeType, scopeId] of [
      ['department', legal],
      ['user', member.userId],
      ['key', memberKey],
    ]) {
      const e = await error(
        await create(otherToken, { scopeType, scopeId, metric: 'requests', period: 'day', limit: 1 }),
      );
      expect(e.status).toBe(404);
    }
    expect((await json(await api(gh, 'GET', `/api/budgets/${theirs.id}`, otherToken))).limit).toBe(100);
  });

  it('lets only owners and admins manage; readers see the budgets within their reach', async () => {
    const body = { scopeType: 'org', metric: 'tokens', period: 'month', limit: 1 };
    for (const who of [manager, member, viewer]) {
      const e = await error(await create(who.token, body));
      expect(e.status).toBe(403);
      expect(e.code).toBe('forbidden');
    }
    const mk = (scopeType: string, scopeId: string | null) =>
      create(admin.token, { scopeType, scopeId, metric: 'requests', period: 'week', limit: 7 }).then(json);
    const b = {
      org: await mk('org', null),
      legal: await mk('department', legal),
      berlin: await mk('department', berlin),
      hr: await mk('department', hr),
      member: await mk('user', member.userId),
      hrMember: await mk('user', hrMember.userId),
      memberKey: await mk('key', memberKey),
      hrKey: await mk('key', hrKey),
      legalKey: await mk('key', legalKey),
    };
    const all = Object.values(b).map((x) => x.id as string);
    const visible = (seen: Set<string>, names: Array<keyof typeof b>) =>
      Object.fromEntries(
        Object.entries(b).map(([k, v]) => [k, seen.has(v.id) === names.includes(k as keyof typeof b)]),
      );
    const everything = Object.fromEntries(Object.keys(b).map((k) => [k, true]));

    const asViewer = await ids(viewer.token);
    for (const id of all) expect(asViewer).toContain(id);
    // A manager of Legal: the org, Legal and Berlin, the people and keys in them.
    expect(visible(await ids(manager.token), ['org', 'legal', 'berlin', 'member', 'memberKey', 'legalKey'])).toEqual(
      everything,
    );
    // A member in Berlin (below Legal): the org, their department chain, themselves and their key.
    expect(visible(await ids(member.token), ['org', 'legal', 'berlin', 'member', 'memberKey'])).toEqual(everything);
    expect(visible(await ids(hrMember.token), ['org', 'hr', 'hrMember', 'hrKey'])).toEqual(everything);

    expect((await api(gh, 'GET', `/api/budgets/${b.memberKey.id}`, member.token)).status).toBe(200);
    expect((await api(gh, 'GET', `/api/budgets/${b.hrKey.id}`, member.token)).status).toBe(403);
    expect((await api(gh, 'GET', `/api/budgets/${b.hr.id}`, manager.token)).status).toBe(403);
    expect((await api(gh, 'DELETE', `/api/budgets/${b.member.id}`, member.token)).status).toBe(403);
    expect((await api(gh, 'PATCH', `/api/budgets/${b.member.id}`, manager.token, { limit: 1 })).status).toBe(403);

    // Filters.
    const forMember = await json(
      await api(gh, 'GET', `/api/budgets?scopeType=user&scopeId=${member.userId}`, admin.token),
    );
    expect(forMember.items.map((x: { id: string }) => x.id)).toEqual([b.member.id]);

    // A key with the budget.manage scope manages budgets; one without it does not.
    const scoped = await buildKey(db, org.id, admin.userId, { scopes: ['budget.manage', 'usage.read'] });
    const plain = await buildKey(db, org.id, admin.userId, { scopes: ['usage.read'] });
    const viaKey = await create(scoped.secret, {
      scopeType: 'user',
      scopeId: viewer.userId,
      metric: 'cost',
      period: 'day',
      limit: 1,
    });
    expect(viaKey.status).toBe(201);
    expect((await json(viaKey)).createdBy).toBeNull();
    expect((await create(plain.secret, body)).status).toBe(403);
  });

  it('pages through budgets newest first without gaps or repeats', async () => {
    const p = await buildOrg(db);
    const a = await buildMember(db, p.id, 'owner', null, { withPassword: true });
    const token = (await signIn(gh, a.email)).token;
    const created: string[] = [];
    for (const metric of ['cost', 'tokens', 'requests'])
      for (const period of ['day', 'week'])
        created.push((await json(await create(token, { scopeType: 'org', metric, period, limit: 1 }))).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await json(
        await api(gh, 'GET', `/api/budgets?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token),
      );
      seen.push(...res.items.map((x: { id: string }) => x.id));
      cursor = res.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual([...created].reverse());
    expect((await error(await api(gh, 'GET', '/api/budgets?cursor=garbage', token))).message).toMatch(/^cursor: /);
  });

  it('sets, replaces, lists and deletes rate limits per scope, audited; refuses bad input naming the field', async () => {
    const put = (token: string, body: Record<string, unknown>) => api(gh, 'PUT', '/api/rate-limits', token, body);
    const first = await put(admin.token, { scopeType: 'key', scopeId: memberKey, requestsPerMinute: 60 });
    expect(first.status).toBe(201);
    const rl = await json(first);
    expect(rl).toMatchObject({ scopeType: 'key', scopeId: memberKey, requestsPerMinute: 60, tokensPerMinute: null });
    const second = await put(admin.token, {
      scopeType: 'key',
      scopeId: memberKey,
      requestsPerMinute: null,
      tokensPerMinute: 10_000,
    });
    expect(second.status).toBe(200);
    expect(await json(second)).toMatchObject({ id: rl.id, requestsPerMinute: null, tokensPerMinute: 10_000 });
    const orgWide = await json(
      await put(admin.token, { scopeType: 'org', requestsPerMinute: 600, tokensPerMinute: 1_000_000 }),
    );
    const hrWide = await json(await put(admin.token, { scopeType: 'department', scopeId: hr, requestsPerMinute: 5 }));

    for (const [body, field] of [
      [{ scopeType: 'org' }, 'requestsPerMinute'],
      [{ scopeType: 'org', requestsPerMinute: null, tokensPerMinute: null }, 'requestsPerMinute'],
      [{ scopeType: 'org', requestsPerMinute: 0 }, 'requestsPerMinute'],
      [{ scopeType: 'org', tokensPerMinute: 2.5 }, 'tokensPerMinute'],
      [{ scopeType: 'org', tokensPerMinute: 2 ** 31 }, 'tokensPerMinute'],
      [{ scopeType: 'org', scopeId: legal, requestsPerMinute: 1 }, 'scopeId'],
      [{ scopeType: 'user', requestsPerMinute: 1 }, 'scopeId'],
    ] as Array<[Record<string, unknown>, string]>) {
      const e = await error(await put(admin.token, body));
      expect(`${field} → ${e.status}`).toBe(`${field} → 400`);
      expect(e.message).toMatch(new RegExp(`^${field}: `));
    }
    expect(
      (await error(await put(admin.token, { scopeType: 'user', scopeId: legal, requestsPerMinute: 1 }))).status,
    ).toBe(404);
    for (const who of [manager, member, viewer])
      expect((await put(who.token, { scopeType: 'org', requestsPerMinute: 1 })).status).toBe(403);

    const list = (token: string) => ids(token, '/api/rate-limits?limit=200');
    expect(await list(viewer.token)).toEqual(new Set([rl.id, orgWide.id, hrWide.id]));
    expect(await list(member.token)).toEqual(new Set([rl.id, orgWide.id]));
    expect(await list(hrMember.token)).toEqual(new Set([orgWide.id, hrWide.id]));
    expect(await list(manager.token)).toEqual(new Set([rl.id, orgWide.id]));

    expect((await api(gh, 'DELETE', `/api/rate-limits/${rl.id}`, member.token)).status).toBe(403);
    expect((await api(gh, 'DELETE', `/api/rate-limits/${rl.id}`, admin.token)).status).toBe(204);
    expect((await api(gh, 'DELETE', `/api/rate-limits/${rl.id}`, admin.token)).status).toBe(404);
    expect(await list(admin.token)).toEqual(new Set([orgWide.id, hrWide.id]));

    const sets = (await audit('rate_limit.set')).filter((e) => e.target_id === rl.id);
    expect(sets.map((e) => [e.before?.requestsPerMinute ?? null, e.after.requestsPerMinute])).toEqual([
      [null, 60],
      [60, null],
    ]);
    expect(sets[0]!.before).toBeNull();
    const [del] = (await audit('rate_limit.delete')).filter((e) => e.target_id === rl.id);
    expect(del!.before).toMatchObject({ id: rl.id, scopeType: 'key', scopeId: memberKey, requestsPerMinute: null });
  });
});
