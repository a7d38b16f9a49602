import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { eventually, json } from './usage.ts';

describe('/api resources: departments, keys, org settings, tenants, audit', () => {
  let db: Database;
  let gh: Gatehouse;
  let org: { id: string; slug: string };
  let admin: string;
  let adminUser: { userId: string };
  const auditCount = async (orgId: string) =>
    Number((await db.withOrg(orgId, (tx) => tx.execute(sql`select count(*)::int as n from audit_events`))).rows[0]!.n);

  beforeAll(async () => {
    db = await openTestDb();
    org = await buildOrg(db);
    const a = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    adminUser = a;
    const provider = await buildProvider(db, org.id);
    await buildModel(db, org.id, provider.id, { alias: 'mock-chat', upstreamModel: 'mock-1' });
    gh = await startTestGatehouse();
    admin = (await signIn(gh, a.email)).token;
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('manages the department tree, refusing cycles and non-empty deletes; one audit event per change', async () => {
    const before = await auditCount(org.id);
    const legal = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Legal' }));
    const berlin = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Berlin', parentId: legal.id }));
    expect(berlin.parentId).toBe(legal.id);
    const dup = await api(gh, 'POST', '/api/departments', admin, { name: 'legal' });
    expect(dup.status).toBe(409);
    const cycle = await api(gh, 'PATCH', `/api/departments/${legal.id}`, admin, { parentId: berlin.id });
    expect(cycle.status).toBe(400);
    expect((await json(cycle)).error.message).toMatch(/^parentId: /);
    const notEmpty = await api(gh, 'DELETE', `/api/departments/${legal.id}`, admin);
    expect(notEmpty.status).toBe(409);
    expect((await api(gh, 'PATCH', `/api/departments/${berlin.id}`, admin, { name: 'Berlin-Mitte' })).status).toBe(200);
    expect((await api(gh, 'DELETE', `/api/departments/${berlin.id}`, admin)).status).toBe(204);
    const list = await json(await api(gh, 'GET', '/api/departments', admin));
    expect(list.items.map((d: { name: string }) => d.name)).toEqual(['Legal']);
    // create, create, update, delete: four changes, four events (the refused ones wrote nothing).
    expect(await auditCount(org.id)).toBe(before + 4);
    const audit = await json(await api(gh, 'GET', '/api/audit?limit=4', admin));
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'department.delete',
      'department.update',
      'department.create',
      'department.create',
    ]);
    expect(audit.items[1].before.name).toBe('Berlin');
    expect(audit.items[1].after.name).toBe('Berlin-Mitte');
    expect(audit.items[0].actorId).toBe(adminUser.userId);
  });

  it('creates a key whose secret is shown once and works on the gateway; a revoke stops it within a second', async () => {
    const created = await api(gh, 'POST', '/api/keys', admin, { name: 'app', allowedModels: ['mock-chat'] });
    expect(created.status).toBe(201);
    const key = await json(created);
    expect(key.secret).toMatch(/^gh_live_/);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    const listed = await json(await api(gh, 'GET', '/api/keys', admin));
    const row = listed.items.find((k: { id: string }) => k.id === key.id);
    expect(row).toBeDefined();
    expect(row.secret).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain(key.secret);

    const chat = () =>
      fetch(`${gh.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await chat()).status).toBe(200);
    expect((await api(gh, 'POST', `/api/keys/${key.id}/revoke`, admin)).status).toBe(200);
    const refused = await eventually(chat, (r) => r.status === 401, 1000);
    expect(refused.status).toBe(401);
  });

  it('rotates a key with a grace period for the old secret', async () => {
    const old = await json(await api(gh, 'POST', '/api/keys', admin, { name: 'rotating' }));
    const rotated = await api(gh, 'POST', `/api/keys/${old.id}/rotate`, admin, { gracePeriodSeconds: 3600 });
    expect(rotated.status).toBe(201);
    const fresh = await json(rotated);
    expect(fresh.replaces).toBe(old.id);
    expect(fresh.secret).not.toBe(old.secret);
    const after = await json(await api(gh, 'GET', '/api/keys?status=all&limit=200', admin));
    const oldRow = after.items.find((k: { id: string }) => k.id === old.id);
    expect(new Date(oldRow.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3500_000);
  });

  it('lets a member manage only their own keys and a manager only their department subtree', async () => {
    const sales = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'Sales' }));
    const hr = await json(await api(gh, 'POST', '/api/departments', admin, { name: 'HR' }));
    const member = await buildMember(db, org.id, 'member', sales.id, { withPassword: true });
    const other = await buildMember(db, org.id, 'member', hr.id, { withPassword: true });
    const manager = await buildMember(db, org.id, 'manager', sales.id, { withPassword: true });
    const memberToken = (await signIn(gh, member.email)).token;
    const managerToken = (await signIn(gh, manager.email)).token;

    const own = await api(gh, 'POST', '/api/keys', memberToken, { name: 'mine' });
    expect(own.status).toBe(201);
    const forOther = await api(gh, 'POST', '/api/keys', memberToken, { name: 'theirs', ownerUserId: other.userId });
    expect(forOther.status).toBe(403);
    const scoped = await api(gh, 'POST', '/api/keys', memberToken, {
      name: 'admin powers',
      scopes: ['provider.manage'],
    });
    expect(scoped.status).toBe(403);

    const inDept = await api(gh, 'POST', '/api/keys', managerToken, { name: 'for member', ownerUserId: member.userId });
    expect(inDept.status).toBe(201);
    const outside = await api(gh, 'POST', '/api/keys', managerToken, { name: 'for hr', ownerUserId: other.userId });
    expect(outside.status).toBe(403);
    const otherKey = await json(
      await api(gh, 'POST', '/api/keys', admin, { name: 'hr key', ownerUserId: other.userId }),
    );
    expect((await api(gh, 'POST', `/api/keys/${otherKey.id}/revoke`, managerToken)).status).toBe(403);

    const memberView = await json(await api(gh, 'GET', '/api/keys', memberToken));
    expect(memberView.items.every((k: { ownerUserId: string }) => k.ownerUserId === member.userId)).toBe(true);
    const managerView = await json(await api(gh, 'GET', '/api/keys', managerToken));
    const owners = new Set(managerView.items.map((k: { ownerUserId: string }) => k.ownerUserId));
    expect(owners.has(other.userId)).toBe(false);
    expect(owners.has(member.userId)).toBe(true);
  });

  it('searches keys by name, prefix or owner, within what the caller may see, wildcards taken literally', async () => {
    const owner = await buildMember(db, org.id, 'member');
    await db.withSystem((tx) => tx.execute(sql`update users set name = 'Quentin Quill' where id = ${owner.userId}`));
    const named = await json(
      await api(gh, 'POST', '/api/keys', admin, { name: 'Zebra_100% sync', ownerUserId: owner.userId }),
    );
    await json(await api(gh, 'POST', '/api/keys', admin, { name: 'Zebra1000 sync' }));
    const names = async (q: string) =>
      (await json(await api(gh, 'GET', `/api/keys?q=${encodeURIComponent(q)}&limit=200`, admin))).items
        .map((k: { name: string }) => k.name)
        .sort();
    expect(await names('zebra')).toEqual(['Zebra1000 sync', 'Zebra_100% sync']);
    expect(await names('_100%')).toEqual(['Zebra_100% sync']);
    expect(await names('quentin q')).toEqual(['Zebra_100% sync']);
    expect(await names(owner.email.slice(0, 10))).toEqual(['Zebra_100% sync']);
    expect(await names(named.prefix)).toEqual(['Zebra_100% sync']);
    expect(await names('no such key')).toEqual([]);
    // A member's search stays within their own keys.
    const memberToken = (
      await signIn(gh, (await buildMember(db, org.id, 'member', null, { withPassword: true })).email)
    ).token;
    expect((await json(await api(gh, 'GET', '/api/keys?q=zebra', memberToken))).items).toEqual([]);
  });

  it("answers 404 for another org's resources", async () => {
    const otherOrg = await buildOrg(db);
    const otherAdmin = await buildMember(db, otherOrg.id, 'admin', null, { withPassword: true });
    const otherToken = (await signIn(gh, otherAdmin.email)).token;
    const dept = await json(await api(gh, 'POST', '/api/departments', otherToken, { name: 'Secret' }));
    const key = await json(await api(gh, 'POST', '/api/keys', otherToken, { name: 'theirs' }));
    expect((await api(gh, 'PATCH', `/api/departments/${dept.id}`, admin, { name: 'Mine now' })).status).toBe(404);
    expect((await api(gh, 'DELETE', `/api/departments/${dept.id}`, admin)).status).toBe(404);
    expect((await api(gh, 'POST', `/api/keys/${key.id}/revoke`, admin)).status).toBe(404);
    expect((await api(gh, 'POST', '/api/departments', admin, { name: 'Child', parentId: dept.id })).status).toBe(404);
  });

  it('updates org settings with validation naming the field', async () => {
    const bad = await api(gh, 'PATCH', '/api/org', admin, { settings: { timezone: 'Mars/Olympus' } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toMatch(/^settings\.timezone: /);
    const ok = await api(gh, 'PATCH', '/api/org', admin, {
      settings: {
        timezone: 'Europe/Berlin',
        allowedIpRanges: { gateway: ['127.0.0.0/8', '::1'] },
        branding: { primaryColor: '#112233' },
      },
    });
    expect(ok.status).toBe(200);
    expect((await json(ok)).settings).toMatchObject({
      timezone: 'Europe/Berlin',
      branding: { primaryColor: '#112233' },
    });
  });

  it("enforces the org's allowed IP ranges on the gateway and the console, and refuses to lock the admin out", async () => {
    const key = await json(await api(gh, 'POST', '/api/keys', admin, { name: 'ip test' }));
    const models = () => fetch(`${gh.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect((await models()).status).toBe(200);
    const lockout = await api(gh, 'PATCH', '/api/org', admin, {
      settings: { allowedIpRanges: { console: ['10.0.0.0/8'] } },
    });
    expect(lockout.status).toBe(400);
    expect((await json(lockout)).error.message).toMatch(/^settings\.allowedIpRanges\.console: your own address/);
    const gatewayOnly = await api(gh, 'PATCH', '/api/org', admin, {
      settings: { allowedIpRanges: { gateway: ['10.0.0.0/8'] } },
    });
    expect(gatewayOnly.status).toBe(200);
    const refused = await eventually(models, (r) => r.status === 403, 1000);
    expect((await json(refused)).error.message).toMatch(/not allowed by this organization's gateway IP ranges/);
    await api(gh, 'PATCH', '/api/org', admin, { settings: { allowedIpRanges: { gateway: ['127.0.0.0/8', '::1'] } } });
    expect((await eventually(models, (r) => r.status === 200, 1000)).status).toBe(200);
    // A console restriction set elsewhere (another admin, the database) applies at once.
    await db.withSystem((tx) =>
      tx.execute(
        sql`update organizations set settings = jsonb_set(settings, '{allowedIpRanges,console}', '["10.0.0.0/8"]') where id = ${org.id}`,
      ),
    );
    expect((await api(gh, 'GET', '/api/me', admin)).status).toBe(403);
    await db.withSystem((tx) =>
      tx.execute(sql`update organizations set settings = settings #- '{allowedIpRanges}' where id = ${org.id}`),
    );
    expect((await api(gh, 'GET', '/api/me', admin)).status).toBe(200);
  });

  it('lets the platform operator create and suspend tenants; the gateway refuses a suspended tenant', async () => {
    const home = await buildOrg(db);
    const operator = await buildMember(db, home.id, 'owner', null, { withPassword: true, platformAdmin: true });
    const op = (await signIn(gh, operator.email)).token;
    const slug = `t-new-${Date.now()}`;
    const created = await api(gh, 'POST', '/api/orgs', op, {
      slug,
      name: 'New Tenant GmbH',
      timezone: 'Europe/Vienna',
    });
    expect(created.status).toBe(201);
    const tenant = await json(created);
    expect((await api(gh, 'POST', '/api/orgs', op, { slug, name: 'Again' })).status).toBe(409);
    const listed = await json(await api(gh, 'GET', `/api/orgs?q=${slug}`, op));
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ slug, members: 0, status: 'active' });

    const key = await json(await api(gh, 'POST', '/api/keys', admin, { name: 'before suspension' }));
    const suspended = await api(gh, 'POST', `/api/orgs/${org.id}/suspend`, op);
    expect(suspended.status).toBe(200);
    try {
      const refused = await eventually(
        () => fetch(`${gh.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } }),
        (r) => r.status === 403,
        1000,
      );
      expect(refused.status).toBe(403);
      expect((await api(gh, 'GET', '/api/me', admin)).status).toBe(403);
    } finally {
      expect((await api(gh, 'POST', `/api/orgs/${org.id}/reactivate`, op)).status).toBe(200);
    }
    expect(tenant.settings.timezone).toBe('Europe/Vienna');
    expect((await api(gh, 'GET', '/api/orgs', admin)).status).toBe(403);
  });

  it('exports the filtered audit log as CSV and JSON lines', async () => {
    const csv = await fetch(`${gh.url}/api/audit/export?action=department.`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,createdAt,actorType,actorId,action,targetType,targetId,before,after,ip,userAgent,requestId',
    );
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.slice(1).every((l) => /,department\.(create|update|delete),/.test(l))).toBe(true);
    const jsonl = await fetch(`${gh.url}/api/audit/export?format=jsonl&action=key.create`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const events = (await jsonl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.action === 'key.create')).toBe(true);
  });

  it('verifies the audit chain and detects tampering', async () => {
    const ok = await json(await api(gh, 'GET', '/api/audit/verify', admin));
    expect(ok.intact).toBe(true);
    expect(ok.events).toBeGreaterThan(5);
    await db.pool.query('alter table audit_events disable trigger audit_events_append_only');
    try {
      await db.pool.query(`update audit_events set after = '{"name":"forged"}' where org_id = $1 and seq = 2`, [
        org.id,
      ]);
    } finally {
      await db.pool.query('alter table audit_events enable trigger audit_events_append_only');
    }
    const broken = await json(await api(gh, 'GET', '/api/audit/verify', admin));
    expect(broken).toMatchObject({ intact: false, brokenAtSeq: 2, reason: 'event content does not match its hash' });
  });
});
