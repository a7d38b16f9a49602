// The kill test: under streaming load a gateway process dies by SIGKILL. After a restart (and one
// reaper pass over the dead process's reservations, with the Redis store) no request whose answer
// the client received completely is missing from the usage events, the counters equal what the
// usage events say, and the credit ledger balances with them.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { REDIS_URL, redisReachable, startGateway, stopGateway, type Gateway } from './gateway-process.ts';
import { buildModel, buildTenant, openTestDb } from './helpers.ts';
import { eventually } from './usage.ts';

/** One streamed chat request; true when the client received the complete answer ([DONE]). */
async function streamOnce(url: string, secret: string, model: string, requestId: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ model, stream: true, max_tokens: 40, messages: [{ role: 'user', content: 'count on' }] }),
    });
    if (res.status !== 200) {
      await res.arrayBuffer();
      return false;
    }
    const text = await res.text();
    return text.includes('data: [DONE]');
  } catch {
    return false;
  }
}

// A prefix of its own, so no other Gatehouse on the same Redis (a parallel test, another run)
// reaps or counts this test's reservations.
const PREFIX = `{gatehouse:kill-${randomUUID().slice(0, 8)}}:`;
const STORES: Array<{ store: 'redis' | 'memory'; env: Record<string, string> }> = [
  { store: 'redis', env: { METERING_STORE: 'redis', REDIS_URL, METERING_REDIS_PREFIX: PREFIX } },
  { store: 'memory', env: { METERING_STORE: 'memory' } },
];

describe.each(STORES)('kill -9 under streaming load ($store store)', async ({ store, env }) => {
  const redisOk = store === 'memory' || (await redisReachable());
  if (!redisOk && process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; CI needs it`);
  let db: Database;
  let survivor: Gateway | null = null;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await stopGateway(survivor);
    await db.close();
  });

  it.skipIf(!redisOk)(
    'loses no completed request, and counters, events and credits agree after restart and reaping',
    async () => {
      const t = await buildTenant(db);
      // 40 output tokens paced 15 ms apart: each answer streams for about 0.6 s.
      const model = await buildModel(db, t.org.id, t.provider.id, {
        upstreamModel: 'mock-1@c40t0i15',
        priceInput: 1_000_000,
        priceOutput: 1_000_000,
      });
      const [budget] = (await db.withOrg(t.org.id, async (tx) => {
        await tx.execute(
          sql`update organizations set settings = settings || '{"credits": {"enforced": true}}'::jsonb where id = ${t.org.id}`,
        );
        await tx.execute(sql`insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, reason)
                             values (${t.org.id}, 'purchase', 100000000, 'kill-test', 'test')`);
        return (
          await tx.execute(sql`insert into budgets (org_id, scope_type, metric, period, limit_amount)
                               values (${t.org.id}, 'org', 'cost', 'total', 100000000) returning id`)
        ).rows;
      })) as Array<{ id: string }>;

      const victim = await startGateway(env);
      // Warm up (caches, tokenizer) so answers stream at their pace when the load starts.
      expect(await streamOnce(victim.url, t.key.secret, model.alias, `kill-${store}-warm`)).toBe(true);
      const results: Array<Promise<{ id: string; complete: boolean }>> = [];
      // Requests keep arriving; the process dies once some answers are complete and others are
      // mid-stream, and requests go on arriving (refused) for a moment after.
      let completedSoFar = 0;
      let n = 0;
      let killedAt = 0;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (killedAt === 0 || Date.now() - killedAt < 300)) {
        for (let i = 0; i < 4; i++) {
          const id = `kill-${store}-${n++}`;
          results.push(
            streamOnce(victim.url, t.key.secret, model.alias, id).then((complete) => {
              if (complete) completedSoFar++;
              return { id, complete };
            }),
          );
        }
        if (killedAt === 0 && completedSoFar >= 4) {
          victim.proc.kill('SIGKILL');
          killedAt = Date.now();
        }
        await new Promise((r) => setTimeout(r, 60));
      }
      const outcomes = await Promise.all(results);
      const completed = outcomes.filter((o) => o.complete).map((o) => o.id);
      const cut = outcomes.filter((o) => !o.complete).length;
      expect(completed.length).toBeGreaterThan(0);
      expect(cut).toBeGreaterThan(0);

      survivor = await startGateway(env);
      const quota = async () => {
        const res = await fetch(`${survivor!.url}/v1/quota`, { headers: { authorization: `Bearer ${t.key.secret}` } });
        return (await res.json()) as {
          budgets: Array<{ budgetId: string; used: number; reserved: number }>;
          credits: { consumedMicros: number; heldMicros: number };
        };
      };
      // With Redis the dead process's reservations are still held until the reaper settles them.
      const settled = await eventually(
        quota,
        (q) => q.budgets[0]!.reserved === 0 && q.credits.heldMicros === 0,
        20_000,
      );
      expect(settled.budgets[0]!.budgetId).toBe(budget!.id);

      const events = await db.withOrg(
        t.org.id,
        async (tx) =>
          (
            await tx.execute(sql`select request_id, status, coalesce(cost_micros, 0)::bigint as cost, error_code
                                   from usage_events`)
          ).rows as Array<{
            request_id: string;
            status: number;
            cost: string;
            error_code: string | null;
          }>,
      );
      const recorded = new Set(events.filter((e) => e.status === 200).map((e) => e.request_id));
      for (const id of completed) expect(recorded.has(id), `completed request ${id} has a usage event`).toBe(true);
      const eventCost = events.reduce((sum, e) => sum + Number(e.cost), 0);
      expect(settled.budgets[0]!.used).toBe(eventCost);

      const ledger = (await db.withOrg(
        t.org.id,
        async (tx) =>
          (
            await tx.execute(sql`select coalesce(-sum(amount_micros) filter (where entry_type = 'settle'), 0)::bigint as consumed,
                                        coalesce(sum(amount_micros), 0)::bigint as balance from credit_ledger`)
          ).rows[0],
      )) as { consumed: string; balance: string };
      expect(Number(ledger.consumed)).toBe(settled.credits.consumedMicros);
      expect(Number(ledger.consumed)).toBe(eventCost);
      expect(Number(ledger.balance)).toBe(100_000_000 - eventCost);
      if (store === 'redis') {
        // Streams cut by the kill left reservations only the reaper could settle: recorded, never at zero.
        expect(events.some((e) => e.error_code === 'reservation_reaped')).toBe(true);
      }
    },
    90_000,
  );
});
