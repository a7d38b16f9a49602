import { api } from '../api/api-client.ts';
import type { Quota, QuotaBudget, QuotaRate } from '../api/types.ts';
import { useLoad } from '../app/loader.tsx';
import { usePreferences } from '../app/preferences.tsx';
import { useSignedIn } from '../app/session.tsx';
import { formatCount, formatDateTime, formatMetric, formatMoney, percentUsed } from '../lib/format.ts';
import { LoadError } from '../ui/load-error.tsx';
import { usePageTitle } from '../ui/page-title.ts';

/** One budget: what it limits, a bar, used/remaining and when it resets (in the org's time zone). */
function BudgetCard({ budget, quota }: { budget: QuotaBudget; quota: Quota }) {
  const { t, lang } = usePreferences();
  const amount = (n: number) => formatMetric(budget.metric, n, quota.currency, lang);
  const pct = percentUsed(budget.used + budget.reserved, budget.limit);
  const title = `${t(`metric.${budget.metric}`)} ${t(`period.${budget.period}`)}`;
  return (
    <li className="card budget" data-testid="budget">
      <h3>
        {title} <span className="badge">{t(`scope.${budget.scopeType}`)}</span>
      </h3>
      <p className="scope-label">{budget.scope}</p>
      <div
        className={`bar${pct >= 90 ? ' bar-high' : ''}`}
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={t('usage.usedOf', { used: amount(budget.used), limit: amount(budget.limit) })}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <dl className="figures">
        <div>
          <dt>{t('usage.used')}</dt>
          <dd>{amount(budget.used)}</dd>
        </div>
        <div>
          <dt>{t('usage.remaining')}</dt>
          <dd>{amount(budget.remaining)}</dd>
        </div>
        <div>
          <dt>{t('usage.limit')}</dt>
          <dd>{amount(budget.limit)}</dd>
        </div>
        {budget.reserved > 0 && (
          <div>
            <dt>{t('usage.reserved')}</dt>
            <dd>{amount(budget.reserved)}</dd>
          </div>
        )}
      </dl>
      {budget.temporaryIncrease > 0 && (
        <p className="hint">{t('usage.increase', { amount: amount(budget.temporaryIncrease) })}</p>
      )}
      <p className="resets">
        {budget.resetsAt
          ? t('usage.resets', { when: formatDateTime(budget.resetsAt, quota.timeZone, lang) })
          : t('usage.noReset')}
      </p>
    </li>
  );
}

/** One rate limit for the current minute. */
function RateRow({ rate }: { rate: QuotaRate }) {
  const { t, lang } = usePreferences();
  return (
    <tr>
      <th scope="row">
        {t(`measure.${rate.measure}`)} <span className="badge">{t(`scope.${rate.scopeType}`)}</span>
      </th>
      <td>{t('usage.perMinute', { n: formatCount(rate.perMinute, lang) })}</td>
      <td>{t('usage.remainingThisMinute', { n: formatCount(rate.remaining, lang) })}</td>
    </tr>
  );
}

/** "My usage": every budget, rate limit and the credit balance that apply to the signed-in person. */
export default function UsagePage() {
  const { t, lang } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('usage.title'), org?.name ?? t('app.name'));
  const { state, reload } = useLoad((signal) => api.call<Quota>('/me/quota', { signal }), []);

  return (
    <>
      <div className="page-head">
        <h1>{t('usage.title')}</h1>
        <button type="button" className="secondary" onClick={reload}>
          {t('usage.refresh')}
        </button>
      </div>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && (
        <>
          <p>{t('usage.intro', { tz: state.data.timeZone })}</p>
          <section aria-labelledby="budgets-heading">
            <h2 id="budgets-heading">{t('usage.budgets')}</h2>
            {state.data.budgets.length === 0 ? (
              <p className="empty">{t('usage.noBudgets')}</p>
            ) : (
              <ul className="cards">
                {state.data.budgets.map((b) => (
                  <BudgetCard key={b.budgetId} budget={b} quota={state.data} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="rates-heading">
            <h2 id="rates-heading">{t('usage.rates')}</h2>
            {state.data.rates.length === 0 ? (
              <p className="empty">{t('usage.noRates')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <tbody>
                    {state.data.rates.map((r) => (
                      <RateRow key={`${r.scope}:${r.measure}`} rate={r} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {state.data.credits && (
            <section aria-labelledby="credits-heading">
              <h2 id="credits-heading">{t('usage.credits')}</h2>
              <dl className="figures card">
                {(
                  [
                    ['usage.available', state.data.credits.availableMicros],
                    ['usage.credited', state.data.credits.creditedMicros],
                    ['usage.consumed', state.data.credits.consumedMicros],
                    ['usage.held', state.data.credits.heldMicros],
                  ] as const
                ).map(([label, micros]) => (
                  <div key={label}>
                    <dt>{t(label)}</dt>
                    <dd>{formatMoney(micros, state.data.currency, lang)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
        </>
      )}
    </>
  );
}
