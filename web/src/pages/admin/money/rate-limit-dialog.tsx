import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import { SCOPE_TYPES, type RateLimit, type ScopeType } from '../../../api/money-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { errorField } from '../../../ui/field-errors.ts';
import { parseCount } from './money-input.ts';
import { ScopePicker, type Picked } from './scope-picker.tsx';

const FIELDS = ['target', 'requestsPerMinute', 'tokensPerMinute'] as const;
type RateField = (typeof FIELDS)[number];

/** A per-minute number as typed: empty = not limited; else a whole number ≥ 1 (or null: not one). */
function perMinute(raw: string): number | null | 'bad' {
  if (raw.trim() === '') return null;
  return parseCount(raw, 1) ?? 'bad';
}

/**
 * Setting a scope's rate limit (PUT /api/rate-limits creates it or replaces both numbers); an
 * existing one is edited in place, its scope fixed.
 */
export function RateLimitDialog(props: { rate: RateLimit | null; onSaved: () => void; onClose: () => void }) {
  const { t } = usePreferences();
  const scopeTypeId = useId();
  const [scopeType, setScopeType] = useState<ScopeType>(props.rate?.scopeType ?? 'org');
  const [target, setTarget] = useState<Picked | null>(
    props.rate?.scopeId ? { id: props.rate.scopeId, name: props.rate.scopeName ?? '' } : null,
  );
  const [rpm, setRpm] = useState(props.rate?.requestsPerMinute?.toString() ?? '');
  const [tpm, setTpm] = useState(props.rate?.tokensPerMinute?.toString() ?? '');
  const [errors, setErrors] = useState<Partial<Record<RateField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setGeneral(null);
    if (scopeType !== 'org' && !target) return setErrors({ target: t('money.error.target') });
    const requestsPerMinute = perMinute(rpm);
    const tokensPerMinute = perMinute(tpm);
    if (requestsPerMinute === 'bad') return setErrors({ requestsPerMinute: t('money.error.count') });
    if (tokensPerMinute === 'bad') return setErrors({ tokensPerMinute: t('money.error.count') });
    setBusy(true);
    try {
      await api.call('/rate-limits', {
        method: 'PUT',
        body: { scopeType, scopeId: scopeType === 'org' ? null : target?.id, requestsPerMinute, tokensPerMinute },
      });
      props.onSaved();
    } catch (error) {
      const field = errorField(error, FIELDS, { scopeId: 'target', scopeType: 'target' });
      if (field) setErrors({ [field]: errorText(error, t) });
      else setGeneral(errorText(error, t));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('money.rates.formTitle')} onClose={props.onClose}>
      <form className="money-dialog" onSubmit={(e) => void submit(e)} noValidate>
        {props.rate ? (
          <p>
            <span className="badge">{t(`money.scope.${props.rate.scopeType}`)}</span> {props.rate.scopeName ?? ''}
          </p>
        ) : (
          <>
            <div className="field">
              <label htmlFor={scopeTypeId}>{t('money.form.scopeType')}</label>
              <select
                id={scopeTypeId}
                value={scopeType}
                onChange={(e) => {
                  setScopeType(e.target.value as ScopeType);
                  setTarget(null);
                }}
              >
                {SCOPE_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`money.scope.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            {scopeType !== 'org' && (
              <ScopePicker
                key={scopeType}
                kind={scopeType}
                label={t(`money.scope.${scopeType}`)}
                value={target}
                onChange={setTarget}
                error={errors.target}
              />
            )}
          </>
        )}
        <p className="hint">{t('money.rates.hint')}</p>
        <div className="money-row">
          <Field
            label={t('money.rates.rpm')}
            inputMode="numeric"
            value={rpm}
            onChange={(e) => setRpm(e.target.value)}
            error={errors.requestsPerMinute}
          />
          <Field
            label={t('money.rates.tpm')}
            inputMode="numeric"
            value={tpm}
            onChange={(e) => setTpm(e.target.value)}
            error={errors.tokensPerMinute}
          />
        </div>
        <DialogActions
          error={general}
          label={t('money.save')}
          cancelLabel={t('money.cancel')}
          onCancel={props.onClose}
          disabled={busy}
        />
      </form>
    </Dialog>
  );
}
