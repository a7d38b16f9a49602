import { useEffect, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/api-client.ts';
import type { Department, Page, Person, Role } from '../api/types.ts';
import { useLoad } from '../app/loader.tsx';
import { usePreferences } from '../app/preferences.tsx';
import { useSignedIn } from '../app/session.tsx';
import { formatCount, formatDateTime } from '../lib/format.ts';
import { DownloadButton } from '../ui/download-button.tsx';
import { FilterSelect } from '../ui/filter-select.tsx';
import { Pager, useKeysetPages } from '../ui/keyset-pager.tsx';
import { LoadError } from '../ui/load-error.tsx';
import { usePageTitle } from '../ui/page-title.ts';
import { BulkBar } from './admin/org/bulk-bar.tsx';
import { departmentTree, flattenTree } from './admin/org/department-tree.ts';
import { InvitationsList } from './admin/org/invitations-list.tsx';
import { InviteDialog } from './admin/org/invite-dialog.tsx';
import { PersonDialog } from './admin/org/person-dialog.tsx';
import './admin/org/org.css';

const PAGE_SIZE = 25;

/** A department of GET /api/departments as the tree helpers read it (member counts are not needed here). */
const asRow = (d: Department) => ({ members: 0, createdAt: '', ...d });
const ROLES: Role[] = ['owner', 'admin', 'manager', 'member', 'viewer'];
const STATUSES = ['active', 'invited', 'disabled'] as const;

/**
 * People of the org (or, for a manager, of their department subtree): search, filters and keyset
 * pagination, all on the server. Filters live in the URL, so a filtered view can be shared. With
 * member.manage also: invite, pending invitations, per-person actions and bulk changes of the
 * selected rows; everyone who sees the list can export it (with its filters) as CSV.
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
  const canManage = Boolean(me.abilities['member.manage']);
  const departmentOptions = useMemo(
    () => (departments.state.status === 'ok' ? flattenTree(departmentTree(departments.state.data.map(asRow))) : []),
    [departments.state],
  );
  const departmentName = (id: string | null) => (id && departmentOptions.find((d) => d.id === id)?.name) || '—';
  // Selection is per page of results: a new page or new filters start with nothing selected.
  const selectionKey = `${filterKey}|${cursor ?? ''}`;
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({
    key: selectionKey,
    ids: new Set(),
  });
  const selected = selection.key === selectionKey ? selection.ids : new Set<string>();
  const setSelected = (ids: ReadonlySet<string>) => setSelection({ key: selectionKey, ids });
  const [inviting, setInviting] = useState(false);
  const [invitationRound, setInvitationRound] = useState(0);
  const [managing, setManaging] = useState<Person | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = state.status === 'ok' ? state.data.items : [];
  const allSelected = rows.length > 0 && rows.every((p) => selected.has(p.userId));
  const toggleRow = (userId: string) => {
    const next = new Set(selected);
    if (next.has(userId)) next.delete(userId);
    else next.add(userId);
    setSelected(next);
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('people.title')}</h1>
        <div className="actions">
          {canManage && (
            <button type="button" className="primary" onClick={() => setInviting(true)}>
              {t('people.invite')}
            </button>
          )}
          <DownloadButton
            path="/people/export.csv"
            query={filters}
            filename={`people-${new Date().toISOString().slice(0, 10)}.csv`}
            label={t('people.exportCsv')}
            accept="text/csv"
          />
        </div>
      </div>
      {notice && (
        <p className="org-notice" role="status">
          {notice}
        </p>
      )}
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
          {canManage && selected.size > 0 && (
            <BulkBar
              userIds={[...selected]}
              departments={departmentOptions}
              onClear={() => setSelected(new Set())}
              onDone={(message) => {
                setNotice(message);
                setSelected(new Set());
                reload();
              }}
            />
          )}
          {state.data.items.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('people.title')}>
              <table className="list">
                <thead>
                  <tr>
                    {canManage && (
                      <th scope="col">
                        <input
                          type="checkbox"
                          className="row-check"
                          checked={allSelected}
                          onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((p) => p.userId)))}
                          aria-label={t('people.selectAll')}
                        />
                      </th>
                    )}
                    <th scope="col">{t('people.name')}</th>
                    <th scope="col">{t('people.email')}</th>
                    <th scope="col">{t('people.role')}</th>
                    <th scope="col">{t('people.department')}</th>
                    <th scope="col">{t('people.status')}</th>
                    <th scope="col">{t('people.mfa')}</th>
                    <th scope="col">{t('people.lastLogin')}</th>
                    {canManage && (
                      <th scope="col" className="org-th-hidden-label">
                        <span className="visually-hidden">{t('people.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {state.data.items.map((p) => (
                    <tr key={p.userId} data-testid="person-row" data-email={p.email}>
                      {canManage && (
                        <td>
                          <input
                            type="checkbox"
                            className="row-check"
                            checked={selected.has(p.userId)}
                            onChange={() => toggleRow(p.userId)}
                            aria-label={t('people.selectPerson', { name: p.name || p.email })}
                          />
                        </td>
                      )}
                      <td>{p.name || '—'}</td>
                      <td>{p.email}</td>
                      <td>{t(`role.${p.role}`)}</td>
                      <td>{p.departmentName ?? '—'}</td>
                      <td>
                        <span className={`badge status-${p.status}`}>{t(`status.${p.status}`)}</span>
                      </td>
                      <td>{p.mfaEnabled ? t('people.yes') : t('people.no')}</td>
                      <td>{p.lastLoginAt ? formatDateTime(p.lastLoginAt, tz, lang) : t('people.never')}</td>
                      {canManage && (
                        <td>
                          <button
                            type="button"
                            className="secondary org-compact"
                            aria-label={t('people.manageOf', { name: p.name || p.email })}
                            onClick={() => setManaging(p)}
                          >
                            {t('people.manage')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager label={t('people.title')} pages={pages} nextCursor={state.data.nextCursor} />
        </>
      )}
      <InvitationsList canManage={canManage} round={invitationRound} departmentName={departmentName} timeZone={tz} />
      {inviting && (
        <InviteDialog
          departments={departmentOptions}
          onClose={() => setInviting(false)}
          onInvited={(invitation) => {
            setInviting(false);
            setNotice(t('people.invited', { email: invitation.email }));
            setInvitationRound((r) => r + 1);
          }}
        />
      )}
      {managing && (
        <PersonDialog
          person={managing}
          departments={departmentOptions}
          canResetMfa={me.actor.kind === 'user' && (me.actor.role === 'owner' || me.actor.role === 'admin')}
          onClose={() => setManaging(null)}
          onChanged={(closed, message) => {
            if (closed) {
              setManaging(null);
              setNotice(message);
            }
            reload();
          }}
        />
      )}
    </>
  );
}
