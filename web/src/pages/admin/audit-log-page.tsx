import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { AuditEvent, AuditPage, ChainStatus } from '../../api/money-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { useDebouncedFilter } from '../../ui/debounced-filter.ts';
import { DownloadButton } from '../../ui/download-button.tsx';
import { errorText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { FilterSelect } from '../../ui/filter-select.tsx';
import { useKeysetPages } from '../../ui/keyset-pager.tsx';
import { PagedList } from '../../ui/paged-list.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import { auditDiff } from './money/audit-diff.ts';
import { AuditEventDialog, useActorText } from './money/audit-event-dialog.tsx';
import { ScopePicker } from './money/scope-picker.tsx';
import { nextDay, zonedToIso } from '../../lib/zoned-time.ts';
import './money/money.css';

const PAGE_SIZE = 50;
const FILTERS = ['from', 'to', 'actorId', 'actorName', 'action', 'targetType'] as const;
type FilterName = (typeof FILTERS)[number];
const TARGET_TYPES = [
  'budget',
  'rate_limit',
  'credits',
  'org',
  'department',
  'member',
  'invitation',
  'key',
  'provider',
  'model',
  'user',
] as const;
/** Suggestions for the action filter; any other action (or prefix) can be typed. */
const ACTIONS = [
  'budget.',
  'budget.create',
  'budget.update',
  'budget.delete',
  'rate_limit.set',
  'rate_limit.delete',
  'credits.',
  'org.',
  'org.update',
  'department.',
  'member.',
  'invitation.',
  'key.',
  'provider.',
  'model.',
  'privacy.update',
];

/** The hash chain's state, shown first: intact, or broken at which event; checked again on demand. */
function ChainBanner({ timeZone }: { timeZone: string }) {
  const { t, lang } = usePreferences();
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const { state, reload } = useLoad(
    (signal) =>
      api.call<ChainStatus>('/audit/verify', { signal }).then((s) => {
        setCheckedAt(new Date().toISOString());
        return s;
      }),
    [],
  );
  const kind = state.status === 'ok' ? (state.data.intact ? 'intact' : 'broken') : 'unknown';
  return (
    <section className={`money-chain money-chain-${kind}`} aria-label={t('audit.chain.verify')}>
      <div role="status" data-testid="chain-status">
        {state.status === 'loading' && <p>{t('audit.chain.checking')}</p>}
        {state.status === 'error' && <p className="field-error">{errorText(state.error, t)}</p>}
        {state.status === 'ok' && (
          <p>
            <strong>
              {state.data.intact
                ? t('audit.chain.intact', { n: formatCount(state.data.events, lang) })
                : t('audit.chain.broken', { seq: state.data.brokenAtSeq ?? '?', reason: state.data.reason ?? '' })}
            </strong>
          </p>
        )}
        {checkedAt && state.status !== 'loading' && (
          <p className="hint">{t('audit.chain.checked', { when: formatDateTime(checkedAt, timeZone, lang) })}</p>
        )}
      </div>
      <button type="button" className="secondary" onClick={reload} disabled={state.status === 'loading'}>
        {t('audit.chain.verify')}
      </button>
    </section>
  );
}

/**
 * The org's audit log: filters in the URL (time range as dates in the org's zone, person, action
 * or action prefix, target type), keyset pages, an event's before/after as a readable diff,
 * export of the filtered log, and the hash chain's state.
 */
export default function AuditLogPage() {
  const { t, lang } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('audit.title'), org?.name ?? t('app.name'));
  const timeZone = org?.settings.timezone ?? 'UTC';
  const actorText = useActorText();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((n) => [n, params.get(n) ?? ''])) as Record<FilterName, string>;
  const setFilters = (changes: Partial<Record<FilterName, string>>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next, { replace: true });
  };
  const [action, setAction] = useDebouncedFilter(filters.action, (a) => setFilters({ action: a }), 400);
  const query = {
    from: filters.from ? (zonedToIso(filters.from, timeZone) ?? undefined) : undefined,
    to: filters.to ? (zonedToIso(nextDay(filters.to), timeZone) ?? undefined) : undefined,
    actorId: filters.actorId || undefined,
    action: filters.action || undefined,
    targetType: filters.targetType || undefined,
  };
  const filterKey = JSON.stringify(query);
  const pages = useKeysetPages(filterKey, PAGE_SIZE);
  const list = useLoad(
    (signal) => api.call<AuditPage>('/audit', { signal, query: { ...query, before: pages.cursor, limit: PAGE_SIZE } }),
    [filterKey, pages.cursor],
  );
  const [open, setOpen] = useState<AuditEvent | null>(null);
  // Clearing the filters starts the person picker afresh (it keeps what is typed otherwise).
  const [pickerRound, setPickerRound] = useState(0);
  const ids = { action: useId(), actions: useId() };
  const stamp = new Date().toISOString().slice(0, 10);
  const any = FILTERS.some((n) => filters[n]);

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro', { tz: timeZone })}</p>
      <ChainBanner timeZone={timeZone} />
      <form className="filters" role="search" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field
          label={t('audit.from')}
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => setFilters({ from: e.target.value })}
        />
        <Field
          label={t('audit.to')}
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => setFilters({ to: e.target.value })}
        />
        <ScopePicker
          key={pickerRound}
          kind="user"
          label={t('audit.actor')}
          value={filters.actorId ? { id: filters.actorId, name: filters.actorName } : null}
          onChange={(v) => setFilters({ actorId: v?.id ?? '', actorName: v?.name ?? '' })}
        />
        <div className="field">
          <label htmlFor={ids.action}>{t('audit.action')}</label>
          <input
            id={ids.action}
            list={ids.actions}
            value={action}
            aria-describedby={`${ids.action}-hint`}
            onChange={(e) => setAction(e.target.value)}
          />
          <datalist id={ids.actions}>
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
          <p id={`${ids.action}-hint`} className="hint">
            {t('audit.actionHint')}
          </p>
        </div>
        <FilterSelect
          label={t('audit.targetType')}
          value={filters.targetType}
          onChange={(v) => setFilters({ targetType: v })}
          options={TARGET_TYPES.map((v) => ({ value: v, label: t(`audit.target.${v}`) }))}
        />
        {any && (
          <div className="field">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setAction('');
                setPickerRound((r) => r + 1);
                setFilters(Object.fromEntries(FILTERS.map((n) => [n, ''])));
              }}
            >
              {t('audit.clear')}
            </button>
          </div>
        )}
      </form>
      <div className="actions">
        <DownloadButton
          path="/audit/export"
          query={{ ...query, format: 'csv' }}
          filename={`audit-${stamp}.csv`}
          label={t('audit.export')}
          accept="text/csv"
        />
        <DownloadButton
          path="/audit/export"
          query={{ ...query, format: 'jsonl' }}
          filename={`audit-${stamp}.jsonl`}
          label={t('audit.exportJson')}
          accept="application/x-ndjson"
        />
      </div>
      <section className="money-section" aria-label={t('audit.title')}>
        <PagedList
          load={list}
          pages={pages}
          label={t('audit.title')}
          pagerLabel={t('audit.pages')}
          empty={t('audit.none')}
          emptyTestId="audit-empty"
          emptyPages="first"
          nextCursor={(data) => (data.nextBefore === null ? null : String(data.nextBefore))}
        >
          {(data) => (
            <table className="list money-table" data-testid="audit-events">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('audit.col.seq')}
                  </th>
                  <th scope="col">{t('audit.col.time')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.target')}</th>
                  <th scope="col">{t('audit.col.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((e) => {
                  const changed = auditDiff(e.before, e.after).filter((c) => c.kind !== 'same').length;
                  return (
                    <tr key={e.seq} data-testid="audit-row">
                      <td className="num">{e.seq}</td>
                      <td>{formatDateTime(e.createdAt, timeZone, lang)}</td>
                      <td>{actorText(e)}</td>
                      <td>
                        <code>{e.action}</code>
                      </td>
                      <td>
                        {e.targetType
                          ? (TARGET_TYPES as readonly string[]).includes(e.targetType)
                            ? t(`audit.target.${e.targetType as (typeof TARGET_TYPES)[number]}`)
                            : e.targetType
                          : t('money.none')}
                      </td>
                      <td>
                        <RowActions
                          className="money-row-actions"
                          actions={[
                            {
                              text: t('audit.details'),
                              label: t('audit.detailsOf', { seq: e.seq }),
                              onClick: () => setOpen(e),
                            },
                          ]}
                        >
                          {changed > 0 && <span className="badge">{t('audit.changes', { n: changed })}</span>}
                        </RowActions>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </PagedList>
      </section>
      {open && <AuditEventDialog event={open} timeZone={timeZone} onClose={() => setOpen(null)} />}
    </>
  );
}
