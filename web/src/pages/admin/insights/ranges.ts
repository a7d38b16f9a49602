import type { SummaryRow, UsageCounters } from '../../../api/insights-types.ts';
import {
  addDays,
  daysBetween,
  isIsoDate,
  localDate,
  mondayOf,
  monthOf,
  startOfLocalDay,
  type IsoDate,
} from '../../../lib/zoned-time.ts';

/** The dashboard's range presets; `custom` reads its own from/to dates. */
export const RANGE_PRESETS = ['7d', '30d', '90d', 'month', 'custom'] as const;
/** One range preset. */
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Bucket sizes of the dashboard's time series. */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
/** One bucket size. */
export type Granularity = (typeof GRANULARITIES)[number];

/** The longest custom range: the day rollups answer it quickly, and a chart of more is unreadable. */
export const MAX_RANGE_DAYS = 731;

/** A resolved range: the instants sent to the API and the local dates it covers (both inclusive). */
export interface ResolvedRange {
  from: string;
  to: string;
  firstDate: IsoDate;
  lastDate: IsoDate;
}

/** Why a custom range cannot be used; the page shows it next to the date fields. */
export type RangeProblem = 'missing' | 'invalid' | 'backwards' | 'tooLong';

/** `value` if it names a preset, else the default (the last 30 days). */
export function asPreset(value: string): RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value) ? (value as RangePreset) : '30d';
}

/** `value` if it names a granularity, else day. */
export function asGranularity(value: string): Granularity {
  return (GRANULARITIES as readonly string[]).includes(value) ? (value as Granularity) : 'day';
}

/**
 * The instants and local dates of a range in the org's time zone. "Last N days" are N local days
 * ending today, "this month" starts on the 1st; both end now (the day so far). A custom range runs
 * from local midnight of `from` to local midnight after `to`.
 */
export function resolveRange(
  preset: RangePreset,
  custom: { from: string; to: string },
  now: Date,
  timeZone: string,
): { ok: true; range: ResolvedRange } | { ok: false; problem: RangeProblem } {
  const today = localDate(now, timeZone);
  if (preset !== 'custom') {
    const days = { '7d': 7, '30d': 30, '90d': 90 } as const;
    const firstDate = preset === 'month' ? monthOf(today) : addDays(today, -(days[preset] - 1));
    return {
      ok: true,
      range: {
        from: startOfLocalDay(firstDate, timeZone).toISOString(),
        to: now.toISOString(),
        firstDate,
        lastDate: today,
      },
    };
  }
  if (!custom.from || !custom.to) return { ok: false, problem: 'missing' };
  if (!isIsoDate(custom.from) || !isIsoDate(custom.to)) return { ok: false, problem: 'invalid' };
  if (custom.from > custom.to) return { ok: false, problem: 'backwards' };
  if (daysBetween(custom.from, custom.to) >= MAX_RANGE_DAYS) return { ok: false, problem: 'tooLong' };
  return {
    ok: true,
    range: {
      from: startOfLocalDay(custom.from, timeZone).toISOString(),
      to: startOfLocalDay(addDays(custom.to, 1), timeZone).toISOString(),
      firstDate: custom.from,
      lastDate: custom.to,
    },
  };
}

/** The bucket (day, Monday or first of the month) a local date belongs to. */
export function bucketOf(date: IsoDate, granularity: Granularity): IsoDate {
  return granularity === 'day' ? date : granularity === 'week' ? mondayOf(date) : monthOf(date);
}

/** Every bucket from the one holding `firstDate` to the one holding `lastDate`, oldest first. */
export function bucketsOf(firstDate: IsoDate, lastDate: IsoDate, granularity: Granularity): IsoDate[] {
  const out: IsoDate[] = [];
  const last = bucketOf(lastDate, granularity);
  for (let b = bucketOf(firstDate, granularity); b <= last;) {
    out.push(b);
    if (granularity === 'day') b = addDays(b, 1);
    else if (granularity === 'week') b = addDays(b, 7);
    else b = monthOf(addDays(b, 32));
  }
  return out;
}

/** Counters that are all zero. */
export const ZERO: UsageCounters = {
  requests: 0,
  errors: 0,
  tokensIn: 0,
  tokensOut: 0,
  tokensCached: 0,
  costMicros: 0,
  unpricedRequests: 0,
};

/** A point of the time series: a bucket and its counters. */
export type SeriesPoint = UsageCounters & { bucket: IsoDate };

/**
 * The summary's time rows laid over every bucket of the range: the API answers only buckets with
 * usage, a chart needs the quiet ones as zeros too.
 */
export function fillSeries(rows: readonly SummaryRow[], buckets: readonly IsoDate[]): SeriesPoint[] {
  const byBucket = new Map(rows.filter((r) => r.bucket).map((r) => [r.bucket!, r]));
  return buckets.map((bucket) => {
    const row = byBucket.get(bucket);
    return row
      ? {
          bucket,
          requests: row.requests,
          errors: row.errors,
          tokensIn: row.tokensIn,
          tokensOut: row.tokensOut,
          tokensCached: row.tokensCached,
          costMicros: row.costMicros,
          unpricedRequests: row.unpricedRequests,
        }
      : { ...ZERO, bucket };
  });
}
