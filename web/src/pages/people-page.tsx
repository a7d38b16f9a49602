import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/api-client.ts';
import type { Department, Page, Person, Role } from '../api/types.ts';
import { useLoad } from '../app/loader.tsx';
import { usePreferences } from '../app/preferences.tsx';
import { useSignedIn } from '../app/session.tsx';
import { formatCount, formatDateTime } from '../lib/format.ts';
import { FilterSelect } from '../ui/filter-select.tsx';
import { Pager, useKeysetPages } from '../ui/keyset-pager.tsx';
import { LoadError } from '../ui/load-error.tsx';
import { usePageTitle } from '../ui/page-title.ts';

const PAGE_SIZE = 25;
const ROLES: Role[] = ['owner', 'admin', 'manager', 'member', 'viewer'];
const STATUSES = ['active', 'invited', 'disabled'] as const;

/**
 * People of the org (or, for a manager, of their department subtree): search, filters and keyset
 * pagination, all on the server. Filters live in the URL, so a filtered view can be shared.
 */
export default function PeoplePage() {
  const { t, lang } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('people.title'), org?.name ?? t('app.name'));
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    role: params.get('role') ?? '',
    status: params.get('status') ?? '',
    departmentId: params.get('departmentId') ?? '',
  };
  const filterKey = JSON.stringify(filters);
  const [search, setSearch] = useState(filters.q);
  // The search box follows the URL when it changes from outside (back button, a shared link).
  const [syncedQ, setSyncedQ] = useState(filters.q);
  if (filters.q !== syncedQ) {
    setSyncedQ(filters.q);
    if (search.trim() !== filters.q) setSearch(filters.q);
  }
  const pages = useKeysetPages(filterKey, PAGE_SIZE);
  const cursor = pages.cursor;
  const searchId = useId();

  const setFilter = (name: keyof typeof filters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  // Searching waits for a pause in typing, so each keystroke does not cost a query.
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => setFilter('q', search.trim()), 300);
    return () => clearTimeout(timer);
  });

  const { state, reload } = useLoad(
    (signal) =>
      api.call<Page<Person> & { total: number }>('/people', {
        signal,
        query: { ...filters, cursor, limit: PAGE_SIZE },
      }),
    [filters.q, filters.role, filters.status, filters.departmentId, cursor],
  );
  const departments = useLoad(
    (signal) =>
      me.abilities['department.read']
        ? api.call<{ items: Department[] }>('/departments', { signal }).then((r) => r.items)
        : Promise.resolve([]),
    [],
  );
  const tz = org?.settings.timezone ?? 'UTC';
  const first = pages.offset;

  return (
    <>
      <h1>{t('people.title')}</h1>
      <form className="filters" role="search" aria-label={t('people.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={searchId}>{t('people.search')}</label>
          <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <FilterSelect
          label={t('people.role')}
          value={filters.role}
          onChange={(v) => setFilter('role', v)}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <FilterSelect
          label={t('people.status')}
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        {departments.state.status === 'ok' && departments.state.data.length > 0 && (
          <FilterSelect
            label={t('people.department')}
            value={filters.departmentId}
            onChange={(v) => setFilter('departmentId', v)}
            options={departments.state.data.map((d) => ({ value: d.id, label: d.name }))}
          />
        )}
      </form>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && (
        <>
          <p role="status" data-testid="people-count">
            {state.data.total === 0
              ? t('people.none')
              : t('people.count', {
                  from: formatCount(first + 1, lang),
                  to: formatCount(first + state.data.items.length, lang),
                  total: formatCount(state.data.total, lang),
                })}
          </p>
          {state.data.items.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('people.title')}>
              <table className="list">
                <thead>
                  <tr>
                    <th scope="col">{t('people.name')}</th>
                    <th scope="col">{t('people.email')}</th>
                    <th scope="col">{t('people.role')}</th>
                    <th scope="col">{t('people.department')}</th>
                    <th scope="col">{t('people.status')}</th>
                    <th scope="col">{t('people.mfa')}</th>
                    <th scope="col">{t('people.lastLogin')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.items.map((p) => (
                    <tr key={p.userId}>
                      <td>{p.name || '—'}</td>
                      <td>{p.email}</td>
                      <td>{t(`role.${p.role}`)}</td>
                      <td>{p.departmentName ?? '—'}</td>
                      <td>
                        <span className={`badge status-${p.status}`}>{t(`status.${p.status}`)}</span>
                      </td>
                      <td>{p.mfaEnabled ? t('people.yes') : t('people.no')}</td>
                      <td>{p.lastLoginAt ? formatDateTime(p.lastLoginAt, tz, lang) : t('people.never')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager label={t('people.title')} pages={pages} nextCursor={state.data.nextCursor} />
        </>
      )}
    </>
  );
}
