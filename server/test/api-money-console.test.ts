import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { departmentCreator } from '../src/orgs/department-creator.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildOrg, buildTenant, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

// What the admin console's money pages read beyond the bare resources: readable scope names and
// where a budget stands (budgets, rate limits), who did what and by target type (audit), and each
// tenant's credits (the operator's tenant list).
describe('/api for the money console: budget status, scope names, audit filters, tenant credits', () => {
  let db: Database;
  let gh: Gatehouse;
  let tenant: Awaited<ReturnType<typeof buildTenant>>;
  let admin: { userId: string; email: string; token: string };
  let legal: string;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    tenant = await buildTenant(db);
    legal = (await departmentCreator(db, tenant.org.id, { name: 'Legal' })).id;
    const m = await buildMember(db, tenant.org.id, 'admin', null, { withPassword: true });
    admin = { ...m, token: (await signIn(gh, m.email)).token };
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await api(gh, 'POST', '/api/budgets', admin.token, body);
    expect(res.status).toBe(201);
    return (await json(res)).id as string;
  };

  it('lists budgets with the name of their scope and where each stands this period', async () => {
    const key = await buildKey(db, tenant.org.id, admin.userId, { name: 'Intake bot' });
    const onLegal = await create({
      scopeType: 'department',
      scopeId: legal,
      metric: 'cost',
      period: 'month',
      limitAmount: '12.50',
      increase: { amount: 2_500_000, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const onAdmin = await create({
      scopeType: 'user',
      scopeId: admin.userId,
      metric: 'tokens',
      period: 'total',
      limit: 900,
    });
    const onKey = await create({
      scopeType: 'key',
      scopeId: tenant.key.id,
      metric: 'requests',
      period: 'day',
      limit: 10,
    });
    const onBot = await create({ scopeType: 'key', scopeId: key.id, metric: 'requests', period: 'day', limit: 3 });
    const onOrg = await create({ scopeType: 'org', metric: 'requests', period: 'week', limit: 100, enabled: false });

    // One request through the gateway on the tenant's key: its requests budget counts it.
    const res = await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-chat', max_tokens: 5, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();

    const listed = await json(await api(gh, 'GET', '/api/budgets?limit=200', admin.token));
    const byId = new Map((listed.items as Array<{ id: string }>).map((b) => [b.id, b as Record<string, unknown>]));
    expect(byId.get(onLegal)).toMatchObject({
      scopeName: 'Legal',
      limitAmount: '12.50',
      status: { limit: 15_000_000, used: 0, reserved: 0, remaining: 15_000_000 },
    });
    expect(Date.parse((byId.get(onLegal)!.status as { resetsAt: string }).resetsAt)).toBeGreaterThan(Date.now());
    expect(byId.get(onAdmin)).toMatchObject({
      scopeName: admin.email,
      status: { limit: 900, used: 0, remaining: 900, resetsAt: null },
    });
    await expect
      .poll(async () => {
        const again = await json(await api(gh, 'GET', '/api/budgets?scopeType=key&limit=200', admin.token));
        return (again.items as Array<{ id: string; status: { used: number } }>).find((b) => b.id === onKey)?.status;
      })
      .toMatchObject({ limit: 10, used: 1, remaining: 9 });
    expect(byId.get(onKey)!.scopeName).toBe('test key');
    expect(byId.get(onBot)).toMatchObject({ scopeName: 'Intake bot', status: { used: 0, remaining: 3 } });
    // A disabled budget counts nothing, so it has no standing.
    expect(byId.get(onOrg)).toMatchObject({ scopeName: null, enabled: false, status: null });
  });

  it('lists rate limits with the name of their scope', async () => {
    const set = await api(gh, 'PUT', '/api/rate-limits', admin.token, {
      scopeType: 'department',
      scopeId: legal,
      requestsPerMinute: 60,
    });
    expect(set.status).toBe(201);
    const listed = await json(await api(gh, 'GET', '/api/rate-limits', admin.token));
    expect(listed.items).toEqual([
      expect.objectContaining({ scopeType: 'department', scopeId: legal, scopeName: 'Legal', requestsPerMinute: 60 }),
    ]);
  });

  it('filters the audit log by target type and names the actor of each event', async () => {
    const all = await json(await api(gh, 'GET', '/api/audit?targetType=rate_limit', admin.token));
    expect(all.items).toHaveLength(1);
    expect(all.items[0]).toMatchObject({
      action: 'rate_limit.set',
      targetType: 'rate_limit',
      actorType: 'user',
      actorId: admin.userId,
      actorName: admin.email,
    });
    const budgets = await json(await api(gh, 'GET', '/api/audit?targetType=budget&limit=200', admin.token));
    expect(budgets.items).toHaveLength(5);
    expect(new Set((budgets.items as Array<{ targetType: string }>).map((e) => e.targetType))).toEqual(
      new Set(['budget']),
    );
    const none = await json(await api(gh, 'GET', '/api/audit?targetType=budget&action=rate_limit.set', admin.token));
    expect(none.items).toEqual([]);
    const exported = await fetch(`${gh.url}/api/audit/export?format=jsonl&targetType=rate_limit`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const lines = (await exported.text()).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ action: 'rate_limit.set', actorName: admin.email });
  });

  it("shows each tenant's credit balance, currency and enforcement to the platform operator", async () => {
    const home = await buildOrg(db);
    const operator = await buildMember(db, home.id, 'owner', null, { withPassword: true, platformAdmin: true });
    const op = (await signIn(gh, operator.email)).token;
    const grant = (amountMicros: number, idempotencyKey: string) =>
      api(gh, 'POST', `/api/platform/orgs/${tenant.org.id}/credits`, op, {
        type: amountMicros > 0 ? 'grant' : 'adjustment',
        amountMicros,
        reason: 'console test',
        idempotencyKey,
      });
    expect((await grant(7_000_000, 'g-1')).status).toBe(201);
    expect((await grant(7_000_000, 'g-1')).status).toBe(200);
    expect((await grant(-2_000_000, 'a-1')).status).toBe(201);
    expect(
      (
        await api(gh, 'PATCH', `/api/platform/orgs/${tenant.org.id}/credits/settings`, op, {
          enforced: true,
        })
      ).status,
    ).toBe(200);
    const summary = await json(await api(gh, 'GET', `/api/platform/orgs/${tenant.org.id}/credits`, op));

    const listed = await json(await api(gh, 'GET', `/api/orgs?q=${tenant.org.slug}`, op));
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0].credits).toEqual({
      currency: 'USD',
      balanceMicros: summary.balanceMicros,
      enforced: true,
    });
    expect(summary.balanceMicros).toBe(7_000_000 - Number(summary.consumedMicros));
    // A bad time zone is refused by the body schema, naming the field like any other.
    const badZone = await api(gh, 'POST', '/api/orgs', op, {
      slug: `z-${Date.now()}`,
      name: 'Zone',
      timezone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect((await json(badZone)).error.message).toMatch(/^timezone: not an IANA time zone/);

    const fresh = await json(await api(gh, 'GET', `/api/orgs?q=${home.slug}`, op));
    expect(fresh.items[0].credits).toEqual({ currency: 'USD', balanceMicros: 0, enforced: false });

    // The org's own view adds the live holds (none now) and what the next request may spend.
    const own = await json(await api(gh, 'GET', '/api/credits', admin.token));
    expect(own).toMatchObject({ balanceMicros: summary.balanceMicros, heldMicros: 0, enforced: true });
    await expect
      .poll(async () => (await json(await api(gh, 'GET', '/api/credits', admin.token))).availableMicros)
      .toBe(summary.balanceMicros);
    const unenforced = await json(await api(gh, 'GET', `/api/platform/orgs/${home.id}/credits`, op));
    expect(unenforced).toMatchObject({ balanceMicros: 0, heldMicros: 0, availableMicros: 0 });

    // The ledger names who wrote each manual entry, though the operator is no member of the tenant.
    const ledger = await json(await api(gh, 'GET', '/api/credits/ledger?entryType=grant', admin.token));
    expect(ledger.items).toEqual([
      expect.objectContaining({ entryType: 'grant', amountMicros: 7_000_000, actorName: operator.email }),
    ]);
    const settles = await json(await api(gh, 'GET', `/api/platform/orgs/${tenant.org.id}/credits/ledger`, op));
    for (const e of settles.items as Array<{ actorUserId: string | null; actorName: string | null }>)
      expect(e.actorName).toBe(e.actorUserId ? operator.email : null);
  });
});
