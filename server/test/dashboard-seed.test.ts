import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsageEvents, type SeedCombo } from '../bench/dashboard-seed.ts';
import type { Database } from '../src/db/database.ts';
import { UsageWriter, type UsageEvent } from '../src/metering/usage-writer.ts';
import { buildOrg, openTestDb } from './helpers.ts';

/** The rollups of an org without its id, in a stable order, for comparing two orgs. */
async function rollups(db: Database, orgId: string) {
  return db.withOrg(
    orgId,
    async (tx) =>
      (
        await tx.execute(sql`select grain, bucket::text, department_id, user_id, key_id, model_alias, requests::int,
                                  errors::int, tokens_in::int, tokens_out::int, tokens_cached::int,
                                  cost_micros::bigint::text, unpriced_requests::int
                             from usage_rollups order by 1, 2, 3, 4, 5, 6`)
      ).rows,
  );
}

describe('dashboard bench seed', () => {
  let db: Database;
  let writer: UsageWriter;
  beforeAll(async () => {
    db = await openTestDb();
    writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await writer?.flush();
    await db?.close();
  });

  it('writes the same rollups as the usage writer would for the same events', async () => {
    const seeded = await buildOrg(db, 'Seeded');
    const written = await buildOrg(db, 'Written');
    for (const org of [seeded, written])
      await db.withSystem((tx) =>
        tx.execute(sql`update organizations set settings = '{"timezone":"Europe/Berlin"}' where id = ${org.id}`),
      );
    const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    const combos: SeedCombo[] = [
      {
        keyId: ids[0]!,
        userId: ids[1]!,
        departmentId: null,
        model: 'priced',
        priceIn: 150_000,
        priceOut: 600_000,
        embedding: false,
      },
      {
        keyId: null,
        userId: ids[1]!,
        departmentId: ids[0]!,
        model: 'free',
        priceIn: null,
        priceOut: null,
        embedding: false,
      },
      {
        keyId: ids[1]!,
        userId: null,
        departmentId: ids[1]!,
        model: 'embed',
        priceIn: 20_000,
        priceOut: 0,
        embedding: true,
      },
    ];
    // Three chunks, so rollup rows that several chunks touch are added up like the writer's batches.
    const count = await seedUsageEvents(db, {
      orgId: seeded.id,
      combos,
      events: 2_500,
      days: 10,
      now: new Date('2026-03-30T12:00:00Z'),
      prefix: 'seed',
      chunk: 1_000,
    });
    expect(count).toBe(2_500);

    // The same events, read back and written again through the usage writer into the other org.
    const events = await db.withOrg(seeded.id, async (tx) =>
      (await tx.execute(sql`select * from usage_events order by id`)).rows.map((r): UsageEvent => ({
        orgId: written.id,
        requestId: String(r.request_id),
        createdAt: new Date(String(r.created_at)),
        endpoint: String(r.endpoint),
        departmentId: r.department_id as string | null,
        userId: r.user_id as string | null,
        keyId: r.key_id as string | null,
        modelAlias: r.model_alias as string | null,
        providerId: null,
        providerKind: r.provider_kind as string | null,
        upstreamModel: r.upstream_model as string | null,
        tokensIn: Number(r.tokens_in),
        tokensOut: Number(r.tokens_out),
        tokensCached: Number(r.tokens_cached),
        costMicros: r.cost_micros === null ? null : Number(r.cost_micros),
        pricing: r.pricing as UsageEvent['pricing'],
        priceSnapshot: r.price_snapshot as Record<string, unknown> | null,
        usageSource: r.usage_source as UsageEvent['usageSource'],
        latencyMs: Number(r.latency_ms),
        ttftMs: r.ttft_ms === null ? null : Number(r.ttft_ms),
        status: Number(r.status),
        errorCode: r.error_code as string | null,
        stream: Boolean(r.stream),
        clientAborted: Boolean(r.client_aborted),
        privacyCounts: r.privacy_counts as Record<string, number> | null,
        reservationId: r.reservation_id as string | null,
      })),
    );
    expect(events).toHaveLength(2_500);
    await Promise.all(events.map((e) => writer.record(e)));

    const [fromSeed, fromWriter] = [await rollups(db, seeded.id), await rollups(db, written.id)];
    expect(fromSeed.length).toBeGreaterThan(50);
    expect(fromSeed).toEqual(fromWriter);

    // A realistic mix: mostly successes, some refusals and upstream failures, one unpriced model,
    // days across the spring daylight-saving change, nothing after "now".
    const mix = await db.withOrg(
      seeded.id,
      async (tx) =>
        (
          await tx.execute(sql`select count(*) filter (where status = 200)::int as ok,
                                    count(*) filter (where status = 429)::int as limited,
                                    count(*) filter (where status >= 500)::int as failed,
                                    count(*) filter (where pricing = 'unpriced')::int as unpriced,
                                    count(distinct (created_at at time zone 'Europe/Berlin')::date)::int as days,
                                    max(created_at) <= '2026-03-30T12:00:00Z' as past
                               from usage_events`)
        ).rows[0],
    );
    expect(mix!.ok).toBeGreaterThan(2_200);
    expect(mix!.limited).toBeGreaterThan(20);
    expect(mix!.failed).toBeGreaterThan(10);
    expect(mix!.unpriced).toBeGreaterThan(100);
    expect(mix!.days).toBe(10);
    expect(mix!.past).toBe(true);
  });
});
