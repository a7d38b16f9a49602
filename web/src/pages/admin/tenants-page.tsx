import { useId } from 'react';
import { api } from '../../api/api-client.ts';
import type { CursorPage, Tenant } from '../../api/money-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatMoney } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { useDebouncedFilter } from '../../ui/debounced-filter.ts';
import { FilterSelect } from '../../ui/filter-select.tsx';
import { useKeysetPages } from '../../ui/keyset-pager.tsx';
import { useListDialogs } from '../../ui/list-dialogs.ts';
import { PageHead } from '../../ui/page-head.tsx';
import { PagedList } from '../../ui/paged-list.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { CreateTenantDialog, CreditSettingsDialog, GrantDialog, TenantLedgerDialog } from './money/tenant-dialogs.tsx';
import './money/money.css';

const PAGE_SIZE = 25;

/** What the operator is doing to which tenant (one dialog at a time). */
type Open = { kind: 'create' } | { kind: 'grant' | 'settings' | 'ledger' | 'suspend' | 'reactivate'; tenant: Tenant };

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
  const [search, setSearch] = useDebouncedFilter(filters.q, (q) => set('q', q), 300);
  const pages = useKeysetPages(key, PAGE_SIZE);
  const list = useLoad(
    (signal) =>
      api.call<CursorPage<Tenant>>('/orgs', {
        signal,
        query: { q: filters.q, status: filters.status, cursor: pages.cursor, limit: PAGE_SIZE },
      }),
    [filters.q, filters.status, pages.cursor],
  );
  const { open, setOpen, close, notice, done } = useListDialogs<Open>(list.reload);
  const searchId = useId();

  return (
    <>
      <PageHead title={t('tenants.title')}>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
          {t('tenants.new')}
        </button>
      </PageHead>
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
      <PagedList load={list} pages={pages} label={t('tenants.title')} empty={t('tenants.none')} emptyPages="first">
        {(data) => (
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
              {data.items.map((o) => {
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
                      <RowActions
                        className="money-row-actions"
                        actions={(
                          ['grant', 'settings', 'ledger', o.status === 'active' ? 'suspend' : 'reactivate'] as const
                        ).map((kind) => ({
                          text: t(`tenants.${kind}`),
                          label: t(`tenants.${kind}Of`, { name: o.name }),
                          onClick: () => setOpen({ kind, tenant: o }),
                        }))}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </PagedList>
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
