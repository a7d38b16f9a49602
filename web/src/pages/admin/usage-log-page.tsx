import { Link, useLocation } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { UsagePage, UsageSummary } from '../../api/insights-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatDateTime, formatMoney } from '../../lib/format.ts';
import { DownloadButton } from '../../ui/download-button.tsx';
import { Field } from '../../ui/field.tsx';
import { FilterSelect } from '../../ui/filter-select.tsx';
import { Pager, useKeysetPages } from '../../ui/keyset-pager.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { LoadStatus } from '../../ui/load-status.tsx';
import { PageHead } from '../../ui/page-head.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { TableRegion } from '../../ui/table-region.tsx';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { LOG_FILTERS, logQuery, STATUS_CHOICES } from './insights/log-filters.ts';
import { addDays, localDate, startOfLocalDay } from '../../lib/zoned-time.ts';
import './insights/insights.css';

const PAGE_SIZE = 50;
/** How many departments, people, keys and models each filter list offers (the top by spend). */
const OPTIONS = 200;

/** A select's choices, keeping a value that came with the URL even when the list lacks it. */
function choices(rows: UsageSummary['rows'] | undefined, selected: string, none: string) {
  const out = (rows ?? []).map((r) => ({ value: r.id ?? '', label: r.label || r.id || none })).filter((o) => o.value);
  if (selected && !out.some((o) => o.value === selected)) out.unshift({ value: selected, label: selected });
  return out;
}

/**
 * The usage log: every request the reader may see, newest first, with filters in the URL (dates
 * in the org's time zone, department, person, key, model, status), keyset pages and a CSV export
 * of exactly the filtered rows. Each row opens the request's details.
 */
