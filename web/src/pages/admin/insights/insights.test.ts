import { describe, expect, it } from 'vitest';
import { burnRate } from './burn-rate.ts';
import { allRequests, dashboardRequests } from './dashboard-requests.ts';
import { barsOf, niceCeiling, shareOf } from './chart-scale.ts';
import { logQuery } from './log-filters.ts';
import { asGranularity, asPreset, bucketsOf, fillSeries, resolveRange } from './ranges.ts';

const BERLIN = 'Europe/Berlin';
const row = (bucket: string, costMicros: number, requests = 1) => ({
  bucket,
  requests,
  errors: 0,
  tokensIn: 10,
  tokensOut: 20,
  tokensCached: 0,
  costMicros,
  unpricedRequests: 0,
});

describe('dashboard ranges', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('resolves presets to local days ending now', () => {
    expect(resolveRange('7d', { from: '', to: '' }, now, BERLIN)).toEqual({
      ok: true,
      range: {
        from: '2026-11-16T23:00:00.000Z',
        to: now.toISOString(),
        firstDate: '2026-11-17',
        lastDate: '2026-11-23',
      },
    });
    const month = resolveRange('month', { from: '', to: '' }, now, BERLIN);
    expect(month.ok && month.range.from).toBe('2026-10-31T23:00:00.000Z');
    const ninety = resolveRange('90d', { from: '', to: '' }, now, BERLIN);
    expect(ninety.ok && ninety.range.firstDate).toBe('2026-08-26');
  });

  it('resolves a custom range to whole local days and names what is wrong with a bad one', () => {
    expect(resolveRange('custom', { from: '2026-11-01', to: '2026-11-30' }, now, BERLIN)).toEqual({
      ok: true,
      range: {
        from: '2026-10-31T23:00:00.000Z',
        to: '2026-11-30T23:00:00.000Z',
        firstDate: '2026-11-01',
        lastDate: '2026-11-30',
      },
    });
    expect(resolveRange('custom', { from: '', to: '2026-11-30' }, now, BERLIN)).toEqual({
      ok: false,
      problem: 'missing',
    });
    expect(resolveRange('custom', { from: '2026-13-01', to: '2026-11-30' }, now, BERLIN)).toEqual({
      ok: false,
      problem: 'invalid',
    });
    expect(resolveRange('custom', { from: '2026-12-01', to: '2026-11-30' }, now, BERLIN)).toEqual({
      ok: false,
      problem: 'backwards',
    });
    expect(resolveRange('custom', { from: '2020-01-01', to: '2026-11-30' }, now, BERLIN)).toEqual({
      ok: false,
      problem: 'tooLong',
    });
  });

  it('falls back to the defaults for unknown URL values', () => {
    expect(asPreset('forever')).toBe('30d');
    expect(asPreset('90d')).toBe('90d');
    expect(asGranularity('year')).toBe('day');
    expect(asGranularity('week')).toBe('week');
  });

  it('lists every day, Monday or month of a range and fills quiet buckets with zeros', () => {
    expect(bucketsOf('2026-11-28', '2026-12-01', 'day')).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(bucketsOf('2026-11-28', '2026-12-08', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(bucketsOf('2026-01-31', '2026-04-01', 'month')).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
    const series = fillSeries([row('2026-11-30', 500, 2)], ['2026-11-23', '2026-11-30']);
    expect(series.map((p) => [p.bucket, p.requests, p.costMicros])).toEqual([
      ['2026-11-23', 0, 0],
      ['2026-11-30', 2, 500],
    ]);
  });
});

describe('burn rate', () => {
  it('averages the last 7 and 30 local days and says how long the balance lasts', () => {
    const rows = [row('2026-10-20', 9_000_000), row('2026-10-25', 3_000_000), row('2026-11-20', 7_000_000)];
    const rate = burnRate(rows, '2026-11-23', 10_000_000);
    expect(rate.perDay7).toBe(1_000_000);
    expect(rate.perDay30).toBe(10_000_000 / 30);
    expect(rate.daysLeft).toBe(10);
  });

  it('uses the 30-day pace after a quiet week and has no end without spending', () => {
    expect(burnRate([row('2026-11-01', 3_000_000)], '2026-11-23', 1_000_000).daysLeft).toBe(10);
    expect(burnRate([], '2026-11-23', 1_000_000)).toEqual({ perDay7: 0, perDay30: 0, daysLeft: null });
  });
});

describe('chart scale', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(47.13)).toBe(50);
    expect(niceCeiling(2100)).toBe(2500);
    expect(niceCeiling(100)).toBe(100);
    expect(niceCeiling(0.013)).toBe(0.02);
  });

  it('lays bars side by side and keeps a tiny value visible', () => {
    const bars = barsOf([0, 50, 0.001], 100);
    expect(bars.map((b) => b.height)).toEqual([0, 50, 0.75]);
    expect(bars[1]!.x).toBeCloseTo(100 / 3 + (100 / 3) * 0.1);
    expect(barsOf([5], 10)).toEqual([{ x: 0, width: 100, height: 50 }]);
    expect(shareOf(1, 4)).toBe(25);
    expect(shareOf(1, 0)).toBe(0);
  });
});

