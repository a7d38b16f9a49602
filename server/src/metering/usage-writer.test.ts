import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildOrg, openTestDb } from '../../test/helpers.ts';
import type { Database } from '../db/database.ts';
import { buildUsageInsert, USAGE_PREPARE, UsageWriter, type UsageEvent } from './usage-writer.ts';

const event = (orgId: string, requestId: string, extra: Partial<UsageEvent> = {}): UsageEvent => ({
  orgId,
  requestId,
  createdAt: new Date('2026-11-23T10:00:00.123Z'),
  endpoint: '/v1/chat/completions',
  departmentId: null,
  userId: null,
  keyId: null,
  modelAlias: 'm',
  providerId: null,
  providerKind: 'mock',
  upstreamModel: 'm',
  tokensIn: 3,
  tokensOut: 5,
  tokensCached: 0,
  costMicros: 7,
  pricing: 'priced',
  priceSnapshot: { input: 1, output: 1 },
  usageSource: 'provider',
  latencyMs: 12,
  ttftMs: null,
  status: 200,
  errorCode: null,
  stream: false,
  clientAborted: false,
  privacyCounts: null,
  ...extra,
});

describe('UsageWriter', () => {
  let db: Database;
  let orgId: string;
  beforeAll(async () => {
    db = await openTestDb();
    orgId = (await buildOrg(db)).id;
  });
  afterAll(() => db.close());

  it('writes a concurrent burst as few statements, every event exactly once', async () => {
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    await Promise.all(Array.from({ length: 300 }, (_, i) => writer.record(event(orgId, `burst-${i}`))));
    const rows = await db.withOrg(orgId, (tx) =>
      tx.execute(sql`select count(*)::int as n from usage_events where request_id like 'burst-%'`),
    );
    expect(rows.rows[0]!.n).toBe(300);
    expect(writer.written).toBe(300);
  });

  it('stores hostile text exactly, whatever quotes or dollar signs it contains', async () => {
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    const nasty = `it's $gh$ a '); drop table usage_events; -- \\ "quoted" $gh0$ ünïcödé 🙂`;
    await writer.record(event(orgId, 'nasty-1', { modelAlias: nasty, errorCode: nasty }));
    const [row] = (
      await db.withOrg(orgId, (tx) =>
        tx.execute(
          sql`select model_alias, error_code, created_at, price_snapshot from usage_events where request_id = 'nasty-1'`,
        ),
      )
    ).rows;
    expect(row).toMatchObject({ model_alias: nasty, error_code: nasty, price_snapshot: { input: 1, output: 1 } });
    expect(new Date(row!.created_at as string).toISOString()).toBe('2026-11-23T10:00:00.123Z');
    expect(buildUsageInsert([event(orgId, 'x', { modelAlias: '$gh$' })])).toContain('$gh0$');
  });

  /** The rollups of an org, and the same sums computed from its raw events, for comparison. */
  async function rollupsAndEvents(org: string) {
    const counters = `sum(requests)::bigint as requests, sum(errors)::bigint as errors, sum(tokens_in)::bigint as tokens_in,
      sum(tokens_out)::bigint as tokens_out, sum(tokens_cached)::bigint as tokens_cached,
      sum(cost_micros)::bigint as cost_micros, sum(unpriced_requests)::bigint as unpriced_requests`;
    return db.withOrg(org, async (tx) => {
      const rollups = (
        await tx.execute(
          sql.raw(`select grain, bucket, department_id, user_id, key_id, model_alias, ${counters}
                     from usage_rollups group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`),
        )
      ).rows;
      const events = (
        await tx.execute(
          sql.raw(`select grain, bucket, department_id, user_id, key_id, model_alias, ${counters} from (
             select g.grain, g.bucket, department_id, user_id, key_id, coalesce(model_alias, '') as model_alias,
                    1 as requests, (status >= 400)::int as errors, tokens_in, tokens_out, tokens_cached,
                    coalesce(cost_micros, 0) as cost_micros, (pricing = 'unpriced')::int as unpriced_requests
               from usage_events e
               cross join lateral (values ('hour', date_trunc('hour', e.created_at, 'UTC')),
                 ('day', (e.created_at at time zone (select coalesce(settings->>'timezone', 'UTC') from organizations))::date
                         ::timestamp at time zone 'UTC')) as g(grain, bucket)) x
             group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`),
        )
      ).rows;
      return { rollups, events };
    });
  }

  it('keeps hour and day rollups equal to the events, through concurrent writers and repeated keys', async () => {
    const org = (await buildOrg(db)).id;
    const [a, b] = [randomUUID(), randomUUID()];
    const writers = [0, 1, 2].map(() => new UsageWriter(db.pool, pino({ level: 'silent' })));
    const events = Array.from({ length: 240 }, (_, i) =>
      event(org, `roll-${i}`, {
        createdAt: new Date(Date.UTC(2026, 10, 23, 9 + (i % 3), i % 60, 0)),
        departmentId: i % 4 === 0 ? null : a,
        userId: i % 5 === 0 ? null : b,
        keyId: i % 2 === 0 ? null : a,
        modelAlias: i % 7 === 0 ? null : `m${i % 3}`,
        status: i % 6 === 0 ? 502 : 200,
        costMicros: i % 9 === 0 ? null : i,
        pricing: i % 9 === 0 ? 'unpriced' : 'priced',
        tokensCached: i % 2,
      }),
    );
    await Promise.all(events.map((e, i) => writers[i % 3]!.record(e)));
    const { rollups, events: fromEvents } = await rollupsAndEvents(org);
    expect(rollups).toEqual(fromEvents);
    const [totals] = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select sum(requests)::int as n, sum(errors)::int as errors, sum(unpriced_requests)::int as unpriced
                         from usage_rollups where grain = 'day'`),
      )
    ).rows;
    expect(totals).toEqual({ n: 240, errors: 40, unpriced: 27 });
  });

  it("puts a day rollup on the org's local date: 23:30 UTC is the next day in Berlin", async () => {
    const org = (await buildOrg(db)).id;
    await db.withSystem((tx) =>
      tx.execute(sql`update organizations set settings = '{"timezone":"Europe/Berlin"}' where id = ${org}`),
    );
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    await writer.record(event(org, 'late-1', { createdAt: new Date('2026-11-23T23:30:00Z') }));
    const rows = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select grain, to_char(bucket at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as bucket
                         from usage_rollups order by grain`),
      )
    ).rows;
    expect(rows).toEqual([
      { grain: 'day', bucket: '2026-11-24 00:00' },
      { grain: 'hour', bucket: '2026-11-23 23:00' },
    ]);
  });

  it('falls back to UTC days when the stored time zone is unknown, rather than failing the batch', async () => {
    const org = (await buildOrg(db)).id;
    await db.withSystem((tx) =>
      tx.execute(sql`update organizations set settings = '{"timezone":"Mars/Olympus_Mons"}' where id = ${org}`),
    );
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    await writer.record(event(org, 'mars-1', { createdAt: new Date('2026-11-23T23:30:00Z') }));
    const [row] = (
      await db.withOrg(org, (tx) =>
        tx.execute(
          sql`select to_char(bucket at time zone 'UTC', 'YYYY-MM-DD') as day from usage_rollups where grain = 'day'`,
        ),
      )
    ).rows;
    expect(row).toEqual({ day: '2026-11-23' });
  });

  it('settles consumed credits in the same transaction, once per reservation (else request id)', async () => {
    const org = (await buildOrg(db)).id;
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    await Promise.all([
      writer.record(event(org, 'cr-1', { creditsMicros: 1500 })),
      writer.record(event(org, 'cr-2', { creditsMicros: 0 })),
      writer.record(event(org, 'cr-3')),
      writer.record(event(org, 'cr-4', { creditsMicros: 250 })),
      // Two requests a client sent with the same X-Request-ID: each held its own reservation.
      writer.record(event(org, 'cr-5', { creditsMicros: 7, reservationId: 'rsv_a' })),
      writer.record(event(org, 'cr-5', { creditsMicros: 8, reservationId: 'rsv_b' })),
    ]);
    // The same request settled again (a retried write without a reservation) counts once.
    await writer.record(event(org, 'cr-4', { creditsMicros: 250 }));
    const rows = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select entry_type, amount_micros::int as amount, idempotency_key, request_id
                         from credit_ledger order by idempotency_key`),
      )
    ).rows;
    expect(rows).toEqual([
      { entry_type: 'settle', amount: -1500, idempotency_key: 'settle:cr-1', request_id: 'cr-1' },
      { entry_type: 'settle', amount: -250, idempotency_key: 'settle:cr-4', request_id: 'cr-4' },
      { entry_type: 'settle', amount: -7, idempotency_key: 'settle:rsv_a', request_id: 'cr-5' },
      { entry_type: 'settle', amount: -8, idempotency_key: 'settle:rsv_b', request_id: 'cr-5' },
    ]);
  });

  it('skips an event whose reservation already has one, without failing the rest of its batch', async () => {
    const org = (await buildOrg(db)).id;
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }));
    await writer.record(event(org, 'rs-1', { reservationId: 'res-1', creditsMicros: 40 }));
    const first = writer.record(event(org, 'rs-0'));
    const batch = [
      writer.record(event(org, 'rs-1', { reservationId: 'res-1', creditsMicros: 40 })),
      writer.record(event(org, 'rs-1b', { reservationId: 'res-1', creditsMicros: 99 })),
      writer.record(event(org, 'rs-2', { reservationId: 'res-2', creditsMicros: 5 })),
    ];
    await Promise.all([first, ...batch]);
    const [counts] = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select (select count(*)::int from usage_events) as events,
                              (select -sum(amount_micros)::int from credit_ledger) as credits,
                              (select sum(requests)::int from usage_rollups where grain = 'day') as rollup_requests`),
      )
    ).rows;
    expect(counts).toEqual({ events: 3, credits: 45, rollup_requests: 3 });
  });

  it('refuses only the bad event of a batch: the others are written with their credits and rollups', async () => {
    const org = (await buildOrg(db)).id;
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }), { retryDelaysMs: [] });
    // While the first write is in flight the next two queue up and go out as one batch, which the
    // second event (an org that does not exist) makes fail as a whole; the writer then writes them
    // one by one, so only that event is refused — and nothing of it is half-written.
    const first = writer.record(event(orgId, 'bad-0'));
    const good = writer.record(event(org, 'bad-1', { creditsMicros: 10 }));
    const bad = writer.record(event('00000000-0000-0000-0000-000000000000', 'bad-2'));
    await first;
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow();
    const [counts] = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select (select count(*)::int from usage_events) as events,
                              (select -sum(amount_micros)::int from credit_ledger) as credits,
                              (select sum(requests)::int from usage_rollups where grain = 'hour') as rollups`),
      )
    ).rows;
    expect(counts).toEqual({ events: 1, credits: 10, rollups: 1 });
    const orphans = await db.withSystem((tx) =>
      tx.execute(sql`select count(*)::int as n from usage_events where request_id = 'bad-2'`),
    );
    expect(orphans.rows[0]).toEqual({ n: 0 });
  });

  it('prepares its statement once per session and prepares it again when the session lost it', async () => {
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    try {
      const writer = new UsageWriter(pool, pino({ level: 'silent' }), { retryDelaysMs: [] });
      await writer.record(event(orgId, 'prep-1'));
      await pool.query('DEALLOCATE ALL');
      await writer.record(event(orgId, 'prep-2'));
      const rows = (
        await db.withOrg(orgId, (tx) =>
          tx.execute(sql`select request_id from usage_events where request_id like 'prep-%' order by request_id`),
        )
      ).rows;
      expect(rows).toEqual([{ request_id: 'prep-1' }, { request_id: 'prep-2' }]);
      expect(USAGE_PREPARE).toMatch(/^PREPARE gatehouse_usage_[0-9a-f]{12}\(jsonb\) AS WITH/);
    } finally {
      await pool.end();
    }
  });

  it('fails the waiting requests when the ledger cannot be written, after retrying', async () => {
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }), { retryDelaysMs: [1, 1] });
    await expect(writer.record(event('00000000-0000-0000-0000-000000000000', 'orphan'))).rejects.toThrow();
  });
});
