import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import {
  MANUAL_ENTRY_TYPES,
  type CreditEntry,
  type CreditSummary,
  type ManualEntryType,
  type Tenant,
} from '../../../api/money-types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { LoadError } from '../../../ui/load-error.tsx';
import { errorField } from '../../../ui/field-errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import { LedgerTable } from './ledger-table.tsx';
import { microsToDecimal, parseMicros } from './money-input.ts';

const CREATE_FIELDS = ['name', 'slug', 'timezone'] as const;

/** A new tenant: name, short name (slug) and time zone (POST /api/orgs). */
export function CreateTenantDialog(props: { onCreated: (name: string) => void; onClose: () => void }) {
  const { t } = usePreferences();
  const [form, setForm] = useState({ name: '', slug: '', timezone: '' });
  const [errors, setErrors] = useState<Partial<Record<(typeof CREATE_FIELDS)[number], string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setGeneral(null);
    setBusy(true);
    try {
      await api.call('/orgs', {
        method: 'POST',
        body: { name: form.name, slug: form.slug.trim(), timezone: form.timezone.trim() || undefined },
      });
      props.onCreated(form.name.trim());
    } catch (error) {
      const field = errorField(error, CREATE_FIELDS);
      if (field) setErrors({ [field]: errorText(error, t) });
      else setGeneral(errorText(error, t));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('tenants.new')} onClose={props.onClose}>
      <form className="money-dialog" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('tenants.create.name')}
          value={form.name}
          maxLength={200}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={errors.name}
          required
        />
        <Field
          label={t('tenants.create.slug')}
          hint={t('tenants.create.slugHint')}
          value={form.slug}
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => setForm({ ...form, slug: e.target.value })}
          error={errors.slug}
          required
        />
        <Field
          label={t('tenants.create.timezone')}
          hint={t('tenants.create.timezoneHint')}
          value={form.timezone}
          spellCheck={false}
          onChange={(e) => setForm({ ...form, timezone: e.target.value })}
          error={errors.timezone}
        />
        <DialogActions
          error={general}
          label={t('tenants.create.submit')}
          cancelLabel={t('money.cancel')}
          onCancel={props.onClose}
          disabled={busy}
        />
      </form>
    </Dialog>
  );
}

/**
 * Adding credits to a tenant. The idempotency key is made once per opening of the dialog, so a
 * double click, a retry after a lost answer or a second submit grants once (the server replays).
 */
