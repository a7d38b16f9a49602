import { api } from '../../api/api-client.ts';
import type { Budget, CursorPage, RateLimit, ScopeType } from '../../api/money-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatDateTime, formatMetric } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { useKeysetPages } from '../../ui/keyset-pager.tsx';
import { useListDialogs } from '../../ui/list-dialogs.ts';
import { PageHead } from '../../ui/page-head.tsx';
import { PagedList } from '../../ui/paged-list.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import { BudgetDialog } from './money/budget-dialog.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { RateLimitDialog } from './money/rate-limit-dialog.tsx';
import './money/money.css';

const PAGE_SIZE = 25;

/** What a section is doing to which row (one dialog at a time). */
type Open<T> = { kind: 'new' } | { kind: 'edit' | 'delete'; row: T };

/** Whom a budget or rate limit is on: its kind as a badge, then the department's, person's or key's name. */
function ScopeCell({ scopeType, scopeName }: { scopeType: ScopeType; scopeName: string | null }) {
  const { t } = usePreferences();
  return (
    <>
      <span className="badge">{t(`money.scope.${scopeType}`)}</span> {scopeName ?? ''}
    </>
  );
}

/** The readable name of a budget's scope, for dialogs and button labels. */
function useScopeText() {
  const { t } = usePreferences();
  return (scopeType: ScopeType, scopeName: string | null) =>
    scopeType === 'org' ? t('money.scope.org') : `${t(`money.scope.${scopeType}`)} ${scopeName ?? ''}`.trim();
}

