import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { CreditBalance, UsageSummary } from '../../api/insights-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';
import { formatCount, formatMoney } from '../../lib/format.ts';
import { Field } from '../../ui/field.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { LoadStatus } from '../../ui/load-status.tsx';
import { PageHead } from '../../ui/page-head.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { SelectField } from '../../ui/select-field.tsx';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { BarChart, type ChartPoint } from './insights/bar-chart.tsx';
import { formatBucket, formatDate } from './insights/bucket-label.ts';
import { burnRate } from './insights/burn-rate.ts';
import { CreditsCard } from './insights/credits-card.tsx';
import { dashboardRequests, type ApiRequest } from './insights/dashboard-requests.ts';
import {
  asGranularity,
  asPreset,
  bucketsOf,
  fillSeries,
  GRANULARITIES,
  RANGE_PRESETS,
  resolveRange,
  type SeriesPoint,
} from './insights/ranges.ts';
import { TopList } from './insights/top-list.tsx';
import { localDate } from '../../lib/zoned-time.ts';
import './insights/insights.css';

const SCOPE: Record<string, MessageKey> = {
  org: 'insights.dashboard.scopeOrg',
  department: 'insights.dashboard.scopeDepartment',
  own: 'insights.dashboard.scopeOwn',
};

/** The three top lists, in the order of `dashboardRequests`' top calls. */
const TOP_LISTS = [
  {
    title: 'insights.top.departments',
    noneLabel: 'insights.top.noDepartment',
    logFilter: 'departmentId',
    testId: 'insights-top-departments',
  },
  {
    title: 'insights.top.people',
    noneLabel: 'insights.top.noPerson',
    logFilter: 'userId',
    testId: 'insights-top-people',
  },
  {
    title: 'insights.top.models',
    noneLabel: 'insights.top.noModel',
    logFilter: 'model',
    testId: 'insights-top-models',
  },
] as const;

/**
 * The usage dashboard: spend, requests and tokens over a range (presets or custom dates, in the
 * org's time zone) per day, week or month; the range's totals; the top departments, people and
 * models by spend; and the credit balance with its burn rate. Range and grouping live in the URL.
 * Every number comes from the usage rollups, so it answers as fast at a million requests as at ten.
 */
