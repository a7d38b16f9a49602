import { api } from '../../api/api-client.ts';
import type { Quota, QuotaBudget } from '../../api/types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { formatDateTime, formatMetric, percentUsed } from '../../lib/format.ts';

/** The budget closest to its limit (the one that would stop the next message first). */
function tightest(budgets: QuotaBudget[]): QuotaBudget | null {
  let best: QuotaBudget | null = null;
  for (const b of budgets)
    if (!best || percentUsed(b.used + b.reserved, b.limit) > percentUsed(best.used + best.reserved, best.limit))
      best = b;
  return best;
}

/**
 * The person's quota, compact in the chat's header: the tightest budget at a glance, every budget
 * that applies (used, remaining, reset time in the org's zone) when opened. `round` changes after
 * each answer, so what it shows follows the spending.
 */
export function QuotaWidget({ round }: { round: number }) {
  const { t, lang } = usePreferences();
  const { state } = useLoad((signal) => api.call<Quota>('/me/quota', { signal }), [round]);
  if (state.status !== 'ok') return null;
  const quota = state.data;
  const top = tightest(quota.budgets);
  const amount = (b: QuotaBudget, n: number) => formatMetric(b.metric, n, quota.currency, lang);
  const title = (b: QuotaBudget) => `${t(`metric.${b.metric}`)} ${t(`period.${b.period}`)}`;
  return (
    <details className="chat-quota" data-testid="quota">
      <summary>
        {top ? t('chat.quota.summary', { pct: percentUsed(top.used + top.reserved, top.limit) }) : t('chat.quota.none')}
      </summary>
      <div className="chat-quota-body">
        <p className="hint">{t('chat.quota.intro', { tz: quota.timeZone })}</p>
        {quota.budgets.length === 0 ? (
          <p className="empty">{t('usage.noBudgets')}</p>
        ) : (
          <ul>
            {quota.budgets.map((b) => {
              const pct = percentUsed(b.used + b.reserved, b.limit);
              return (
                <li key={b.budgetId} data-testid="quota-budget">
                  <p className="chat-quota-title">
                    {title(b)} <span className="badge">{t(`scope.${b.scopeType}`)}</span>
                  </p>
                  <div
                    className={`bar${pct >= 90 ? ' bar-high' : ''}`}
                    role="progressbar"
                    aria-label={title(b)}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={pct}
                    aria-valuetext={t('usage.usedOf', { used: amount(b, b.used), limit: amount(b, b.limit) })}
                  >
                    <span style={{ width: `${pct}%` }} />
                  </div>
                  <p className="chat-quota-figures">
                    {t('chat.quota.figures', { used: amount(b, b.used), remaining: amount(b, b.remaining) })}
                  </p>
                  <p className="resets">
                    {b.resetsAt
                      ? t('usage.resets', { when: formatDateTime(b.resetsAt, quota.timeZone, lang) })
                      : t('usage.noReset')}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </details>
  );
}