export default function UsageLogPage() {
  const { t, lang } = usePreferences();
  const { org } = useSignedIn();
  const location = useLocation();
  usePageTitle(t('insights.log.title'), org?.name ?? t('app.name'));
  const tz = org?.settings.timezone ?? 'UTC';
  const { filters, set, key } = useUrlFilters(LOG_FILTERS);
  const pages = useKeysetPages(key, PAGE_SIZE);
  const parsed = logQuery(filters, tz);
  const query = parsed.ok ? parsed.query : null;

  const list = useLoad(
    (signal) =>
      query
        ? api.call<UsagePage>('/usage', { signal, query: { ...query, cursor: pages.cursor, limit: PAGE_SIZE } })
        : Promise.resolve(null),
    [key, pages.cursor],
  );

  // The filter lists name who and what had usage in the chosen dates (else the last 90 days),
  // from the rollups, top by spend: bounded however many people or keys the org has.
  const today = localDate(new Date(), tz);
  const optionFrom = query?.from ?? startOfLocalDay(addDays(today, -89), tz).toISOString();
  const optionTo = query?.to ?? startOfLocalDay(addDays(today, 1), tz).toISOString();
  const options = useLoad(
    (signal) =>
      Promise.all(
        (['department', 'user', 'key', 'model'] as const).map((groupBy) =>
          api.call<UsageSummary>('/usage/summary', {
            signal,
            query: { from: optionFrom, to: optionTo, groupBy, limit: OPTIONS },
          }),
        ),
      ),
    [optionFrom, optionTo],
  );
  const [departments, users, keys, models] = options.state.status === 'ok' ? options.state.data : [];
  const anyFilter = LOG_FILTERS.some((f) => filters[f]);

  return (
    <>
      <PageHead title={t('insights.log.title')}>
        {query && (
          <DownloadButton
            path="/usage/export.csv"
            query={query}
            filename={`usage-${today}.csv`}
            label={t('insights.log.export')}
            accept="text/csv"
          />
        )}
      </PageHead>
      <p>{t('insights.log.intro', { tz })}</p>
      <form
        className="filters insights-filters"
        role="search"
        aria-label={t('insights.log.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field
          label={t('insights.log.from')}
          type="date"
          value={filters.from}
          onChange={(e) => set('from', e.target.value)}
          error={!parsed.ok && parsed.field === 'from' ? t('insights.log.badFrom') : null}
        />
        <Field
          label={t('insights.log.to')}
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => set('to', e.target.value)}
          error={!parsed.ok && parsed.field === 'to' ? t('insights.log.badTo') : null}
        />
        <FilterSelect
          label={t('insights.log.department')}
          value={filters.departmentId}
          onChange={(v) => set('departmentId', v)}
          options={choices(departments?.rows, filters.departmentId, t('insights.top.noDepartment'))}
        />
        <FilterSelect
          label={t('insights.log.person')}
          value={filters.userId}
          onChange={(v) => set('userId', v)}
          options={choices(users?.rows, filters.userId, t('insights.top.noPerson'))}
        />
        <FilterSelect
          label={t('insights.log.key')}
          value={filters.keyId}
          onChange={(v) => set('keyId', v)}
          options={choices(keys?.rows, filters.keyId, t('insights.log.noKey'))}
        />
        <FilterSelect
          label={t('insights.log.model')}
          value={filters.model}
          onChange={(v) => set('model', v)}
          options={choices(models?.rows, filters.model, t('insights.top.noModel'))}
        />
        <FilterSelect
          label={t('insights.log.status')}
          value={filters.status}
          onChange={(v) => set('status', v)}
          options={STATUS_CHOICES.map((s) => ({
            value: s,
            label: s === 'ok' ? t('insights.log.statusOk') : s === 'error' ? t('insights.log.statusError') : s,
          }))}
        />
        {anyFilter && (
          <div className="field">
            <Link className="button secondary" to="/admin/usage" replace>
              {t('insights.log.clear')}
            </Link>
          </div>
        )}
      </form>
      {options.state.status === 'error' && <LoadError error={options.state.error} retry={options.reload} />}
      <p className="hint">{t('insights.log.optionsHint')}</p>

      <LoadStatus load={list} />
      {list.state.status === 'ok' && list.state.data && (
        <>
          <p role="status" data-testid="usage-count">
            {list.state.data.data.length === 0
              ? t('insights.log.none')
              : t('insights.log.count', {
                  from: formatCount(pages.offset + 1, lang),
                  to: formatCount(pages.offset + list.state.data.data.length, lang),
                })}
          </p>
          {list.state.data.data.length > 0 && (
            <TableRegion label={t('insights.log.title')}>
              <table className="list" data-testid="usage-table">
                <thead>
                  <tr>
                    <th scope="col">{t('insights.log.time')}</th>
                    <th scope="col">{t('insights.log.person')}</th>
                    <th scope="col">{t('insights.log.department')}</th>
                    <th scope="col">{t('insights.log.key')}</th>
                    <th scope="col">{t('insights.log.model')}</th>
                    <th scope="col">{t('insights.log.status')}</th>
                    <th scope="col" className="insights-num">
                      {t('insights.log.tokens')}
                    </th>
                    <th scope="col" className="insights-num">
                      {t('insights.log.cost')}
                    </th>
                    <th scope="col" className="insights-num">
                      {t('insights.log.latency')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.state.data.data.map((e) => (
                    <tr key={`${e.requestId}-${e.createdAt}`}>
                      <td>
                        <Link
                          to={`/admin/usage/${encodeURIComponent(e.requestId)}`}
                          state={{ back: location.search }}
                          data-testid="usage-row-link"
                        >
                          {formatDateTime(e.createdAt, tz, lang)}
                        </Link>
                      </td>
                      <td>{e.userEmail ?? t('insights.none')}</td>
                      <td>{e.departmentName ?? t('insights.none')}</td>
                      <td>{e.keyName ?? t('insights.log.noKey')}</td>
                      <td>{e.model ?? t('insights.none')}</td>
                      <td>
                        <span className={e.status >= 400 ? 'insights-status-error' : undefined}>{e.status}</span>
                        {e.errorCode && <span className="hint"> {e.errorCode}</span>}
                      </td>
                      <td className="insights-num">
                        {formatCount(e.tokensIn, lang)} / {formatCount(e.tokensOut, lang)}
                      </td>
                      <td className="insights-num">
                        {e.costMicros === null
                          ? t('insights.log.unpriced')
                          : formatMoney(e.costMicros, org?.settings.currency ?? 'USD', lang)}
                      </td>
                      <td className="insights-num">{t('insights.ms', { n: formatCount(e.latencyMs, lang) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pager label={t('insights.log.title')} pages={pages} nextCursor={list.state.data.nextCursor} />
        </>
      )}
    </>
  );
}
