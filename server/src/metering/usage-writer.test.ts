import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, openTestDb } from '../../test/helpers.ts';
import type { Database } from '../db/database.ts';
import { buildUsageInsert, UsageWriter, type UsageEvent } from './usage-writer.ts';

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

  it('fails the waiting requests when the ledger cannot be written, after retrying', async () => {
    const writer = new UsageWriter(db.pool, pino({ level: 'silent' }), { retryDelaysMs: [1, 1] });
    await expect(writer.record(event('00000000-0000-0000-0000-000000000000', 'orphan'))).rejects.toThrow();
  });
});
