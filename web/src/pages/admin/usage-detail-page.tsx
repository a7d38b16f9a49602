import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import type { UsageDetail } from '../../api/insights-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatDateTime, formatMoney } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import './insights/insights.css';

/** A card of label/value pairs; rows whose value is null are left out. */
function Facts({ title, rows, testId }: { title: string; rows: Array<[string, ReactNode]>; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      <dl>
        {rows
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <div key={label} className="insights-fact">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

const PRICE_NAMES = ['input', 'output', 'cachedInput'] as const;

/** The prices of a snapshot (micro-units per million tokens) the model had; missing ones are left out. */
function prices(snapshot: Record<string, unknown> | null): Array<[(typeof PRICE_NAMES)[number], number]> {
  return PRICE_NAMES.flatMap((name) => {
    const value = snapshot?.[name];
    return typeof value === 'number' ? [[name, value] as [(typeof PRICE_NAMES)[number], number]] : [];
  });
}

/**
 * One request of the usage log: who sent it with which key to which model, its tokens, cost and
 * credits, latency and time to first token, status and error, whether it streamed, held a
 * reservation or was estimated, and how much personal data the privacy shield replaced.
 */
export default function UsageDetailPage() {
  const { t, lang } = usePreferences();
  const { org } = useSignedIn();
  const { requestId = '' } = useParams();
  const location = useLocation();
  usePageTitle(t('insights.detail.title'), org?.name ?? t('app.name'));
  const tz = org?.settings.timezone ?? 'UTC';
  const currency = org?.settings.currency ?? 'USD';
  const back = (location.state as { back?: unknown } | null)?.back;
  const backTo = `/admin/usage${typeof back === 'string' ? back : ''}`;
  const { state, reload } = useLoad(
    (signal) => api.call<UsageDetail>(`/usage/${encodeURIComponent(requestId)}`, { signal }),
    [requestId],
  );
  const money = (micros: number) => formatMoney(micros, currency, lang);
  const count = (n: number) => formatCount(n, lang);
  const yesNo = (b: boolean) => (b ? t('insights.yes') : t('insights.no'));

  return (
    <div className="insights-detail">
      <p>
        <Link to={backTo}>{t('insights.detail.back')}</Link>
      </p>
      <h1>{t('insights.detail.title')}</h1>
      <p>
        {t('insights.detail.request')}: <code data-testid="detail-request-id">{requestId}</code>
      </p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' &&
        (state.error instanceof ApiError && state.error.status === 404 ? (
          <Alert kind="error">
            <p>{t('insights.detail.notFound')}</p>
          </Alert>
        ) : (
          <LoadError error={state.error} retry={reload} />
        ))}
      {state.status === 'ok' && (
        <>
          {state.data.errorCode === 'reservation_reaped' && (
            <Alert kind="info">
              <p>{t('insights.detail.reaped')}</p>
            </Alert>
          )}
          <div className="insights-grid insights-wide">
            <Facts
              title={t('insights.detail.overview')}
              testId="detail-overview"
              rows={[
                [t('insights.detail.time'), formatDateTime(state.data.createdAt, tz, lang)],
                [
                  t('insights.detail.status'),
                  <span key="s" className={state.data.status >= 400 ? 'insights-status-error' : undefined}>
                    {state.data.status}
                  </span>,
                ],
                [t('insights.detail.errorCode'), state.data.errorCode ? <code>{state.data.errorCode}</code> : null],
                [t('insights.detail.endpoint'), <code key="e">{state.data.endpoint}</code>],
                [t('insights.detail.model'), state.data.model ?? t('insights.none')],
                [
                  t('insights.detail.upstream'),
                  state.data.upstreamModel
                    ? `${state.data.upstreamModel}${state.data.providerKind ? ` (${state.data.providerKind})` : ''}`
                    : null,
                ],
                [t('insights.detail.person'), state.data.userEmail ?? t('insights.none')],
                [t('insights.detail.department'), state.data.departmentName ?? t('insights.none')],
                [t('insights.detail.key'), state.data.keyName ?? t('insights.log.noKey')],
              ]}
            />
            <Facts
              title={t('insights.detail.usage')}
              testId="detail-usage"
              rows={[
                [t('insights.detail.tokensIn'), count(state.data.tokensIn)],
                [t('insights.detail.tokensOut'), count(state.data.tokensOut)],
                [t('insights.detail.tokensCached'), count(state.data.tokensCached)],
                [
                  t('insights.detail.cost'),
                  state.data.costMicros === null ? t('insights.detail.unpriced') : money(state.data.costMicros),
                ],
                [t('insights.detail.credits'), state.data.creditsMicros > 0 ? money(state.data.creditsMicros) : null],
                [
                  t('insights.detail.source'),
                  <>
                    {t(`insights.detail.source.${state.data.usageSource}`)}{' '}
                    {state.data.usageSource === 'estimated' && <span className="badge">~</span>}
                  </>,
                ],
                [
                  t('insights.detail.reserved'),
                  state.data.reserved ? t('insights.detail.reservedYes') : t('insights.detail.reservedNo'),
                ],
              ]}
            />
            <Facts
              title={t('insights.detail.timing')}
              testId="detail-timing"
              rows={[
                [t('insights.detail.latency'), t('insights.ms', { n: count(state.data.latencyMs) })],
                [
                  t('insights.detail.ttft'),
                  state.data.ttftMs === null ? t('insights.none') : t('insights.ms', { n: count(state.data.ttftMs) }),
                ],
                [t('insights.detail.stream'), yesNo(state.data.stream)],
                [t('insights.detail.aborted'), yesNo(state.data.clientAborted)],
              ]}
            />
            <section className="card" data-testid="detail-privacy">
              <h2>{t('insights.detail.privacy')}</h2>
              {Object.keys(state.data.privacyCounts ?? {}).length === 0 ? (
                <p className="empty">{t('insights.detail.privacyNone')}</p>
              ) : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('insights.detail.privacy')}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('insights.detail.privacyType')}</th>
                        <th scope="col" className="insights-num">
                          {t('insights.detail.privacyCount')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {Object.entries(state.data.privacyCounts ?? {}).map(([type, n]) => (
                        <tr key={type}>
                          <th scope="row">{type}</th>
                          <td className="insights-num">{count(n)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            {prices(state.data.priceSnapshot).length > 0 && (
              <section className="card">
                <h2>{t('insights.detail.prices')}</h2>
                <p className="hint">{t('insights.detail.pricesHint')}</p>
                <dl>
                  {prices(state.data.priceSnapshot).map(([name, micros]) => (
                    <div key={name} className="insights-fact">
                      <dt>{t(`insights.detail.price.${name}`)}</dt>
                      <dd>{money(micros)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            )}
          </div>
        </>
      )}
    </div>
  );
}