export function GrantDialog(props: {
  tenant: Tenant;
  onGranted: (entry: CreditEntry & { replayed: boolean }) => void;
  onClose: () => void;
}) {
  const { t, lang } = usePreferences();
  const typeId = useId();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [type, setType] = useState<ManualEntryType>('grant');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const currency = props.tenant.credits.currency;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setGeneral(null);
    const amountMicros = parseMicros(amount, { negative: type === 'adjustment' });
    if (amountMicros === null || amountMicros === 0) return setErrors({ amount: t('money.error.amount') });
    setBusy(true);
    try {
      const entry = await api.call<CreditEntry & { replayed: boolean }>(`/platform/orgs/${props.tenant.id}/credits`, {
        method: 'POST',
        body: { type, amountMicros, reason, idempotencyKey },
      });
      props.onGranted(entry);
    } catch (error) {
      const field = errorField(error, ['amount', 'reason'] as const, { amountMicros: 'amount' });
      if (field) setErrors({ [field]: errorText(error, t) });
      else setGeneral(errorText(error, t));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('tenants.grantOf', { name: props.tenant.name })} onClose={props.onClose}>
      <form className="money-dialog" onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('tenants.balance', { amount: formatMoney(props.tenant.credits.balanceMicros, currency, lang) })}</p>
        <div className="field">
          <label htmlFor={typeId}>{t('tenants.grant.type')}</label>
          <select id={typeId} value={type} onChange={(e) => setType(e.target.value as ManualEntryType)}>
            {MANUAL_ENTRY_TYPES.map((m) => (
              <option key={m} value={m}>
                {t(`money.entry.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('tenants.grant.amount', { currency })}
          hint={t('tenants.grant.amountHint')}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.amount}
          required
        />
        <Field
          label={t('tenants.grant.reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={errors.reason}
          required
        />
        <DialogActions
          error={general}
          label={t('tenants.grant.submit')}
          cancelLabel={t('money.cancel')}
          onCancel={props.onClose}
          disabled={busy}
        />
      </form>
    </Dialog>
  );
}

/** Whether a tenant's requests need credits, and its low-balance alert (PATCH …/credits/settings). */
export function CreditSettingsDialog(props: { tenant: Tenant; onSaved: () => void; onClose: () => void }) {
  const { t } = usePreferences();
  const currency = props.tenant.credits.currency;
  const current = useLoad(
    (signal) => api.call<CreditSummary>(`/platform/orgs/${props.tenant.id}/credits`, { signal }),
    [props.tenant.id],
  );
  return (
    <Dialog title={t('tenants.settingsOf', { name: props.tenant.name })} onClose={props.onClose}>
      {current.state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {current.state.status === 'error' && <LoadError error={current.state.error} retry={current.reload} />}
      {current.state.status === 'ok' && (
        <CreditSettingsForm
          tenantId={props.tenant.id}
          summary={current.state.data}
          currency={currency}
          onSaved={props.onSaved}
          onClose={props.onClose}
        />
      )}
    </Dialog>
  );
}

function CreditSettingsForm(props: {
  tenantId: string;
  summary: CreditSummary;
  currency: string;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = usePreferences();
  const checkId = useId();
  const [enforced, setEnforced] = useState(props.summary.enforced);
  const [low, setLow] = useState(
    props.summary.lowBalanceMicros === null ? '' : microsToDecimal(props.summary.lowBalanceMicros),
  );
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setGeneral(null);
    const lowBalanceMicros = low.trim() === '' ? null : parseMicros(low);
    if (low.trim() !== '' && lowBalanceMicros === null) return setError(t('money.error.amount'));
    setBusy(true);
    try {
      await api.call(`/platform/orgs/${props.tenantId}/credits/settings`, {
        method: 'PATCH',
        body: { enforced, lowBalanceMicros },
      });
      props.onSaved();
    } catch (err) {
      if (errorField(err, ['lowBalanceMicros'] as const)) setError(errorText(err, t));
      else setGeneral(errorText(err, t));
      setBusy(false);
    }
  };
  return (
    <form className="money-dialog" onSubmit={(e) => void submit(e)} noValidate>
      <div className="money-check">
        <input id={checkId} type="checkbox" checked={enforced} onChange={(e) => setEnforced(e.target.checked)} />
        <label htmlFor={checkId}>{t('tenants.settings.enforced')}</label>
      </div>
      <Field
        label={t('tenants.settings.low', { currency: props.currency })}
        hint={t('tenants.settings.lowHint')}
        inputMode="decimal"
        value={low}
        onChange={(e) => setLow(e.target.value)}
        error={error}
      />
      <DialogActions
        error={general}
        label={t('money.save')}
        cancelLabel={t('money.cancel')}
        onCancel={props.onClose}
        disabled={busy}
      />
    </form>
  );
}

/** A tenant's balance and ledger, as its admins see them, for the operator. */
export function TenantLedgerDialog(props: { tenant: Tenant; timeZone: string; onClose: () => void }) {
  const { t, lang } = usePreferences();
  const base = `/platform/orgs/${props.tenant.id}/credits`;
  const summary = useLoad((signal) => api.call<CreditSummary>(base, { signal }), [base]);
  const currency = props.tenant.credits.currency;
  return (
    <Dialog title={t('tenants.ledgerOf', { name: props.tenant.name })} onClose={props.onClose} wide>
      <div className="money-dialog">
        {summary.state.status === 'ok' && (
          <dl className="figures">
            {(
              [
                ['money.credits.available', summary.state.data.availableMicros],
                ['money.credits.credited', summary.state.data.creditedMicros],
                ['money.credits.consumed', summary.state.data.consumedMicros],
                ['money.credits.held', summary.state.data.heldMicros],
              ] as const
            ).map(([label, micros]) => (
              <div key={label}>
                <dt>{t(label)}</dt>
                <dd>{formatMoney(micros, currency, lang)}</dd>
              </div>
            ))}
          </dl>
        )}
        {summary.state.status === 'error' && <LoadError error={summary.state.error} retry={summary.reload} />}
        <LedgerTable
          path={`${base}/ledger`}
          currency={currency}
          timeZone={props.tenant.settings.timezone ?? props.timeZone}
          label={t('tenants.ledgerOf', { name: props.tenant.name })}
        />
      </div>
    </Dialog>
  );
}
