import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { periodWindow } from '../src/metering/engine/periods.ts';
import { formatLocal } from '../src/metering/metering-format.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { REDIS_URL, redisReachable, startGateway, stopGateway, type Gateway } from './gateway-process.ts';
import { buildKey, buildMember, buildModel, buildTenant, openTestDb } from './helpers.ts';
import { eventually, json, usageEvents } from './usage.ts';

type Tenant = Awaited<ReturnType<typeof buildTenant>>;

/** Output priced at 1 micro-unit per token, input free: with max_tokens 5 every request costs exactly 5. */
const EXACT = { priceInput: 0, priceOutput: 1_000_000 };
const PER_REQUEST = 5;

function chat(gh: { url: string }, secret: string, model: string, extra: Record<string, unknown> = {}) {
  return fetch(`${gh.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      max_tokens: PER_REQUEST,
      messages: [{ role: 'user', content: 'Tell me a long story about budgets and limits' }],
      ...extra,
    }),
  });
}

async function addBudget(
  db: Database,
  orgId: string,
  budget: { scopeType: string; scopeId?: string | null; metric: string; period: string; limit: number },
): Promise<string> {
  const rows = await db.withOrg(
    orgId,
    async (tx) =>
      (
        await tx.execute(sql`insert into budgets (org_id, scope_type, scope_id, metric, period, limit_amount)
                             values (${orgId}, ${budget.scopeType}, ${budget.scopeId ?? null}, ${budget.metric},
                                     ${budget.period}, ${budget.limit}) returning id`)
      ).rows as Array<{ id: string }>,
  );
  return rows[0]!.id;
}

async function statuses(responses: Response[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const res of responses) {
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    await res.arrayBuffer();
  }
  return counts;
}

async function sumCost(db: Database, orgId: string, where = sql`true`): Promise<number> {
  const rows = await db.withOrg(
    orgId,
    async (tx) =>
      (
        await tx.execute(
          sql`select coalesce(sum(cost_micros), 0)::bigint as cost, count(*) filter (where status = 200)::int as ok
                from usage_events where ${where}`,
        )
      ).rows as Array<{ cost: string; ok: number }>,
  );
  return Number(rows[0]!.cost);
}

describe('gateway metering: budgets, credits and rate limits under concurrency', () => {
  let db: Database;
  let gh: Gatehouse;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  async function tenantWithExactModel(): Promise<Tenant & { exact: string }> {
    const tenant = await buildTenant(db);
    const model = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1', ...EXACT });
    return { ...tenant, exact: model.alias };
  }

  it('lets exactly N of 200 concurrent requests through a requests budget that covers N', async () => {
    const t = await tenantWithExactModel();
    const budgetId = await addBudget(db, t.org.id, { scopeType: 'org', metric: 'requests', period: 'day', limit: 37 });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(gh, t.key.secret, t.exact)));
    const refused = results.find((r) => r.status === 402)!;
    const body = await json(refused);
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toMatch(/^Organization "Test Org": daily requests budget 37 requests would be exceeded/);
    expect(body.error.message).toMatch(/it resets \d{4}-\d\d-\d\d 00:00 UTC\.$/);
    const counts = await statuses(results.filter((r) => r !== refused));
    expect(counts.get(200)).toBe(37);
    expect((counts.get(402) ?? 0) + 1).toBe(163);
    const ok = await usageEvents(db, t.org.id, sql`status = 200`);
    expect(ok.length).toBe(37);
    const window = periodWindow('day', new Date(), 'UTC');
    // Settles finish just after the responses (the last byte does not wait for them).
    const counter = await eventually(
      () => gh.metering.store.snapshot(`bq:${budgetId}:${window.key}`),
      (c) => c.reserved === 0,
    );
    expect(counter).toEqual({ used: 37, reserved: 0 });
  });

  it('spends a cost budget to the micro-unit and never past it', async () => {
    const t = await tenantWithExactModel();
    const budgetId = await addBudget(db, t.org.id, {
      scopeType: 'key',
      scopeId: t.key.id,
      metric: 'cost',
      period: 'month',
      limit: 23 * PER_REQUEST,
    });
    const counts = await statuses(
      await Promise.all(Array.from({ length: 200 }, () => chat(gh, t.key.secret, t.exact))),
    );
    expect(counts.get(200)).toBe(23);
    expect(counts.get(402)).toBe(177);
    const spent = await sumCost(db, t.org.id);
    expect(spent).toBe(23 * PER_REQUEST);
    const window = periodWindow('month', new Date(), 'UTC');
    const counter = await eventually(
      () => gh.metering.store.snapshot(`bc:${budgetId}:${window.key}`),
      (c) => c.reserved === 0,
    );
    expect(counter).toEqual({ used: spent, reserved: 0 });
  });

  it('passes a request through its department and every ancestor: two people, one parent budget', async () => {
    const t = await tenantWithExactModel();
    const [parent] = (await db.withOrg(
      t.org.id,
      async (tx) =>
        (await tx.execute(sql`insert into departments (org_id, name) values (${t.org.id}, 'Legal') returning id`)).rows,
    )) as Array<{ id: string }>;
    const [child] = (await db.withOrg(
      t.org.id,
      async (tx) =>
        (
          await tx.execute(
            sql`insert into departments (org_id, parent_id, name) values (${t.org.id}, ${parent!.id}, 'Contracts') returning id`,
          )
        ).rows,
    )) as Array<{ id: string }>;
    const anna = await buildMember(db, t.org.id, 'member', parent!.id);
    const ben = await buildMember(db, t.org.id, 'member', child!.id);
    const annaKey = await buildKey(db, t.org.id, anna.userId);
    const benKey = await buildKey(db, t.org.id, ben.userId);
    await addBudget(db, t.org.id, {
      scopeType: 'department',
      scopeId: parent!.id,
      metric: 'cost',
      period: 'week',
      limit: 30 * PER_REQUEST,
    });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => chat(gh, (i % 2 ? annaKey : benKey).secret, t.exact)),
    );
    const refused = results.find((r) => r.status === 402)!;
    expect((await json(refused)).error.message).toMatch(/^Department "Legal": weekly budget 0\.00015 USD would be/);
    const counts = await statuses(results.filter((r) => r !== refused));
    expect(counts.get(200)).toBe(30);
    expect(await sumCost(db, t.org.id)).toBe(30 * PER_REQUEST);
  });

  it('never lets prepaid credits go below zero, and the ledger balances with the usage events', async () => {
    const t = await tenantWithExactModel();
    await db.withOrg(t.org.id, async (tx) => {
      await tx.execute(
        sql`update organizations set settings = settings || '{"credits": {"enforced": true}}'::jsonb where id = ${t.org.id}`,
      );
      await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, reason)
                           values (${t.org.id}, 'purchase', ${41 * PER_REQUEST}, 'test-purchase', 'test')`);
    });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(gh, t.key.secret, t.exact)));
    const refused = results.find((r) => r.status === 402)!;
    const error = (await json(refused)).error;
    expect(error.code).toBe('credits_exhausted');
    expect(error.message).toContain('prepaid credits are used up');
    const counts = await statuses(results.filter((r) => r !== refused));
    expect(counts.get(200)).toBe(41);
    const spent = await sumCost(db, t.org.id);
    expect(spent).toBe(41 * PER_REQUEST);
    const ledger = await eventually(
      () =>
        db.withOrg(
          t.org.id,
          async (tx) =>
            (
              await tx.execute(sql`select coalesce(sum(amount_micros), 0)::bigint as balance,
                                          coalesce(-sum(amount_micros) filter (where entry_type = 'settle'), 0)::bigint as consumed
                                     from credit_ledger`)
            ).rows[0] as { balance: string; consumed: string },
        ),
      (l) => Number(l.consumed) === spent,
    );
    expect(Number(ledger.consumed)).toBe(spent);
    expect(Number(ledger.balance)).toBe(0);
  });

  it('reports credits_deducted on /v1/generate', async () => {
    const t = await tenantWithExactModel();
    await db.withOrg(t.org.id, async (tx) => {
      await tx.execute(
        sql`update organizations set settings = settings || '{"credits": {"enforced": true}}'::jsonb where id = ${t.org.id}`,
      );
      await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, reason)
                           values (${t.org.id}, 'grant', 1000000, 'test-grant', 'test')`);
    });
    const res = await fetch(`${gh.url}/v1/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: t.exact, prompt: 'Say something', max_tokens: PER_REQUEST }),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.credits_deducted_micros).toBe(PER_REQUEST);
    expect(body.credits_deducted).toBe(PER_REQUEST / 1_000_000);
  });

  it('limits requests per minute with x-ratelimit headers and a 429 with Retry-After', async () => {
    const t = await tenantWithExactModel();
    await db.withOrg(t.org.id, (tx) =>
      tx.execute(sql`insert into rate_limits (org_id, scope_type, scope_id, requests_per_minute, tokens_per_minute)
                     values (${t.org.id}, 'key', ${t.key.id}, 3, 100000)`),
    );
    const first = await chat(gh, t.key.secret, t.exact);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
    await first.arrayBuffer();
    const rest = await Promise.all(Array.from({ length: 5 }, () => chat(gh, t.key.secret, t.exact)));
    const limited = rest.filter((r) => r.status === 429);
    expect(limited.length).toBe(3);
    const body = await json(limited[0]!);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(
      /^API key "test key": rate limit of 3 requests per minute reached; retry in \d+ s/,
    );
    const retry = Number(limited[0]!.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    for (const r of rest) if (!r.bodyUsed) await r.arrayBuffer();
  });

  it('names the reset instant in the org timezone', async () => {
    const t = await tenantWithExactModel();
    await db.withOrg(t.org.id, (tx) =>
      tx.execute(
        sql`update organizations set settings = settings || '{"timezone": "Europe/Berlin"}'::jsonb where id = ${t.org.id}`,
      ),
    );
    await addBudget(db, t.org.id, { scopeType: 'org', metric: 'tokens', period: 'month', limit: 1 });
    const res = await chat(gh, t.key.secret, t.exact);
    expect(res.status).toBe(402);
    const window = periodWindow('month', new Date(), 'Europe/Berlin');
    const message = (await json(res)).error.message as string;
    expect(message).toContain(`it resets ${formatLocal(window.end!, 'Europe/Berlin')}.`);
    expect(message).toMatch(/resets \d{4}-\d\d-01 00:00 Europe\/Berlin\.$/);
  });

  it('takes a budget change on a running gateway within a second', async () => {
    const t = await tenantWithExactModel();
    expect((await chat(gh, t.key.secret, t.exact)).status).toBe(200);
    // Written behind the gateway's back: only the poller can notice it.
    await addBudget(db, t.org.id, { scopeType: 'org', metric: 'requests', period: 'total', limit: 1 });
    const refused = await eventually(
      () => chat(gh, t.key.secret, t.exact).then((r) => r.status),
      (s) => s === 402,
      2_000,
    );
    expect(refused).toBe(402);
  });

  it('rebuilds the counters of the current period from the ledger after a restart', async () => {
    const t = await tenantWithExactModel();
    await addBudget(db, t.org.id, {
      scopeType: 'user',
      scopeId: t.owner.userId,
      metric: 'requests',
      period: 'day',
      limit: 4,
    });
    const first = await startTestGatehouse();
    try {
      const counts = await statuses(
        await Promise.all(Array.from({ length: 3 }, () => chat(first, t.key.secret, t.exact))),
      );
      expect(counts.get(200)).toBe(3);
    } finally {
      await first.stop();
    }
    // A fresh process (empty in-process store) still knows three of four requests are spent.
    const second = await startTestGatehouse();
    try {
      const counts = await statuses(
        await Promise.all(Array.from({ length: 5 }, () => chat(second, t.key.secret, t.exact))),
      );
      expect(counts.get(200)).toBe(1);
      expect(counts.get(402)).toBe(4);
    } finally {
      await second.stop();
    }
  });

  it('bills a stream the client abandons for what was generated, and the counter agrees', async () => {
    const t = await tenantWithExactModel();
    const slow = await buildModel(db, t.org.id, t.provider.id, { upstreamModel: 'mock-1@c40t0i30', ...EXACT });
    const budgetId = await addBudget(db, t.org.id, {
      scopeType: 'org',
      metric: 'cost',
      period: 'day',
      limit: 1_000_000,
    });
    const controller = new AbortController();
    const res = await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        authorization: `Bearer ${t.key.secret}`,
        'content-type': 'application/json',
        'x-request-id': 'req_meter_abort',
      },
      body: JSON.stringify({ model: slow.alias, stream: true, messages: [{ role: 'user', content: 'go' }] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    const [event] = await eventually(
      () => usageEvents(db, t.org.id, sql`request_id = 'req_meter_abort'`),
      (rows) => rows.length === 1,
    );
    expect(event!.client_aborted).toBe(true);
    expect(event!.tokens_out).toBeGreaterThan(0);
    expect(Number(event!.cost_micros)).toBe(event!.tokens_out);
    const window = periodWindow('day', new Date(), 'UTC');
    const counter = await eventually(
      () => gh.metering.store.snapshot(`bc:${budgetId}:${window.key}`),
      (c) => c.reserved === 0,
    );
    expect(counter).toEqual({ used: Number(event!.cost_micros), reserved: 0 });
  });
});

