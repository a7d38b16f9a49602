import { api } from '../../../api/api-client.ts';
import type { CreditEntry, CreditEntryType, CursorPage } from '../../../api/money-types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { FilterSelect } from '../../../ui/filter-select.tsx';
import { Pager, useKeysetPages } from '../../../ui/keyset-pager.tsx';
import { LoadError } from '../../../ui/load-error.tsx';
import { useState } from 'react';

const PAGE_SIZE = 25;
const ENTRY_TYPES: CreditEntryType[] = ['purchase', 'grant', 'refund', 'adjustment', 'settle', 'reserve', 'release'];

/**
 * A credit ledger, newest first, a page at a time from the server (GET /api/credits/ledger or an
 * operator's per-tenant path), with a type filter. `round` reloads it after a new entry.
 */
export function LedgerTable(props: {
  path: string;
  currency: string;
  timeZone: string;
  label: string;
  round?: number;
}) {
  const { t, lang } = usePreferences();
  const [entryType, setEntryType] = useState('');
  const pages = useKeysetPages(`${props.path}|${entryType}`, PAGE_SIZE);
  const { state, reload } = useLoad(
    (signal) =>
      api.call<CursorPage<CreditEntry>>(props.path, {
        signal,
        query: { cursor: pages.cursor, limit: PAGE_SIZE, entryType },
      }),
    [props.path, pages.cursor, entryType, props.round],
  );

  return (
    <>
      <div className="filters">
        <FilterSelect
          label={t('money.ledger.type')}
          value={entryType}
          onChange={setEntryType}
          options={ENTRY_TYPES.map((e) => ({ value: e, label: t(`money.entry.${e}`) }))}
        />
      </div>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' &&
        (state.data.items.length === 0 && !pages.hasPrevious ? (
          <p className="empty">{t('money.ledger.none')}</p>
        ) : (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
              <table className="list money-table" data-testid="ledger">
                <thead>
                  <tr>
                    <th scope="col">{t('money.col.time')}</th>
                    <th scope="col">{t('money.col.type')}</th>
                    <th scope="col" className="num">
                      {t('money.col.amount')}
                    </th>
                    <th scope="col">{t('money.col.actor')}</th>
                    <th scope="col">{t('money.col.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.items.map((e) => (
                    <tr key={e.id} data-testid="ledger-row">
                      <td>{formatDateTime(e.createdAt, props.timeZone, lang)}</td>
                      <td>{t(`money.entry.${e.entryType}`)}</td>
                      <td className={`num ${e.amountMicros < 0 ? 'money-negative' : 'money-positive'}`}>
                        {formatMoney(e.amountMicros, props.currency, lang)}
                      </td>
                      <td>{e.actorName ?? (e.actorUserId ? t('money.none') : t('money.ledger.system'))}</td>
                      <td className="wrap">
                        {e.reason ?? (e.requestId ? t('money.ledger.request', { id: e.requestId }) : t('money.none'))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager label={props.label} pages={pages} nextCursor={state.data.nextCursor} />
          </>
        ))}
    </>
  );
}
