import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { ApiKey, CreatedKey } from '../../api/org-types.ts';
import type { Page } from '../../api/types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useKeysetPages } from '../../ui/keyset-pager.tsx';
import { PageHead } from '../../ui/page-head.tsx';
import { PagedList } from '../../ui/paged-list.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { KeyActionDialog } from './org/key-action-dialog.tsx';
import { KeyCreateDialog } from './org/key-create-dialog.tsx';
import { KeySecretDialog } from './org/key-secret-dialog.tsx';
import { keyStatus } from './org/org-helpers.ts';
import './org/org.css';

const PAGE_SIZE = 25;
const STATUSES = ['active', 'revoked', 'all'] as const;

/**
 * API keys the person may see — all of the org for admins, their department's for managers,
 * their own for members — with create (the secret shown once), rotate and revoke.
 */
export default function KeysPage() {
  const { t, lang } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('keys.title'), org?.name ?? t('app.name'));
  const canManage = Boolean(me.abilities['key.manage']);
  const ownOnly = me.abilities['key.read'] === 'own';
  const selfId = me.actor.kind === 'user' ? me.actor.userId : null;
  const { filters, set, key } = useUrlFilters(['status'] as const);
  const status = (STATUSES as readonly string[]).includes(filters.status) ? filters.status : 'active';
  const pages = useKeysetPages(key, PAGE_SIZE);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedKey | null>(null);
  const [action, setAction] = useState<{ mode: 'revoke' | 'rotate'; apiKey: ApiKey } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useLoad(
    // The status (expired or not) is judged at the moment the page arrived.
    (signal) =>
      api
        .call<Page<ApiKey>>('/keys', { signal, query: { status, cursor: pages.cursor, limit: PAGE_SIZE } })
        .then((page) => ({ ...page, loadedAt: Date.now() })),
    [status, pages.cursor],
  );
  const tz = org?.settings.timezone ?? 'UTC';

  const owner = (k: ApiKey) =>
    k.ownerDepartmentName
      ? t('keys.ownerIsDepartment', { name: k.ownerDepartmentName })
      : k.ownerUserId && k.ownerUserId === selfId
        ? t('keys.you')
        : ((k.ownerName || k.ownerEmail) ?? '—');

  const showSecret = (created: CreatedKey, message: string) => {
    setCreating(false);
    setAction(null);
    setSecret(created);
    setNotice(message);
    list.reload();
  };

  return (
    <>
      <PageHead title={t('keys.title')}>
        {canManage && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('keys.create')}
          </button>
        )}
      </PageHead>
      <p className="hint">{t(ownOnly ? 'keys.introOwn' : 'keys.intro')}</p>
      {notice && (
        <p className="org-notice" role="status">
          {notice}
        </p>
      )}
      <form className="filters" role="search" aria-label={t('keys.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('keys.status')}
          value={status}
          onChange={(v) => set('status', v === 'active' ? '' : v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`keys.filter.${s}`) }))}
        />
      </form>
      <PagedList load={list} pages={pages} label={t('keys.title')} empty={t('keys.none')} emptyPages="every">
        {(data) => (
          <table className="list" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.prefix')}</th>
                <th scope="col">{t('keys.owner')}</th>
                <th scope="col">{t('keys.models')}</th>
                <th scope="col">{t('keys.expires')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.status')}</th>
                {canManage && (
                  <th scope="col" className="org-th-hidden-label">
                    <span className="visually-hidden">{t('keys.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {data.items.map((k) => {
                const s = keyStatus(k, data.loadedAt);
                return (
                  <tr key={k.id} data-testid="key-row" data-name={k.name}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{owner(k)}</td>
                    <td className="wrap">{k.allowedModels ? k.allowedModels.join(', ') : t('keys.allModelsShort')}</td>
                    <td>{k.expiresAt ? formatDateTime(k.expiresAt, tz, lang) : t('keys.noExpiry')}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, tz, lang) : t('keys.neverUsed')}</td>
                    <td>
                      <span className={`badge key-${s}`}>{t(`keys.state.${s}`)}</span>
                    </td>
                    {canManage && (
                      <td>
                        {s !== 'revoked' && (
                          <RowActions
                            as="span"
                            className="actions"
                            buttonClassName="secondary org-compact"
                            actions={(['rotate', 'revoke'] as const).map((mode) => ({
                              text: t(`keys.${mode}`),
                              label: t(`keys.${mode}Of`, { name: k.name }),
                              onClick: () => setAction({ mode, apiKey: k }),
                            }))}
                          />
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </PagedList>
      {creating && (
        <KeyCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(created) => showSecret(created, t('keys.created', { name: created.name }))}
        />
      )}
      {action && (
        <KeyActionDialog
          mode={action.mode}
          apiKey={action.apiKey}
          onClose={() => setAction(null)}
          onRevoked={() => {
            setNotice(t('keys.revoked', { name: action.apiKey.name }));
            setAction(null);
            list.reload();
          }}
          onRotated={(created) => showSecret(created, t('keys.rotated', { name: created.name }))}
        />
      )}
      {secret && <KeySecretDialog created={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
