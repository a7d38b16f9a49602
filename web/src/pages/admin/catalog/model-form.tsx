import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { Model, PriceCatalog, Provider } from '../../../api/catalog-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { splitFieldError } from '../../../ui/field-errors.ts';
import { decimalToMicros, microsToDecimal } from './money.ts';

const PRICES = ['priceInput', 'priceOutput', 'priceCachedInput'] as const;
const LIMITS = ['contextWindow', 'maxOutputTokens'] as const;
type Price = (typeof PRICES)[number];
type Limit = (typeof LIMITS)[number];
type FieldName = 'alias' | 'providerId' | 'upstreamModel' | 'kind' | Price | Limit;
const FIELDS: readonly string[] = ['alias', 'providerId', 'upstreamModel', 'kind', ...PRICES, ...LIMITS];

/**
 * Adds or edits a model alias: provider, upstream model, prices per million tokens in the org's
 * currency, limits. "Use catalog price" copies the bundled list price of a known upstream model
 * (dated, in the catalog's currency; the form says so when the org counts in another).
 */
export function ModelForm(props: {
  model: Model | null;
  providers: Provider[];
  catalog: PriceCatalog | null;
  currency: string;
  onDone: (m: Model) => void;
  onClose: () => void;
}) {
  const { t } = usePreferences();
  const m = props.model;
  const [alias, setAlias] = useState(m?.alias ?? '');
  const [providerId, setProviderId] = useState(m?.providerId ?? props.providers[0]?.id ?? '');
  const [upstreamModel, setUpstreamModel] = useState(m?.upstreamModel ?? '');
  const [kind, setKind] = useState<'chat' | 'embedding'>(m?.kind ?? 'chat');
  const [prices, setPrices] = useState<Record<Price, string>>({
    priceInput: microsToDecimal(m?.priceInput),
    priceOutput: microsToDecimal(m?.priceOutput),
    priceCachedInput: microsToDecimal(m?.priceCachedInput),
  });
  const [limits, setLimits] = useState<Record<Limit, string>>({
    contextWindow: m?.contextWindow?.toString() ?? '',
    maxOutputTokens: m?.maxOutputTokens?.toString() ?? '',
  });
  const [enabled, setEnabled] = useState(m?.enabled ?? true);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [catalogNote, setCatalogNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const providerFieldId = useId();
  const kindId = useId();
  const listId = useId();
  const listed = props.catalog?.models.find((c) => c.model === upstreamModel.trim()) ?? null;

  const useCatalogPrice = () => {
    if (!listed || !props.catalog) return;
    setPrices({
      priceInput: microsToDecimal(listed.input),
      priceOutput: microsToDecimal(listed.output),
      priceCachedInput: microsToDecimal(listed.cachedInput),
    });
    const { asOf, currency } = props.catalog;
    setCatalogNote(
      currency === props.currency
        ? t('models.catalogApplied', { date: asOf, currency })
        : t('models.catalogOtherCurrency', { date: asOf, currency, orgCurrency: props.currency }),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    const body: Record<string, unknown> = { alias, providerId, upstreamModel, kind, enabled };
    for (const p of PRICES) {
      const micros = decimalToMicros(prices[p]);
      if (micros === 'invalid') problems[p] = t('models.priceInvalid');
      // A new model without prices gets the catalog's list price on the server (orgs counting in its currency).
      else if (micros !== null || m) body[p] = micros;
    }
    for (const l of LIMITS) {
      const value = limits[l].trim();
      if (value === '') body[l] = null;
      else if (/^\d+$/.test(value) && Number(value) > 0) body[l] = Number(value);
      else problems[l] = t('models.wholeNumber');
    }
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const saved = m
        ? await api.call<Model>(`/models/${m.id}`, { method: 'PATCH', body })
        : await api.call<Model>('/models', { method: 'POST', body });
      props.onDone(saved);
    } catch (error) {
      const text = errorText(error, t);
      const { path, text: problem } = splitFieldError(text);
      if (path && FIELDS.includes(path)) setErrors({ [path]: problem });
      else setFormError(text);
    } finally {
      setBusy(false);
    }
  };

  const priceLabel = (p: Price) => t(`models.${p}`, { currency: props.currency });
  return (
    <Dialog title={m ? t('models.editTitle', { alias: m.alias }) : t('models.addTitle')} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('models.alias')}
          hint={t('models.aliasHint')}
          value={alias}
          onChange={(e) => setAlias(e.target.value)}
          error={errors.alias}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <div className="field">
          <label htmlFor={providerFieldId}>{t('models.provider')}</label>
          <select
            id={providerFieldId}
            value={providerId}
            onChange={(e) => setProviderId(e.target.value)}
            aria-invalid={errors.providerId ? true : undefined}
            aria-describedby={errors.providerId ? `${providerFieldId}-error` : undefined}
          >
            {props.providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({t(`providers.kind.${p.kind}`)})
              </option>
            ))}
          </select>
          {errors.providerId && (
            <p id={`${providerFieldId}-error`} className="field-error">
              {errors.providerId}
            </p>
          )}
        </div>
        <Field
          label={t('models.upstreamModel')}
          hint={t('models.upstreamHint')}
          value={upstreamModel}
          onChange={(e) => setUpstreamModel(e.target.value)}
          error={errors.upstreamModel}
          list={listId}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id={listId}>
          {props.catalog?.models.map((c) => (
            <option key={c.model} value={c.model} />
          ))}
        </datalist>
        <div className="field">
          <label htmlFor={kindId}>{t('models.kind')}</label>
          <select
            id={kindId}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'chat' | 'embedding')}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={errors.kind ? `${kindId}-error` : undefined}
          >
            <option value="chat">{t('models.kind.chat')}</option>
            <option value="embedding">{t('models.kind.embedding')}</option>
          </select>
          {errors.kind && (
            <p id={`${kindId}-error`} className="field-error">
              {errors.kind}
            </p>
          )}
        </div>
        <fieldset className="prices">
          <legend>{t('models.prices', { currency: props.currency })}</legend>
          <div className="actions">
            <button type="button" className="secondary" disabled={!listed} onClick={useCatalogPrice}>
              {t('models.useCatalog')}
            </button>
          </div>
          <p className="hint" aria-live="polite">
            {catalogNote ?? (listed ? t('models.catalogKnown') : t('models.catalogUnknown'))}
          </p>
          {PRICES.map((p) => (
            <Field
              key={p}
              label={priceLabel(p)}
              inputMode="decimal"
              value={prices[p]}
              onChange={(e) => setPrices({ ...prices, [p]: e.target.value })}
              error={errors[p]}
              autoComplete="off"
            />
          ))}
        </fieldset>
        {LIMITS.map((l) => (
          <Field
            key={l}
            label={t(`models.${l}`)}
            inputMode="numeric"
            value={limits[l]}
            onChange={(e) => setLimits({ ...limits, [l]: e.target.value })}
            error={errors[l]}
            autoComplete="off"
          />
        ))}
        <div className="field check">
          <label>
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
            {t('models.enabled')}
          </label>
        </div>
        <DialogActions
          label={m ? t('models.save') : t('models.add')}
          cancelLabel={t('models.cancel')}
          onCancel={props.onClose}
          disabled={busy}
          error={formError}
        />
      </form>
    </Dialog>
  );
}

/** Deletes a model alias and its access rules. */
export function DeleteModelDialog(props: { model: Model; onDone: () => void; onClose: () => void }) {
  const { t } = usePreferences();
  return (
    <ConfirmDialog
      title={t('models.delete.title', { alias: props.model.alias })}
      confirmLabel={t('models.delete.submit')}
      cancelLabel={t('models.cancel')}
      danger
      onClose={props.onClose}
      onConfirm={async () => {
        await api.call(`/models/${props.model.id}`, { method: 'DELETE' });
        props.onDone();
      }}
    >
      <p>{t('models.delete.confirm')}</p>
    </ConfirmDialog>
  );
}
