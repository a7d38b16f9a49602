import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { Model, PriceCatalog, Provider } from '../../api/catalog-types.ts';
import type { Page } from '../../api/types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { formatCount, formatMoney } from '../../lib/format.ts';
import { Alert } from '../../ui/alert.tsx';
import { DownloadButton } from '../../ui/download-button.tsx';
import { FilterSelect } from '../../ui/filter-select.tsx';
import { useKeysetPages } from '../../ui/keyset-pager.tsx';
import { useListDialogs } from '../../ui/list-dialogs.ts';
import { PageHead } from '../../ui/page-head.tsx';
import { PagedList } from '../../ui/paged-list.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { RowActions } from '../../ui/row-actions.tsx';
import { useUrlFilters } from '../../ui/url-filters.ts';
import { AccessMatrixEditor } from './catalog/access-matrix.tsx';
import './catalog/catalog.css';
import { DeleteModelDialog, ModelForm } from './catalog/model-form.tsx';
import { ModelImport } from './catalog/model-import.tsx';

const PAGE_SIZE = 25;

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; model: Model };

/**
 * Model aliases (keyset-paginated, filtered in the URL), the access matrix, and the JSON export
 * and import of the whole model configuration.
 */
export default function ModelsPage() {
  const { t, lang } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('models.title'), org?.name ?? t('app.name'));
  const currency = org?.settings.currency ?? 'USD';
  const canManage = Boolean(me.abilities['model.manage']);
  const canImport = canManage && Boolean(me.abilities['provider.manage']);
  const canExport = Boolean(me.abilities['provider.read']);
  const { filters, set, key } = useUrlFilters(['providerId', 'kind', 'enabled'] as const);
  const pages = useKeysetPages(key, PAGE_SIZE);
  // Bumped by every change, so the list and the matrix load again.
  const [version, setVersion] = useState(0);
  const { open, setOpen, close, notice, done: changed } = useListDialogs<Open>(() => setVersion((v) => v + 1));

  const list = useLoad(
    (signal) =>
      api.call<Page<Model>>('/models', { signal, query: { ...filters, cursor: pages.cursor, limit: PAGE_SIZE } }),
    [filters.providerId, filters.kind, filters.enabled, pages.cursor, version],
  );
  const providers = useLoad(
    (signal) =>
      me.abilities['provider.read']
        ? api.call<{ items: Provider[] }>('/providers', { signal }).then((r) => r.items)
        : Promise.resolve([]),
    [version],
  );
  const catalog = useLoad(
    (signal) => api.call<PriceCatalog>('/price-catalog', { signal }).catch((): PriceCatalog | null => null),
    [],
  );
  const providerList = providers.state.status === 'ok' ? providers.state.data : [];
  const price = (micros: number | null) =>
    micros === null ? t('models.unpriced') : formatMoney(micros, currency, lang);

  return (
    <div className="catalog-page">
      <PageHead title={t('models.title')}>
        {canManage && (
          <button
            type="button"
            className="primary"
            disabled={providerList.length === 0}
            onClick={() => setOpen({ kind: 'add' })}
          >
            {t('models.add')}
          </button>
        )}
      </PageHead>
      {canManage && providers.state.status === 'ok' && providerList.length === 0 && (
        <p className="hint">{t('models.needProvider')}</p>
      )}
      {notice && <Alert kind="success">{notice}</Alert>}

      <section aria-labelledby="models-list">
        <h2 id="models-list">{t('models.list')}</h2>
        <form className="filters" role="search" aria-label={t('models.filters')} onSubmit={(e) => e.preventDefault()}>
          {providerList.length > 0 && (
            <FilterSelect
              label={t('models.provider')}
              value={filters.providerId}
              onChange={(v) => set('providerId', v)}
              options={providerList.map((p) => ({ value: p.id, label: p.name }))}
            />
          )}
          <FilterSelect
            label={t('models.kind')}
            value={filters.kind}
            onChange={(v) => set('kind', v)}
            options={[
              { value: 'chat', label: t('models.kind.chat') },
              { value: 'embedding', label: t('models.kind.embedding') },
            ]}
          />
          <FilterSelect
            label={t('models.state')}
            value={filters.enabled}
            onChange={(v) => set('enabled', v)}
            options={[
              { value: 'true', label: t('models.enabled') },
              { value: 'false', label: t('models.disabled') },
            ]}
          />
        </form>
        <PagedList load={list} pages={pages} label={t('models.list')} empty={t('models.none')} emptyPages="every">
          {(data) => (
            <table className="list" data-testid="models">
              <thead>
                <tr>
                  <th scope="col">{t('models.alias')}</th>
                  <th scope="col">{t('models.provider')}</th>
                  <th scope="col">{t('models.upstreamModel')}</th>
                  <th scope="col">{t('models.col.input', { currency })}</th>
                  <th scope="col">{t('models.col.output', { currency })}</th>
                  <th scope="col">{t('models.contextWindow')}</th>
                  <th scope="col">{t('models.state')}</th>
                  {canManage && <th scope="col">{t('models.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {m.alias} {m.kind === 'embedding' && <span className="badge">{t('models.kind.embedding')}</span>}
                    </th>
                    <td>{m.provider.name}</td>
                    <td>
                      <code>{m.upstreamModel}</code>
                    </td>
                    <td className="num">{price(m.priceInput)}</td>
                    <td className="num">{price(m.priceOutput)}</td>
                    <td className="num">{m.contextWindow === null ? '—' : formatCount(m.contextWindow, lang)}</td>
                    <td>{m.enabled ? t('models.enabled') : t('models.disabled')}</td>
                    {canManage && (
                      <td>
                        <RowActions
                          className="row-actions"
                          actions={(['edit', 'delete'] as const).map((kind) => ({
                            text: t(`models.${kind}`),
                            label: t(`models.${kind}.for`, { alias: m.alias }),
                            onClick: () => setOpen({ kind, model: m }),
                          }))}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </section>

      <section aria-labelledby="models-access">
        <h2 id="models-access">{t('models.access.title')}</h2>
        <p className="hint">{t('models.access.intro')}</p>
        <AccessMatrixEditor canManage={canManage} version={version} onSaved={() => setVersion((v) => v + 1)} />
      </section>

      {(canExport || canImport) && (
        <section aria-labelledby="models-transfer">
          <h2 id="models-transfer">{t('models.transfer.title')}</h2>
          <p className="hint">{t('models.transfer.intro')}</p>
          {canExport && (
            <div className="actions">
              <DownloadButton
                path="/models/export"
                filename="gatehouse-models.json"
                label={t('models.export')}
                accept="application/json"
              />
            </div>
          )}
          {canImport && (
            <>
              <h3>{t('models.import.title')}</h3>
              <ModelImport onApplied={() => setVersion((v) => v + 1)} />
            </>
          )}
        </section>
      )}

      {open?.kind === 'add' && (
        <ModelForm
          model={null}
          providers={providerList}
          catalog={catalog.state.status === 'ok' ? catalog.state.data : null}
          currency={currency}
          onClose={close}
          onDone={(m) => changed(t('models.added', { alias: m.alias }))}
        />
      )}
      {open?.kind === 'edit' && (
        <ModelForm
          model={open.model}
          providers={providerList}
          catalog={catalog.state.status === 'ok' ? catalog.state.data : null}
          currency={currency}
          onClose={close}
          onDone={(m) => changed(t('models.saved', { alias: m.alias }))}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteModelDialog
          model={open.model}
          onClose={close}
          onDone={() => changed(t('models.deleted', { alias: open.model.alias }))}
        />
      )}
    </div>
  );
}
