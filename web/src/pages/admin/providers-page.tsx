import { api } from '../../api/api-client.ts';
import type { Provider } from '../../api/catalog-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { useListDialogs } from '../../ui/list-dialogs.ts';
import { LoadStatus } from '../../ui/load-status.tsx';
import { PageHead } from '../../ui/page-head.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import './catalog/catalog.css';
import { ConnectionTestDialog, DeleteProviderDialog, RotateKeyDialog } from './catalog/provider-actions.tsx';
import { ProviderForm } from './catalog/provider-form.tsx';

type Open = { kind: 'add' } | { kind: 'edit' | 'test' | 'rotate' | 'delete'; provider: Provider };

/**
 * The org's provider accounts: kind, name, address, whether a key is stored (never the key), how
 * many models use each; connect, edit, rotate the key, test the connection, delete. The server
 * returns at most 1,000 providers in one answer (an org has a handful).
 */
export default function ProvidersPage() {
  const { t, lang } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('providers.title'), org?.name ?? t('app.name'));
  const canManage = Boolean(me.abilities['provider.manage']);
  const list = useLoad((signal) => api.call<{ items: Provider[] }>('/providers', { signal }).then((r) => r.items), []);
  const { state } = list;
  const { open, setOpen, close, notice, done } = useListDialogs<Open>(list.reload);

  return (
    <div className="catalog-page">
      <PageHead title={t('providers.title')}>
        {canManage && (
          <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
            {t('providers.add')}
          </button>
        )}
      </PageHead>
      <p className="hint">{t('providers.intro')}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      <LoadStatus load={list} />
      {state.status === 'ok' && state.data.length === 0 && <p className="empty">{t('providers.none')}</p>}
      {state.status === 'ok' && state.data.length > 0 && (
        <ul className="cards provider-cards" data-testid="providers">
          {state.data.map((p) => (
            <li key={p.id} className="card">
              <h2>
                {p.name} {p.isDefault && <span className="badge">{t('providers.default')}</span>}{' '}
                {!p.enabled && <span className="badge">{t('providers.disabled')}</span>}
              </h2>
              <dl className="figures">
                <div>
                  <dt>{t('providers.kind')}</dt>
                  <dd>{t(`providers.kind.${p.kind}`)}</dd>
                </div>
                <div>
                  <dt>{t('providers.credential')}</dt>
                  <dd>{p.credential ? t('providers.credentialSet') : t('providers.credentialNone')}</dd>
                </div>
                <div>
                  <dt>{t('providers.models')}</dt>
                  <dd>{formatCount(p.models, lang)}</dd>
                </div>
                {p.kind !== 'mock' && (
                  <div className="wide">
                    <dt>{t('providers.baseUrl')}</dt>
                    <dd className="wrap">{p.baseUrl ?? t('providers.vendorDefault')}</dd>
                  </div>
                )}
              </dl>
              {canManage && (
                <RowActions
                  className="row-actions"
                  actions={(['test', 'edit', 'rotate', 'delete'] as const)
                    // A mock provider has no key to rotate.
                    .filter((kind) => kind !== 'rotate' || p.kind !== 'mock')
                    .map((kind) => ({
                      text: t(`providers.${kind}`),
                      label: t(`providers.${kind}.for`, { name: p.name }),
                      onClick: () => setOpen({ kind, provider: p }),
                    }))}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {open?.kind === 'add' && (
        <ProviderForm provider={null} onClose={close} onDone={(p) => done(t('providers.added', { name: p.name }))} />
      )}
      {open?.kind === 'edit' && (
        <ProviderForm
          provider={open.provider}
          onClose={close}
          onDone={(p) => done(t('providers.saved', { name: p.name }))}
        />
      )}
      {open?.kind === 'test' && <ConnectionTestDialog provider={open.provider} onClose={close} />}
      {open?.kind === 'rotate' && (
        <RotateKeyDialog
          provider={open.provider}
          onClose={close}
          onDone={(p) => done(t('providers.rotated', { name: p.name }))}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteProviderDialog
          provider={open.provider}
          onClose={close}
          onDone={() => done(t('providers.deleted', { name: open.provider.name }))}
        />
      )}
    </div>
  );
}