describe('gateway metering across three gateway processes sharing PostgreSQL and Redis', async () => {
  const available = await redisReachable();
  if (!available && process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; CI needs it`);
  let db: Database;
  const gateways: Gateway[] = [];
  // The three share a prefix no other Gatehouse on this Redis uses.
  const prefix = `{gatehouse:three-${randomUUID().slice(0, 8)}}:`;

  beforeAll(async () => {
    if (!available) return;
    db = await openTestDb();
    const started = await Promise.all(
      [0, 1, 2].map(() =>
        startGateway({ REDIS_URL, METERING_STORE: 'redis', CACHE_REFRESH_MS: '100', METERING_REDIS_PREFIX: prefix }),
      ),
    );
    gateways.push(...started);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(gateways.map((g) => stopGateway(g)));
    await db?.close();
  });

  it.skipIf(!available)(
    'lets exactly N of 200 requests spread over three gateways through a shared budget',
    async () => {
      const t = await buildTenant(db);
      const model = await buildModel(db, t.org.id, t.provider.id, { upstreamModel: 'mock-1', ...EXACT });
      await addBudget(db, t.org.id, { scopeType: 'org', metric: 'cost', period: 'month', limit: 50 * PER_REQUEST });
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => chat(gateways[i % 3]!, t.key.secret, model.alias)),
      );
      const counts = await statuses(results);
      expect(counts.get(200)).toBe(50);
      expect(counts.get(402)).toBe(150);
      expect(await sumCost(db, t.org.id)).toBe(50 * PER_REQUEST);
    },
  );

  it.skipIf(!available)('shares a credit balance across the gateways without ever going negative', async () => {
    const t = await buildTenant(db);
    const model = await buildModel(db, t.org.id, t.provider.id, { upstreamModel: 'mock-1', ...EXACT });
    await db.withOrg(t.org.id, async (tx) => {
      await tx.execute(
        sql`update organizations set settings = settings || '{"credits": {"enforced": true}}'::jsonb where id = ${t.org.id}`,
      );
      await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, reason)
                           values (${t.org.id}, 'purchase', ${17 * PER_REQUEST}, 'p1', 'test')`);
    });
    const counts = await statuses(
      await Promise.all(Array.from({ length: 120 }, (_, i) => chat(gateways[i % 3]!, t.key.secret, model.alias))),
    );
    expect(counts.get(200)).toBe(17);
    expect(counts.get(402)).toBe(103);
    expect(await sumCost(db, t.org.id)).toBe(17 * PER_REQUEST);
  });
});