/** Every budget of the org, paginated on the server, with create, edit and delete. */
function BudgetsSection(props: { currency: string; timeZone: string }) {
  const { t, lang } = usePreferences();
  const scopeText = useScopeText();
  const pages = useKeysetPages('budgets', PAGE_SIZE);
  const list = useLoad(
    (signal) => api.call<CursorPage<Budget>>('/budgets', { signal, query: { cursor: pages.cursor, limit: PAGE_SIZE } }),
    [pages.cursor],
  );
  const { open, setOpen, close, notice, done } = useListDialogs<Open<Budget>>(list.reload);
  const amount = (b: Budget, n: number) => formatMetric(b.metric, n, props.currency, lang);
  const when = (iso: string) => formatDateTime(iso, props.timeZone, lang);
  const title = (b: Budget) =>
    b.name || `${t(`metric.${b.metric}`)} ${t(`period.${b.period}`)} · ${scopeText(b.scopeType, b.scopeName)}`;

  return (
    <section className="money-section" aria-labelledby="budgets-heading">
      <PageHead level={2} id="budgets-heading" title={t('money.budgets.heading')}>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'new' })}>
          {t('money.budgets.new')}
        </button>
      </PageHead>
      {notice && <Alert kind="success">{notice}</Alert>}
      <PagedList
        load={list}
        pages={pages}
        label={t('money.budgets.heading')}
        empty={t('money.budgets.none')}
        emptyPages="first"
      >
        {(data) => (
          <table className="list money-table" data-testid="budgets">
            <thead>
              <tr>
                <th scope="col">{t('money.col.scope')}</th>
                <th scope="col">{t('money.col.name')}</th>
                <th scope="col">{t('money.col.metric')}</th>
                <th scope="col" className="num">
                  {t('money.col.limit')}
                </th>
                <th scope="col" className="num">
                  {t('money.col.used')}
                </th>
                <th scope="col" className="num">
                  {t('money.col.remaining')}
                </th>
                <th scope="col">{t('money.col.resets')}</th>
                <th scope="col">{t('money.col.alerts')}</th>
                <th scope="col">{t('money.col.increase')}</th>
                <th scope="col">{t('money.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((b) => (
                <tr key={b.id} data-testid="budget-row">
                  <td>
                    <ScopeCell scopeType={b.scopeType} scopeName={b.scopeName} />
                  </td>
                  <td>{b.name || t('money.none')}</td>
                  <td>
                    {t(`metric.${b.metric}`)} {t(`period.${b.period}`)}
                  </td>
                  <td className="num" data-testid="budget-limit">
                    {amount(b, b.limit)}
                  </td>
                  {b.status ? (
                    <>
                      <td className="num">{amount(b, b.status.used + b.status.reserved)}</td>
                      <td className="num">{amount(b, b.status.remaining)}</td>
                      <td>{b.status.resetsAt ? when(b.status.resetsAt) : t('money.budget.never')}</td>
                    </>
                  ) : (
                    <td colSpan={3}>
                      <span className="badge">{t('money.budget.disabled')}</span>
                    </td>
                  )}
                  <td>
                    {b.alertThresholds.length
                      ? b.alertThresholds.map((p) => `${formatCount(p, lang)} %`).join(', ')
                      : t('money.none')}
                  </td>
                  <td>
                    {b.increase
                      ? b.increase.active
                        ? t('money.budget.increase', {
                            amount: amount(b, b.increase.amount),
                            when: when(b.increase.expiresAt),
                          })
                        : t('money.budget.increaseExpired', { when: when(b.increase.expiresAt) })
                      : t('money.none')}
                  </td>
                  <td>
                    <RowActions
                      className="money-row-actions"
                      actions={[
                        {
                          text: t('money.edit'),
                          label: t('money.editOf', { name: title(b) }),
                          onClick: () => setOpen({ kind: 'edit', row: b }),
                        },
                        {
                          text: t('money.delete'),
                          label: t('money.deleteOf', { name: title(b) }),
                          onClick: () => setOpen({ kind: 'delete', row: b }),
                        },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      {(open?.kind === 'new' || open?.kind === 'edit') && (
        <BudgetDialog
          budget={open.kind === 'edit' ? open.row : null}
          currency={props.currency}
          timeZone={props.timeZone}
          onClose={close}
          onSaved={() => done(t('money.budgets.saved'))}
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          className="money-dialog"
          title={t('money.budget.deleteTitle')}
          confirmLabel={t('money.delete')}
          cancelLabel={t('money.cancel')}
          danger
          onClose={close}
          onConfirm={async () => {
            await api.call(`/budgets/${open.row.id}`, { method: 'DELETE' });
            done(t('money.budgets.deleted'));
          }}
        >
          <p>
            {t('money.budget.deleteBody', {
              what: `${t(`metric.${open.row.metric}`)} ${t(`period.${open.row.period}`)}`,
              scope: scopeText(open.row.scopeType, open.row.scopeName),
            })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Every rate limit of the org: set (create or replace) and remove. */
function RatesSection() {
  const { t, lang } = usePreferences();
  const scopeText = useScopeText();
  const pages = useKeysetPages('rates', PAGE_SIZE);
  const list = useLoad(
    (signal) =>
      api.call<CursorPage<RateLimit>>('/rate-limits', { signal, query: { cursor: pages.cursor, limit: PAGE_SIZE } }),
    [pages.cursor],
  );
  const { open, setOpen, close, notice, done } = useListDialogs<Open<RateLimit>>(list.reload);
  const perMinute = (n: number | null) => (n === null ? t('money.rates.unlimited') : formatCount(n, lang));

  return (
    <section className="money-section" aria-labelledby="rates-heading">
      <PageHead level={2} id="rates-heading" title={t('money.rates.heading')}>
        <button type="button" className="secondary" onClick={() => setOpen({ kind: 'new' })}>
          {t('money.rates.new')}
        </button>
      </PageHead>
      <p className="hint">{t('money.rates.intro')}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      <PagedList
        load={list}
        pages={pages}
        label={t('money.rates.heading')}
        empty={t('money.rates.none')}
        emptyPages="first"
      >
        {(data) => (
          <table className="list money-table" data-testid="rate-limits">
            <thead>
              <tr>
                <th scope="col">{t('money.col.scope')}</th>
                <th scope="col" className="num">
                  {t('money.rates.rpm')}
                </th>
                <th scope="col" className="num">
                  {t('money.rates.tpm')}
                </th>
                <th scope="col">{t('money.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-testid="rate-row">
                  <td>
                    <ScopeCell scopeType={r.scopeType} scopeName={r.scopeName} />
                  </td>
                  <td className="num">{perMinute(r.requestsPerMinute)}</td>
                  <td className="num">{perMinute(r.tokensPerMinute)}</td>
                  <td>
                    <RowActions
                      className="money-row-actions"
                      actions={[
                        {
                          text: t('money.edit'),
                          label: t('money.editOf', { name: scopeText(r.scopeType, r.scopeName) }),
                          onClick: () => setOpen({ kind: 'edit', row: r }),
                        },
                        {
                          text: t('money.rates.remove'),
                          label: t('money.rates.removeOf', { name: scopeText(r.scopeType, r.scopeName) }),
                          onClick: () => setOpen({ kind: 'delete', row: r }),
                        },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      {(open?.kind === 'new' || open?.kind === 'edit') && (
        <RateLimitDialog
          rate={open.kind === 'edit' ? open.row : null}
          onClose={close}
          onSaved={() => done(t('money.rates.saved'))}
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          className="money-dialog"
          title={t('money.rates.deleteTitle')}
          confirmLabel={t('money.rates.remove')}
          cancelLabel={t('money.cancel')}
          danger
          onClose={close}
          onConfirm={async () => {
            await api.call(`/rate-limits/${open.row.id}`, { method: 'DELETE' });
            done(t('money.rates.deleted'));
          }}
        >
          <p>{t('money.rates.deleteBody', { scope: scopeText(open.row.scopeType, open.row.scopeName) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Budgets and rate limits of the org (owners and admins): what each stands at, and changing them. */
export default function BudgetsPage() {
  const { t } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('money.budgets.title'), org?.name ?? t('app.name'));
  const timeZone = org?.settings.timezone ?? 'UTC';
  const currency = org?.settings.currency ?? 'USD';
  return (
    <>
      <h1>{t('money.budgets.title')}</h1>
      <p>{t('money.budgets.intro', { tz: timeZone })}</p>
      <BudgetsSection currency={currency} timeZone={timeZone} />
      <RatesSection />
    </>
  );
}
