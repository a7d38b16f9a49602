import type { SummaryGroupBy } from '../../../api/insights-types.ts';
import type { Granularity, ResolvedRange } from './ranges.ts';
import { addDays, startOfLocalDay, type IsoDate } from '../../../lib/zoned-time.ts';

/** How many departments, people and models the dashboard's top lists show. */
export const TOP_N = 5;

/** One API call: a path under /api and its query. */
export interface ApiRequest {
  path: string;
  query: Record<string, string | number>;
}

/** The calls the dashboard makes for a range: written once, so the benchmark times exactly these. */
export interface DashboardRequests {
  /** The time series and the range's totals. */
  series: ApiRequest;
  /** The top departments, people and models by spend. */
  top: [ApiRequest, ApiRequest, ApiRequest];
  /** The credit balance; null when the reader may not see it. */
  credits: ApiRequest | null;
  /** The last 30 days per day for the burn rate; null when the series already holds them (or no credits). */
  burn: ApiRequest | null;
}

const summary = (range: { from: string; to: string }, groupBy: SummaryGroupBy, limit?: number): ApiRequest => ({
  path: '/usage/summary',
  query: { from: range.from, to: range.to, groupBy, ...(limit ? { limit } : {}) },
});

/**
 * Every call of the dashboard for `range` shown per `granularity`: one summary per time series,
 * three top-N summaries, and, for readers of the org's credits, the balance plus a 30-day day
 * summary for the burn rate unless the series is that already (last 30 or 90 days per day).
 */
export function dashboardRequests(
  range: ResolvedRange,
  granularity: Granularity,
  ctx: { now: Date; today: IsoDate; timeZone: string; canReadCredits: boolean },
): DashboardRequests {
  const seriesHasBurn =
    granularity === 'day' && range.lastDate === ctx.today && range.firstDate <= addDays(ctx.today, -29);
  return {
    series: summary(range, granularity),
    top: [summary(range, 'department', TOP_N), summary(range, 'user', TOP_N), summary(range, 'model', TOP_N)],
    credits: ctx.canReadCredits ? { path: '/credits', query: {} } : null,
    burn:
      ctx.canReadCredits && !seriesHasBurn
        ? summary(
            { from: startOfLocalDay(addDays(ctx.today, -29), ctx.timeZone).toISOString(), to: ctx.now.toISOString() },
            'day',
          )
        : null,
  };
}

/** The requests as a flat list (the order the page starts them in). */
export function allRequests(r: DashboardRequests): ApiRequest[] {
  return [r.series, ...r.top, ...(r.credits ? [r.credits] : []), ...(r.burn ? [r.burn] : [])];
}
