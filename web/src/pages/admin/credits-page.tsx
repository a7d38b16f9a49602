import { api } from '../../api/api-client.ts';
import type { CreditSummary } from '../../api/money-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatMoney } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import NotFoundPage from '../not-found-page.tsx';
import { LedgerTable } from './money/ledger-table.tsx';
import './money/money.css';

/** Available, credited, consumed and held; the low-balance alert and whether credits are enforced. */
function BalanceCard({ c }: { c: CreditSummary }) {
  const { t, lang } = usePreferences();
  const money = (micros: number) => formatMoney(micros, c.currency, lang);
  return (
    <section className="card" aria-labelledby="balance-heading" data-testid="credit-balance">
      <h2 id="balance-heading">{t('money.credits.balance')}</h2>
      <dl className="figures money-balance">
        {(
          [
            ['money.credits.available', c.availableMicros],
            ['money.credits.credited', c.creditedMicros],
            ['money.credits.consumed', c.consumedMicros],
            ['money.credits.held', c.heldMicros],
          ] as const
        ).map(([label, micros]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{money(micros)}</dd>
          </div>
        ))}
      </dl>
      {c.lowBalanceMicros !== null && c.availableMicros < c.lowBalanceMicros && (
        <Alert kind="error">
          <p>{t('money.credits.low', { amount: money(c.lowBalanceMicros) })}</p>
        </Alert>
      )}
      <p>{t(c.enforced ? 'money.credits.enforced' : 'money.credits.notEnforced')}</p>
      <p className="hint">
        {c.lowBalanceMicros === null
          ? t('money.credits.noLowBalance')
          : t('money.credits.lowBalance', { amount: money(c.lowBalanceMicros) })}
      </p>
    </section>
  );
}

/** The org's balance and settings, then its ledger. */
function Credits() {
  const { t } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('money.credits.title'), org?.name ?? t('app.name'));
  const timeZone = org?.settings.timezone ?? 'UTC';
  const { state, reload } = useLoad((signal) => api.call<CreditSummary>('/credits', { signal }), []);

  return (
    <>
      <div className="page-head">
        <h1>{t('money.credits.title')}</h1>
        <button type="button" className="secondary" onClick={reload}>
          {t('usage.refresh')}
        </button>
      </div>
      <p>{t('money.credits.intro')}</p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && (
        <>
          <BalanceCard c={state.data} />
          <section className="money-section" aria-labelledby="ledger-heading">
            <h2 id="ledger-heading">{t('money.ledger.title')}</h2>
            <LedgerTable
              path="/credits/ledger"
              currency={state.data.currency}
              timeZone={timeZone}
              label={t('money.ledger.title')}
            />
          </section>
        </>
      )}
    </>
  );
}

/**
 * Credits (org view): the balance and its history. The route opens for anyone who reads usage,
 * but the API shows credits only to those who read all of the org's usage or manage credits; for
 * everyone else this page does not exist, as for any page they may not see.
 */
export default function CreditsPage() {
  const { me } = useSignedIn();
  if (!(me.abilities['credits.manage'] || me.abilities['usage.read'] === 'org')) return <NotFoundPage />;
  return <Credits />;
}