describe('usage log filters', () => {
  it('turns inclusive local dates into instants and passes the rest', () => {
    expect(
      logQuery(
        {
          from: '2026-11-01',
          to: '2026-11-23',
          departmentId: '',
          userId: 'u1',
          keyId: '',
          model: 'gpt',
          status: 'error',
        },
        BERLIN,
      ),
    ).toEqual({
      ok: true,
      query: {
        from: '2026-10-31T23:00:00.000Z',
        to: '2026-11-23T23:00:00.000Z',
        userId: 'u1',
        model: 'gpt',
        status: 'error',
      },
    });
  });

  it('names the date field that is wrong', () => {
    const empty = { departmentId: '', userId: '', keyId: '', model: '', status: '' };
    expect(logQuery({ ...empty, from: 'soon', to: '' }, BERLIN)).toEqual({ ok: false, field: 'from' });
    expect(logQuery({ ...empty, from: '2026-11-02', to: '2026-11-01' }, BERLIN)).toEqual({ ok: false, field: 'to' });
  });
});

describe('dashboard requests', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const ctx = { now, today: '2026-11-23', timeZone: BERLIN, canReadCredits: true };
  const resolved = (preset: '7d' | '30d' | '90d') => {
    const r = resolveRange(preset, { from: '', to: '' }, now, BERLIN);
    if (!r.ok) throw new Error('range');
    return r.range;
  };

  it('asks for the series, three top-5 lists and the credits, reusing a 30-day day series for the burn rate', () => {
    const r = dashboardRequests(resolved('30d'), 'day', ctx);
    expect(r.series).toEqual({
      path: '/usage/summary',
      query: { from: '2026-10-24T22:00:00.000Z', to: now.toISOString(), groupBy: 'day' },
    });
    expect(r.top.map((q) => [q.query.groupBy, q.query.limit])).toEqual([
      ['department', 5],
      ['user', 5],
      ['model', 5],
    ]);
    expect(r.credits).toEqual({ path: '/credits', query: {} });
    expect(r.burn).toBeNull();
    expect(allRequests(r)).toHaveLength(5);
    expect(dashboardRequests(resolved('90d'), 'day', ctx).burn).toBeNull();
  });

  it('asks for the last 30 days separately when the series does not hold them, and skips credits it may not read', () => {
    expect(dashboardRequests(resolved('7d'), 'day', ctx).burn?.query).toEqual({
      from: '2026-10-24T22:00:00.000Z',
      to: now.toISOString(),
      groupBy: 'day',
    });
    expect(dashboardRequests(resolved('90d'), 'week', ctx).burn).not.toBeNull();
    const manager = dashboardRequests(resolved('30d'), 'week', { ...ctx, canReadCredits: false });
    expect([manager.credits, manager.burn]).toEqual([null, null]);
    expect(allRequests(manager)).toHaveLength(4);
  });
});
