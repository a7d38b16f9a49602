import { useEffect, useId, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { CursorPage, Tenant } from '../../api/money-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatMoney } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { FilterSelect } from '../../ui/filter-select.tsx';
import { Pager, useKeysetPages } from '../../ui/keyset-pager.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { CreateTenantDialog, CreditSettingsDialog, GrantDialog, TenantLedgerDialog } from './money/tenant-dialogs.tsx';
import './money/money.css';

const PAGE_SIZE = 25;

/** What the operator is doing to which tenant (one dialog at a time). */
type Open =
  { kind: 'create' } | { kind: 'grant' | 'settings' | 'ledger' | 'suspend' | 'reactivate'; tenant: Tenant } | null;

/**
 * The platform operator's tenants: search and status filter (in the URL), members, this month's
 * spend and requests, credit balance and status; create, suspend and reactivate, add credits,
 * change credit settings and read a tenant's ledger.
 */
export default function TenantsPage() {
  const { t, lang } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('tenants.title'), org?.name ?? t('app.name'));
  const timeZone = org?.settings.timezone ?? 'UTC';
  const { filters, set, key } = useUrlFilters(['q', 'status'] as const);
  const [search, setSearch] = useState(filters.q);
  const [syncedQ, setSyncedQ] = useState(filters.q);
  if (filters.q !== syncedQ) {
    setSyncedQ(filters.q);
    if (search.trim() !== filters.q) setSearch(filters.q);
  }
  // Searching waits for a pause in typing, so each keystroke does not cost a query.
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => set('q', search.trim()), 300);
    return () => clearTimeout(timer);
  });
  const pages = useKeysetPages(key, PAGE_SIZE);
  const { state, reload } = useLoad(
    (signal) =>
      api.call<CursorPage<Tenant>>('/orgs', {
        signal,
        query: { q: filters.q, status: filters.status, cursor: pages.cursor, limit: PAGE_SIZE },
      }),
    [filters.q, filters.status, pages.cursor],
  );
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const searchId = useId();
  const close = () => setOpen(null);
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    reload();
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('tenants.title')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
          {t('tenants.new')}
        </button>
      </div>
      <p>{t('tenants.intro')}</p>
      <form className="filters" role="search" aria-label={t('tenants.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={searchId}>{t('tenants.search')}</label>
          <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <FilterSelect
          label={t('tenants.status')}
          value={filters.status}
          onChange={(v) => set('status', v)}
          options={(['active', 'suspended'] as const).map((s) => ({ value: s, label: t(`tenants.status.${s}`) }))}
        />
      </form>
      {notice && <Alert kind="success">{notice}</Alert>}
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' &&
        (state.data.items.length === 0 && !pages.hasPrevious ? (
          <p className="empty">{t('tenants.none')}</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('tenants.title')}>
              <table className="list money-table" data-testid="tenants">
                <thead>
                  <tr>
                    <th scope="col">{t('tenants.col.name')}</th>
                    <th scope="col" className="num">
                      {t('tenants.col.members')}
                    </th>
                    <th scope="col" className="num">
                      {t('tenants.col.spend')}
                    </th>
                    <th scope="col" className="num">
                      {t('tenants.col.requests')}
                    </th>
                    <th scope="col" className="num">
                      {t('tenants.col.credits')}
                    </th>
                    <th scope="col">{t('tenants.col.status')}</th>
                    <th scope="col">{t('tenants.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.items.map((o) => {
                    const currency = o.credits.currency;
                    return (
                      <tr key={o.id} data-testid="tenant-row">
                        <th scope="row">
                          {o.name} <span className="hint">{o.slug}</span>
                        </th>
                        <td className="num">{formatCount(o.members, lang)}</td>
                        <td className="num">{formatMoney(o.usageThisMonth.costMicros, currency, lang)}</td>
                        <td className="num">{formatCount(o.usageThisMonth.requests, lang)}</td>
                        <td className="num" data-testid="tenant-balance">
                          {formatMoney(o.credits.balanceMicros, currency, lang)}
                          {o.credits.enforced && (
                            <>
                              {' '}
                              <span className="badge">{t('tenants.enforced')}</span>
                            </>
                          )}
                        </td>
                        <td>
                          <span className={`badge status-${o.status}`} data-testid="tenant-status">
                            {t(`tenants.status.${o.status}`)}
                          </span>
                        </td>
                        <td>
                          <div className="money-row-actions">
                            <button
                              type="button"
                              className="secondary"
                              aria-label={t('tenants.grantOf', { name: o.name })}
                              onClick={() => setOpen({ kind: 'grant', tenant: o })}
                            >
                              {t('tenants.grant')}
                            </button>
                            <button
                              type="button"
                              className="secondary"
                              aria-label={t('tenants.settingsOf', { name: o.name })}
                              onClick={() => setOpen({ kind: 'settings', tenant: o })}
                            >
                              {t('tenants.settings')}
                            </button>
                            <button
                              type="button"
                              className="secondary"
                              aria-label={t('tenants.ledgerOf', { name: o.name })}
                              onClick={() => setOpen({ kind: 'ledger', tenant: o })}
                            >
                              {t('tenants.ledger')}
                            </button>
                            {o.status === 'active' ? (
                              <button
                                type="button"
                                className="secondary"
                                aria-label={t('tenants.suspendOf', { name: o.name })}
                                onClick={() => setOpen({ kind: 'suspend', tenant: o })}
                              >
                                {t('tenants.suspend')}
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="secondary"
                                aria-label={t('tenants.reactivateOf', { name: o.name })}
                                onClick={() => setOpen({ kind: 'reactivate', tenant: o })}
                              >
                                {t('tenants.reactivate')}
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager label={t('tenants.title')} pages={pages} nextCursor={state.data.nextCursor} />
          </>
        ))}
      {open?.kind === 'create' && (
        <CreateTenantDialog onClose={close} onCreated={(name) => done(t('tenants.created', { name }))} />
      )}
      {open?.kind === 'grant' && (
        <GrantDialog
          tenant={open.tenant}
          onClose={close}
          onGranted={(entry) =>
            done(
              entry.replayed
                ? t('tenants.replayed')
                : t('tenants.granted', {
                    amount: formatMoney(entry.amountMicros, open.tenant.credits.currency, lang),
                    name: open.tenant.name,
                  }),
            )
          }
        />
      )}
      {open?.kind === 'settings' && (
        <CreditSettingsDialog
          tenant={open.tenant}
          onClose={close}
          onSaved={() => done(t('tenants.settings.saved', { name: open.tenant.name }))}
        />
      )}
      {open?.kind === 'ledger' && <TenantLedgerDialog tenant={open.tenant} timeZone={timeZone} onClose={close} />}
      {(open?.kind === 'suspend' || open?.kind === 'reactivate') && (
        <ConfirmDialog
          className="money-dialog"
          title={t(open.kind === 'suspend' ? 'tenants.suspendOf' : 'tenants.reactivateOf', { name: open.tenant.name })}
          confirmLabel={t(open.kind === 'suspend' ? 'tenants.suspend' : 'tenants.reactivate')}
          cancelLabel={t('money.cancel')}
          danger={open.kind === 'suspend'}
          onClose={close}
          onConfirm={async () => {
            await api.call(`/orgs/${open.tenant.id}/${open.kind}`, { method: 'POST' });
            done(t(open.kind === 'suspend' ? 'tenants.suspended' : 'tenants.reactivated', { name: open.tenant.name }));
          }}
        >
          <p>
            {t(open.kind === 'suspend' ? 'tenants.suspend.body' : 'tenants.reactivate.body', {
              name: open.tenant.name,
            })}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
