import type { CreditBalance } from '../../../api/insights-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount, formatMoney } from '../../../lib/format.ts';
import type { BurnRate } from './burn-rate.ts';

/** The org's prepaid balance, how fast it goes, and — when credits are enforced — how long it lasts. */
export function CreditsCard({ credits, burn }: { credits: CreditBalance; burn: BurnRate }) {
  const { t, lang } = usePreferences();
  const money = (micros: number) => formatMoney(micros, credits.currency, lang);
  const low = credits.lowBalanceMicros !== null && credits.balanceMicros < credits.lowBalanceMicros;
  return (
    <section aria-labelledby="insights-credits" data-testid="insights-credits">
      <h2 id="insights-credits">{t('insights.credits.title')}</h2>
      <div className="card">
        <dl className="figures">
          <div>
            <dt>{t('insights.credits.balance')}</dt>
            <dd>{money(credits.balanceMicros)}</dd>
          </div>
          <div>
            <dt>{t('insights.credits.burn7')}</dt>
            <dd>{money(Math.round(burn.perDay7))}</dd>
          </div>
          <div>
            <dt>{t('insights.credits.burn30')}</dt>
            <dd>{money(Math.round(burn.perDay30))}</dd>
          </div>
        </dl>
        {credits.enforced ? (
          <p data-testid="insights-lasts">
            {burn.daysLeft === null
              ? t('insights.credits.noBurn')
              : t(burn.perDay7 > 0 ? 'insights.credits.lasts' : 'insights.credits.lasts30', {
                  n: formatCount(burn.daysLeft, lang),
                })}{' '}
            {t('insights.credits.enforced')}
          </p>
        ) : (
          <p className="hint">{t('insights.credits.notEnforced')}</p>
        )}
        {low && (
          <p className="field-error">{t('insights.credits.low', { amount: money(credits.lowBalanceMicros!) })}</p>
        )}
      </div>
    </section>
  );
}