export default function DashboardPage() {
  const { t, lang } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('insights.dashboard.title'), org?.name ?? t('app.name'));
  const tz = org?.settings.timezone ?? 'UTC';
  const { filters, set } = useUrlFilters(['range', 'by', 'from', 'to'] as const);
  const preset = asPreset(filters.range);
  const granularity = asGranularity(filters.by);
  // "Now" is fixed while the page is shown, so the presets' query stays the same across renders.
  const [now, setNow] = useState(() => new Date());
  const resolved = resolveRange(preset, { from: filters.from, to: filters.to }, now, tz);
  const range = resolved.ok ? resolved.range : null;
  const today = localDate(now, tz);
  const reach = me.abilities['usage.read'] ?? 'own';
  const canReadCredits = Boolean(me.abilities['credits.manage']) || reach === 'org';
  const requests = range ? dashboardRequests(range, granularity, { now, today, timeZone: tz, canReadCredits }) : null;
  const call = <T,>(r: ApiRequest, signal: AbortSignal) => api.call<T>(r.path, { signal, query: r.query });

  // Three loads started together (the browser runs their calls in parallel); each depends only on
  // what changes it, so switching day → week refetches the series alone.
  const series = useLoad(
    (signal) => (requests ? call<UsageSummary>(requests.series, signal) : Promise.resolve(null)),
    [JSON.stringify(requests?.series)],
  );
  const top = useLoad(
    async (signal) =>
      requests
        ? Promise.all([
            call<UsageSummary>(requests.top[0], signal),
            call<UsageSummary>(requests.top[1], signal),
            call<UsageSummary>(requests.top[2], signal),
          ])
        : null,
    [JSON.stringify(requests?.top)],
  );
  const credits = useLoad(
    async (signal) => {
      if (!requests?.credits) return null;
      const [balance, last30] = await Promise.all([
        call<CreditBalance>(requests.credits, signal),
        requests.burn ? call<UsageSummary>(requests.burn, signal) : Promise.resolve(null),
      ]);
      return { balance, last30 };
    },
    [JSON.stringify([requests?.credits, requests?.burn])],
  );

  const refresh = () => setNow(new Date());
  const [, setParams] = useSearchParams();
  // Custom starts from the dates shown so far, so switching never lands on an empty, invalid range.
  const setPreset = (value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('range', value);
        if (value === 'custom' && range && !(prev.get('from') && prev.get('to'))) {
          next.set('from', range.firstDate);
          next.set('to', range.lastDate);
        }
        return next;
      },
      { replace: true },
    );

  const topSummaries = top.state.status === 'ok' ? top.state.data : null;
  const problem = resolved.ok ? null : t(`insights.range.${resolved.problem}`);
  const bucketLabel = (p: SeriesPoint) =>
    formatBucket(p.bucket, granularity, lang, (date) => t('insights.bucket.week', { date }));

  return (
    <>
      <PageHead title={t('insights.dashboard.title')}>
        <button type="button" className="secondary" onClick={refresh}>
          {t('insights.dashboard.refresh')}
        </button>
      </PageHead>
      <p>
        {t('insights.dashboard.intro', {
          scope: t(SCOPE[reach] ?? 'insights.dashboard.scopeOwn'),
          tz,
          // The server's default when the org has set none.
          currency: org?.settings.currency ?? 'USD',
        })}
      </p>
      <form
        className="filters insights-filters"
        aria-label={t('insights.dashboard.controls')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          label={t('insights.range.label')}
          value={preset}
          onChange={setPreset}
          options={RANGE_PRESETS.map((p) => ({ value: p, label: t(`insights.range.${p}`) }))}
        />
        {preset === 'custom' && (
          <>
            <Field
              label={t('insights.range.from')}
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => set('from', e.target.value)}
              error={problem && (resolved.ok || resolved.problem !== 'backwards') ? problem : null}
            />
            <Field
              label={t('insights.range.to')}
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => set('to', e.target.value)}
              error={!resolved.ok && resolved.problem === 'backwards' ? problem : null}
            />
          </>
        )}
        <SelectField
          label={t('insights.granularity.label')}
          value={granularity}
          onChange={(v) => set('by', v)}
          options={GRANULARITIES.map((g) => ({ value: g, label: t(`insights.granularity.${g}`) }))}
        />
      </form>
      {range && (
        <p className="hint" data-testid="insights-span">
          {t('insights.range.span', {
            first: formatDate(range.firstDate, lang),
            last: formatDate(range.lastDate, lang),
          })}
        </p>
      )}

      {range && <LoadStatus load={series} />}
      {range && series.state.status === 'ok' && series.state.data && (
        <SeriesSections
          data={series.state.data}
          points={fillSeries(series.state.data.rows, bucketsOf(range.firstDate, range.lastDate, granularity))}
          label={bucketLabel}
          unit={t(`insights.unit.${granularity}`)}
          span={{ first: formatDate(range.firstDate, lang), last: formatDate(range.lastDate, lang) }}
        />
      )}

      {range && (
        <section aria-labelledby="insights-top">
          <h2 id="insights-top">{t('insights.top.title')}</h2>
          <LoadStatus load={top} />
          {topSummaries && (
            <div className="insights-grid insights-wide">
              {topSummaries.map((summary, i) => {
                const list = TOP_LISTS[i];
                return (
                  list && (
                    <TopList
                      key={list.logFilter}
                      title={t(list.title)}
                      summary={summary}
                      noneLabel={t(list.noneLabel)}
                      logFilter={list.logFilter}
                      dates={{ from: range.firstDate, to: range.lastDate }}
                      testId={list.testId}
                    />
                  )
                );
              })}
            </div>
          )}
        </section>
      )}

      {credits.state.status === 'error' && <LoadError error={credits.state.error} retry={credits.reload} />}
      {credits.state.status === 'ok' &&
        credits.state.data &&
        (credits.state.data.balance.creditedMicros > 0 || credits.state.data.balance.enforced) &&
        (() => {
          const rows =
            credits.state.data.last30?.rows ?? (series.state.status === 'ok' ? series.state.data?.rows : null);
          return rows ? (
            <CreditsCard
              credits={credits.state.data.balance}
              burn={burnRate(rows, today, credits.state.data.balance.balanceMicros)}
            />
          ) : null;
        })()}
    </>
  );
}

