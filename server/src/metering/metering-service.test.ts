import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { MemoryStore } from './engine/memory-store.ts';
import type { BudgetRule, LimitsDirectory, OrgLimits } from './limits-directory.ts';
import { MeteringService } from './metering-service.ts';
import type { ReservationRequest } from './metering.ts';
import type { UsageWriter } from './usage-writer.ts';

const ORG = '00000000-0000-4000-8000-000000000001';

function limitsWith(budgets: BudgetRule[], overrides: Partial<OrgLimits> = {}): OrgLimits {
  return {
    orgId: ORG,
    orgName: 'Kanzlei',
    timeZone: 'Europe/Berlin',
    weekStartsOn: 1,
    currency: 'EUR',
    unpricedRefused: true,
    credits: { enforced: false, creditedMicros: 0, lowBalanceMicros: null },
    budgets: new Map([['org', budgets]]),
    rates: new Map(),
    parents: new Map(),
    unlimited: budgets.length === 0,
    ...overrides,
  };
}

function rule(period: BudgetRule['period'], limit: number): BudgetRule {
  return {
    id: '00000000-0000-4000-8000-0000000000b1',
    scopeType: 'org',
    scopeId: null,
    metric: 'requests',
    period,
    limit,
    increase: 0,
    increaseExpiresAt: null,
    thresholds: [],
    label: 'Organization "Kanzlei"',
  };
}

/** A service over the in-process store, a fixed clock and an empty durable ledger. */
function service(limits: OrgLimits, clock: { now: number }) {
  const directory = { forOrg: async () => limits } as unknown as LimitsDirectory;
  const db = {
    withSystem: async (fn: (tx: unknown) => Promise<unknown>) => fn({ execute: async () => ({ rows: [{ used: 0 }] }) }),
  } as unknown as Database;
  return new MeteringService(
    new MemoryStore({ now: () => clock.now }),
    directory,
    db,
    {} as UsageWriter,
    pino({ level: 'silent' }),
    { reservationTimeoutMs: 60_000, now: () => clock.now },
  );
}

const request: ReservationRequest = {
  requestId: 'req_1',
  endpoint: '/v1/chat/completions',
  stream: false,
  orgId: ORG,
  departmentId: null,
  userId: null,
  keyId: null,
  modelAlias: 'm',
  unpriced: false,
  estimate: () => ({ inputTokens: 10, outputTokens: 10, costMicros: 20 }),
};

async function granted(s: MeteringService): Promise<boolean> {
  const r = await s.reserve(request);
  if (r.ok) await s.settle(r.reservation, { tokensIn: 10, tokensOut: 10, costMicros: 20 });
  return r.ok;
}

describe('MeteringService periods', () => {
  it('resets a daily budget at local midnight in Europe/Berlin, also on the day DST begins', async () => {
    const clock = { now: Date.parse('2026-03-28T22:59:59Z') }; // 23:59:59 CET, Saturday
    const s = service(limitsWith([rule('day', 1)]), clock);
    expect(await granted(s)).toBe(true);
    expect(await granted(s)).toBe(false);
    clock.now = Date.parse('2026-03-28T23:00:00Z'); // 00:00 Sunday 29 March, the 23-hour day
    expect(await granted(s)).toBe(true);
    expect(await granted(s)).toBe(false);
    clock.now = Date.parse('2026-03-29T21:59:59Z'); // 23:59:59 CEST, still Sunday
    expect(await granted(s)).toBe(false);
    clock.now = Date.parse('2026-03-29T22:00:00Z'); // 00:00 Monday
    expect(await granted(s)).toBe(true);
  });

  it('resets a weekly budget on the configured week start, and says when', async () => {
    const clock = { now: Date.parse('2026-10-25T12:00:00Z') }; // Sunday; DST ended at 01:00Z that day
    const s = service(limitsWith([rule('week', 1)]), clock);
    expect(await granted(s)).toBe(true);
    const refused = await s.reserve(request);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.message).toContain('it resets 2026-10-26 00:00 Europe/Berlin.');
    clock.now = Date.parse('2026-10-25T22:59:59Z'); // 23:59:59 CET Sunday
    expect(await granted(s)).toBe(false);
    clock.now = Date.parse('2026-10-25T23:00:00Z'); // Monday 00:00 CET
    expect(await granted(s)).toBe(true);
  });

  it('applies a temporary increase until its expiry', async () => {
    const clock = { now: Date.parse('2026-11-23T10:00:00Z') };
    const increased = { ...rule('month', 1), increase: 1, increaseExpiresAt: Date.parse('2026-11-23T11:00:00Z') };
    const s = service(limitsWith([increased]), clock);
    expect(await granted(s)).toBe(true);
    expect(await granted(s)).toBe(true);
    expect(await granted(s)).toBe(false);
    clock.now = Date.parse('2026-11-23T11:00:00Z');
    // The increase lapsed: 2 used of 1 — nothing more this month.
    expect(await granted(s)).toBe(false);
  });

  it('refuses unpriced models unless the org allows them', async () => {
    const clock = { now: Date.parse('2026-11-23T10:00:00Z') };
    const refusing = service(limitsWith([]), clock);
    const r = await refusing.reserve({ ...request, unpriced: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.kind).toBe('unpriced');
    const allowing = service(limitsWith([], { unpricedRefused: false }), clock);
    expect((await allowing.reserve({ ...request, unpriced: true })).ok).toBe(true);
  });
});
