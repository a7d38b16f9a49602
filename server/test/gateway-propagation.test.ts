// A revoked key and a suspended org stop working on every gateway process within a second: two
// real `gatehouse start` processes on one database, changed behind their backs.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { startGateway, stopGateway, type Gateway } from './gateway-process.ts';
import { buildTenant, openTestDb } from './helpers.ts';

function chat(g: Gateway, secret: string): Promise<Response> {
  return fetch(`${g.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }] }),
  });
}

/** Polls every gateway until each answers `status`; returns the time it took (ms). */
async function untilAll(gateways: Gateway[], secret: string, status: number, limitMs: number): Promise<number> {
  const started = Date.now();
  const pending = new Set(gateways);
  while (pending.size > 0 && Date.now() - started < limitMs) {
    for (const g of [...pending]) {
      const res = await chat(g, secret);
      await res.arrayBuffer();
      if (res.status === status) pending.delete(g);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 25));
  }
  expect(pending.size, `gateways still not answering ${status}`).toBe(0);
  return Date.now() - started;
}

describe('changes reach every gateway process within a second', () => {
  let db: Database;
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    // The default poll interval, as in production.
    gateways.push(...(await Promise.all([0, 1].map(() => startGateway({ CACHE_REFRESH_MS: '500' })))));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(gateways.map((g) => stopGateway(g)));
    await db.close();
  });

  it('a revoked key', async () => {
    const t = await buildTenant(db);
    for (const g of gateways) expect((await chat(g, t.key.secret)).status).toBe(200);
    await db.withOrg(t.org.id, (tx) => tx.execute(sql`update api_keys set revoked_at = now() where id = ${t.key.id}`));
    expect(await untilAll(gateways, t.key.secret, 401, 2_000)).toBeLessThan(1_000);
  });

  it('a suspended organization', async () => {
    const t = await buildTenant(db);
    for (const g of gateways) expect((await chat(g, t.key.secret)).status).toBe(200);
    await db.withSystem((tx) => tx.execute(sql`update organizations set status = 'suspended' where id = ${t.org.id}`));
    expect(await untilAll(gateways, t.key.secret, 403, 2_000)).toBeLessThan(1_000);
  });
});