/** The range's totals and its three charts. */
function SeriesSections(props: {
  data: UsageSummary;
  points: SeriesPoint[];
  label: (p: SeriesPoint) => string;
  unit: string;
  span: { first: string; last: string };
}) {
  const { t, lang } = usePreferences();
  const { totals, currency } = props.data;
  const money = (micros: number) => formatMoney(micros, currency, lang);
  const count = (n: number) => formatCount(n, lang);
  const chart = (metric: string, value: (p: SeriesPoint) => number, format: (n: number) => string) => {
    const points: ChartPoint[] = props.points.map((p) => ({ key: p.bucket, label: props.label(p), value: value(p) }));
    const peak = points.reduce<ChartPoint | null>(
      (best, p) => (best === null || p.value > best.value ? p : best),
      null,
    );
    const total = points.reduce((sum, p) => sum + p.value, 0);
    const summaryText =
      peak && peak.value > 0
        ? t('insights.charts.summary', {
            metric,
            unit: props.unit,
            ...props.span,
            total: format(total),
            max: format(peak.value),
            maxBucket: peak.label,
          })
        : t('insights.charts.summaryEmpty', { metric, unit: props.unit, ...props.span });
    return { points, summaryText };
  };
  const charts = (
    [
      ['spend', (p) => p.costMicros, money],
      ['requests', (p) => p.requests, count],
      ['tokens', (p) => p.tokensIn + p.tokensOut, count],
    ] as const satisfies ReadonlyArray<readonly [string, (p: SeriesPoint) => number, (n: number) => string]>
  ).map(([id, value, format]) => ({ id, format, ...chart(t(`insights.charts.${id}`), value, format) }));
  return (
    <>
      <section aria-labelledby="insights-totals">
        <h2 id="insights-totals">{t('insights.totals.title')}</h2>
        <dl className="figures card insights-totals" data-testid="insights-totals">
          {(
            [
              ['insights.totals.spend', money(totals.costMicros), 'spend'],
              ['insights.totals.requests', count(totals.requests), 'requests'],
              ['insights.totals.tokensIn', count(totals.tokensIn), 'tokens-in'],
              ['insights.totals.tokensOut', count(totals.tokensOut), 'tokens-out'],
              ['insights.totals.errors', count(totals.errors), 'errors'],
            ] as const
          ).map(([label, value, id]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd data-testid={`insights-total-${id}`}>{value}</dd>
            </div>
          ))}
        </dl>
        {totals.unpricedRequests > 0 && (
          <p className="hint">{t('insights.totals.unpricedHint', { n: count(totals.unpricedRequests) })}</p>
        )}
      </section>
      <section aria-labelledby="insights-charts">
        <h2 id="insights-charts">{t('insights.charts.title')}</h2>
        <div className="insights-grid">
          {charts.map((c) => (
            <BarChart
              key={c.id}
              title={t(`insights.charts.${c.id}`)}
              summary={c.summaryText}
              points={c.points}
              format={c.format}
              testId={`insights-chart-${c.id}`}
            />
          ))}
        </div>
      </section>
    </>
  );
}
