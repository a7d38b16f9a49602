import { useId } from 'react';
import { Link } from 'react-router';
import type { SummaryRow, UsageSummary } from '../../../api/insights-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount, formatMoney } from '../../../lib/format.ts';
import { shareOf } from './chart-scale.ts';

/**
 * The biggest spenders of one dimension in the range (the server's top N by cost), each with its
 * share of the range's spend and a link to its requests in the usage log.
 */
export function TopList(props: {
  title: string;
  summary: UsageSummary;
  /** The name shown for the row without one (no department, no person, no model). */
  noneLabel: string;
  /** The usage log's filter for this dimension and the range's dates, for the links. */
  logFilter: 'departmentId' | 'userId' | 'model';
  dates: { from: string; to: string };
  testId: string;
}) {
  const { t, lang } = usePreferences();
  const headingId = useId();
  const { summary } = props;
  const more = summary.groups - summary.rows.length;
  const link = (row: SummaryRow) => {
    if (!row.id) return null;
    const q = new URLSearchParams({ from: props.dates.from, to: props.dates.to, [props.logFilter]: row.id });
    return `/admin/usage?${q.toString()}`;
  };
  return (
    <section className="card insights-top" aria-labelledby={headingId} data-testid={props.testId}>
      <h3 id={headingId}>{props.title}</h3>
      {summary.rows.length === 0 ? (
        <p className="empty">{t('insights.top.empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={props.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('insights.top.name')}</th>
                <th scope="col" className="insights-num">
                  {t('insights.top.spend')}
                </th>
                <th scope="col" className="insights-num">
                  {t('insights.top.requests')}
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => {
                const name = row.label || row.id || props.noneLabel;
                const to = link(row);
                const share = shareOf(row.costMicros, summary.totals.costMicros);
                return (
                  <tr key={row.id ?? ''}>
                    <th scope="row" className="insights-name">
                      {to ? <Link to={to}>{name}</Link> : name}
                      <span className="insights-share">
                        <span className="insights-share-bar" aria-hidden="true">
                          <span style={{ width: `${share}%` }} />
                        </span>
                        {t('insights.top.shareOf', { pct: Math.round(share) })}
                      </span>
                    </th>
                    <td className="insights-num">{formatMoney(row.costMicros, summary.currency, lang)}</td>
                    <td className="insights-num">{formatCount(row.requests, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {more > 0 && <p className="hint">{t('insights.top.more', { n: formatCount(more, lang) })}</p>}
    </section>
  );
}
