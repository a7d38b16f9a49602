import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { appendCreditEntry } from '../src/metering/credit-ledger.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildOrg, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

describe('/api credits: balance, ledger, operator grants', () => {
  let db: Database;
  let gh: Gatehouse;
  let tenant: { id: string };
  let operator: { userId: string; token: string };
  let admin: { userId: string; token: string };
  let tokens: Record<'viewer' | 'manager' | 'member', string>;

  const signedIn = async (
    orgId: string,
    role: 'owner' | 'admin' | 'manager' | 'member' | 'viewer',
    platformAdmin = false,
  ) => {
    const m = await buildMember(db, orgId, role, null, { withPassword: true, platformAdmin });
    return { userId: m.userId, token: (await signIn(gh, m.email)).token };
  };
  const grant = (orgId: string, body: Record<string, unknown>, token = operator.token) =>
    api(gh, 'POST', `/api/platform/orgs/${orgId}/credits`, token, body);
  const balance = async (token = admin.token) =>
    (await json(await api(gh, 'GET', '/api/credits', token))).balanceMicros;
  const error = async (res: Response) => ({ status: res.status, ...(await json(res)).error });
  const auditOf = async (orgId: string, prefix: string) =>
    (
      await db.withOrg(orgId, (tx) =>
        tx.execute(sql`select actor_id, action, target_id, before, after from audit_events
                        where starts_with(action, ${prefix}) order by seq`),
      )
    ).rows as Array<{
      actor_id: string;
      action: string;
      target_id: string;
      before: unknown;
      after: Record<string, unknown>;
    }>;
  const ledgerRows = async (orgId: string, key: string) =>
    (await db.withOrg(orgId, (tx) => tx.execute(sql`select * from credit_ledger where idempotency_key = ${key}`))).rows;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    const platform = await buildOrg(db, 'Operator');
    operator = await signedIn(platform.id, 'owner', true);
    tenant = await buildOrg(db, 'Tenant');
    admin = await signedIn(tenant.id, 'admin');
    tokens = {
      viewer: (await signedIn(tenant.id, 'viewer')).token,
      manager: (await signedIn(tenant.id, 'manager')).token,
      member: (await signedIn(tenant.id, 'member')).token,
    };
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('starts at zero; an operator grant adds to the balance, records who and why, and is audited in the tenant', async () => {
    expect(await json(await api(gh, 'GET', '/api/credits', admin.token))).toEqual({
      currency: 'USD',
      balanceMicros: 0,
      creditedMicros: 0,
      consumedMicros: 0,
      enforced: false,
      lowBalanceMicros: null,
      heldMicros: 0,
      availableMicros: 0,
    });
    const res = await grant(tenant.id, {
      type: 'purchase',
      amountMicros: 50_000_000,
      reason: 'Invoice 2026-001',
      idempotencyKey: 'inv-2026-001',
    });
    expect(res.status).toBe(201);
    const entry = await json(res);
    expect(entry).toMatchObject({
      entryType: 'purchase',
      amountMicros: 50_000_000,
      idempotencyKey: 'inv-2026-001',
      actorUserId: operator.userId,
      reason: 'Invoice 2026-001',
      requestId: null,
      replayed: false,
    });
    expect(await balance()).toBe(50_000_000);
    const [row] = await ledgerRows(tenant.id, 'inv-2026-001');
    expect(row).toMatchObject({ actor_user_id: operator.userId, entry_type: 'purchase' });
    const [event] = await auditOf(tenant.id, 'credits.');
    expect(event).toMatchObject({ action: 'credits.purchase', actor_id: operator.userId, target_id: String(entry.id) });
    expect(event!.after).toMatchObject({ amountMicros: 50_000_000, balanceMicros: 50_000_000 });
  });

  it('a repeated idempotency key returns the first entry (200, replayed) and adds nothing', async () => {
    const body = { type: 'grant', amountMicros: 1_000_000, reason: 'goodwill', idempotencyKey: `g-${randomUUID()}` };
    const before = await balance();
    const first = await grant(tenant.id, body);
    expect(first.status).toBe(201);
    const again = await grant(tenant.id, body);
    expect(again.status).toBe(200);
    const [a, b] = [await json(first), await json(again)];
    expect(b).toEqual({ ...a, replayed: true });
    expect(await balance()).toBe(before + 1_000_000);
    expect(await ledgerRows(tenant.id, body.idempotencyKey)).toHaveLength(1);
    expect((await auditOf(tenant.id, 'credits.grant')).filter((e) => e.target_id === String(a.id))).toHaveLength(1);
    // The same key for a different entry is a conflict, not a silent replay.
    const other = await error(await grant(tenant.id, { ...body, amountMicros: 2_000_000 }));
    expect(other.status).toBe(409);
    expect(other.message).toMatch(/^idempotencyKey: .* already used for a grant of 1\.00/);
  });

  it('tells the limits cache of this process after a new entry or a settings change, not after a replay', async () => {
    const org = await buildOrg(db);
    const invalidate = vi.spyOn(gh.metering.limits, 'invalidate');
    try {
      const body = { type: 'grant', amountMicros: 7, reason: 'r', idempotencyKey: 'once' };
      expect((await grant(org.id, body)).status).toBe(201);
      expect((await grant(org.id, body)).status).toBe(200);
      await api(gh, 'PATCH', `/api/platform/orgs/${org.id}/credits/settings`, operator.token, { enforced: true });
      expect(invalidate.mock.calls).toEqual([[org.id], [org.id]]);
    } finally {
      invalidate.mockRestore();
    }
  });

  it('adds exactly one entry when many identical grants race (the unique index decides)', async () => {
    const body = {
      type: 'grant',
      amountMicros: 3_000_000,
      reason: 'retry storm',
      idempotencyKey: `race-${randomUUID()}`,
    };
    const before = await balance();
    const results = await Promise.all(Array.from({ length: 12 }, () => grant(tenant.id, body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const bodies = await Promise.all(results.map(json));
    expect(new Set(bodies.map((x) => x.id)).size).toBe(1);
    expect(await ledgerRows(tenant.id, body.idempotencyKey)).toHaveLength(1);
    expect(await balance()).toBe(before + 3_000_000);
    // Negative adjustments race too: the balance check and the key check hold together.
    const adj = {
      type: 'adjustment',
      amountMicros: -1_000_000,
      reason: 'correction',
      idempotencyKey: `adj-${randomUUID()}`,
    };
    const adjResults = await Promise.all(Array.from({ length: 6 }, () => grant(tenant.id, adj)));
    expect(adjResults.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await balance()).toBe(before + 2_000_000);
  });

  it('appendCreditEntry inserts once per key and hands back the existing entry', async () => {
    const key = `gw-${randomUUID()}`;
    const e = { orgId: tenant.id, entryType: 'grant' as const, amountMicros: 5, idempotencyKey: key, reason: 'unit' };
    const first = await db.withOrg(tenant.id, (tx) => appendCreditEntry(tx, e));
    const second = await db.withOrg(tenant.id, (tx) => appendCreditEntry(tx, { ...e, amountMicros: 99 }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(String(second.entry.id)).toBe(String(first.entry.id));
    expect(Number(second.entry.amount_micros)).toBe(5);
  });

  it('refuses an adjustment that would take the balance below zero, naming the balance', async () => {
    const org = await buildOrg(db);
    await grant(org.id, { type: 'grant', amountMicros: 2_500_000, reason: 'start', idempotencyKey: 'start' });
    const refused = await error(
      await grant(org.id, {
        type: 'adjustment',
        amountMicros: -2_500_001,
        reason: 'too much',
        idempotencyKey: 'adj-1',
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/balance is 2500000 micro-units \(2\.50\)/);
    const ok = await grant(org.id, {
      type: 'adjustment',
      amountMicros: -2_500_000,
      reason: 'to zero',
      idempotencyKey: 'adj-2',
    });
    expect(ok.status).toBe(201);
    const summary = await json(await api(gh, 'GET', `/api/platform/orgs/${org.id}/credits`, operator.token));
    expect(summary).toMatchObject({ balanceMicros: 0, creditedMicros: 2_500_000, consumedMicros: 2_500_000 });
    expect(
      (await grant(org.id, { type: 'adjustment', amountMicros: 1, reason: 'up', idempotencyKey: 'adj-3' })).status,
    ).toBe(201);
  });

  it('validates the body, naming the field; gateway entry types are refused', async () => {
    const base = { type: 'grant', amountMicros: 1, reason: 'r', idempotencyKey: 'v' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, type: 'reserve' }, 'type'],
      [{ ...base, type: 'settle' }, 'type'],
      [{ ...base, type: 'release' }, 'type'],
      [{ ...base, amountMicros: 0 }, 'amountMicros'],
      [{ ...base, amountMicros: 1.5 }, 'amountMicros'],
      [{ ...base, amountMicros: -1 }, 'amountMicros'],
      [{ ...base, type: 'refund', amountMicros: -1 }, 'amountMicros'],
      [{ ...base, reason: undefined }, 'reason'],
      [{ ...base, reason: '  ' }, 'reason'],
      [{ ...base, reason: 'x'.repeat(501) }, 'reason'],
      [{ ...base, idempotencyKey: undefined }, 'idempotencyKey'],
      [{ ...base, idempotencyKey: '' }, 'idempotencyKey'],
      [{ ...base, idempotencyKey: 'k'.repeat(201) }, 'idempotencyKey'],
    ];
    for (const [body, field] of cases) {
      const e = await error(await grant(tenant.id, body));
      expect(`${field} → ${e.status}`).toBe(`${field} → 400`);
      expect(e.message).toMatch(new RegExp(`^${field}: `));
    }
    const reserve = await error(await grant(tenant.id, { ...base, type: 'reserve' }));
    expect(reserve.message).toMatch(/written by the gateway/);
    expect((await grant(randomUUID(), base)).status).toBe(404);
  });

  it('only the platform operator grants and configures; admins and viewers read; managers and members do not', async () => {
    const body = { type: 'grant', amountMicros: 1, reason: 'self-service?', idempotencyKey: `self-${randomUUID()}` };
    expect((await error(await grant(tenant.id, body, admin.token))).status).toBe(403);
    expect((await error(await grant(tenant.id, body, tokens.viewer))).status).toBe(403);
    const adminKey = await buildKey(db, tenant.id, admin.userId, { scopes: ['credits.manage', 'budget.manage'] });
    expect((await grant(tenant.id, body, adminKey.secret)).status).toBe(403);
    expect(
      (await api(gh, 'PATCH', `/api/platform/orgs/${tenant.id}/credits/settings`, admin.token, { enforced: false }))
        .status,
    ).toBe(403);
    expect((await api(gh, 'GET', `/api/platform/orgs/${tenant.id}/credits`, admin.token)).status).toBe(403);

    for (const token of [admin.token, tokens.viewer, adminKey.secret]) {
      expect((await api(gh, 'GET', '/api/credits', token)).status).toBe(200);
      expect((await api(gh, 'GET', '/api/credits/ledger', token)).status).toBe(200);
    }
    for (const token of [tokens.manager, tokens.member]) {
      expect((await error(await api(gh, 'GET', '/api/credits', token))).code).toBe('forbidden');
      expect((await api(gh, 'GET', '/api/credits/ledger', token)).status).toBe(403);
    }
    const noScope = await buildKey(db, tenant.id, admin.userId, { scopes: ['key.read'] });
    expect((await error(await api(gh, 'GET', '/api/credits', noScope.secret))).code).toBe('insufficient_scope');
    // Each org reads only its own ledger.
    const other = await signedIn((await buildOrg(db)).id, 'admin');
    expect(await json(await api(gh, 'GET', '/api/credits/ledger', other.token))).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('the operator turns enforcement on and sets the low-balance alert (audited); the tenant reads them', async () => {
    const path = `/api/platform/orgs/${tenant.id}/credits/settings`;
    const on = await json(
      await api(gh, 'PATCH', path, operator.token, { enforced: true, lowBalanceMicros: 10_000_000 }),
    );
    expect(on).toMatchObject({ enforced: true, lowBalanceMicros: 10_000_000 });
    const partial = await json(await api(gh, 'PATCH', path, operator.token, { lowBalanceMicros: 5_000_000 }));
    expect(partial).toMatchObject({ enforced: true, lowBalanceMicros: 5_000_000 });
    const cleared = await json(await api(gh, 'PATCH', path, operator.token, { lowBalanceMicros: null }));
    expect(cleared).toMatchObject({ enforced: true, lowBalanceMicros: null });
    expect(await json(await api(gh, 'GET', '/api/credits', admin.token))).toMatchObject({
      enforced: true,
      lowBalanceMicros: null,
    });
    const org = await json(await api(gh, 'GET', '/api/org', admin.token));
    expect(org.settings.credits).toEqual({ enforced: true });

    for (const [body, field] of [
      [{}, 'enforced'],
      [{ enforced: 'yes' }, 'enforced'],
      [{ lowBalanceMicros: -1 }, 'lowBalanceMicros'],
    ] as Array<[Record<string, unknown>, string]>) {
      const e = await error(await api(gh, 'PATCH', path, operator.token, body));
      expect(`${field} → ${e.status}`).toBe(`${field} → 400`);
      expect(e.message).toMatch(new RegExp(`^${field}: `));
    }
    expect(
      (
        await api(gh, 'PATCH', `/api/platform/orgs/${randomUUID()}/credits/settings`, operator.token, {
          enforced: true,
        })
      ).status,
    ).toBe(404);
    const events = await auditOf(tenant.id, 'credits.settings');
    expect(events.map((e) => e.after)).toEqual([
      { enforced: true, lowBalanceMicros: 10_000_000 },
      { enforced: true, lowBalanceMicros: 5_000_000 },
      { enforced: true },
    ]);
    expect(events[0]!.before).toBeNull();
    expect(events.every((e) => e.actor_id === operator.userId)).toBe(true);
  });

  it('pages through the ledger newest first, with type and time filters', async () => {
    const org = await buildOrg(db);
    const reader = await signedIn(org.id, 'owner');
    const made: number[] = [];
    for (let i = 0; i < 5; i++) {
      const type = i % 2 ? 'refund' : 'grant';
      made.push(
        (await json(await grant(org.id, { type, amountMicros: i + 1, reason: `#${i}`, idempotencyKey: `p${i}` }))).id,
      );
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await json(
        await api(
          gh,
          'GET',
          `/api/credits/ledger?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          reader.token,
        ),
      );
      expect(res.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.items.map((x: { id: number }) => x.id));
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const refunds = await json(await api(gh, 'GET', '/api/credits/ledger?entryType=refund', reader.token));
    expect(refunds.items.map((x: { reason: string }) => x.reason)).toEqual(['#3', '#1']);
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      (await json(await api(gh, 'GET', `/api/credits/ledger?from=${encodeURIComponent(future)}`, reader.token))).items,
    ).toEqual([]);
    expect(
      (await json(await api(gh, 'GET', `/api/credits/ledger?to=${encodeURIComponent(past)}`, reader.token))).items,
    ).toEqual([]);
    expect(
      (
        await json(
          await api(
            gh,
            'GET',
            `/api/credits/ledger?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`,
            reader.token,
          ),
        )
      ).items,
    ).toHaveLength(5);
    expect((await error(await api(gh, 'GET', '/api/credits/ledger?entryType=bonus', reader.token))).message).toMatch(
      /^querystring\.entryType: /,
    );
    const viaOperator = await json(
      await api(gh, 'GET', `/api/platform/orgs/${org.id}/credits/ledger?limit=200`, operator.token),
    );
    expect(viaOperator.items).toHaveLength(5);
  });
});
