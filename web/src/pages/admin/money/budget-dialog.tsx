import { useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import { METRICS, PERIODS, SCOPE_TYPES, type Budget } from '../../../api/money-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import {
  BUDGET_FIELD_ALIASES,
  BUDGET_FIELDS,
  budgetBody,
  draftFromBudget,
  emptyDraft,
  type BudgetDraft,
  type BudgetField,
} from './budget-draft.ts';
import { errorField } from '../../../ui/field-errors.ts';
import { SelectField } from '../../../ui/select-field.tsx';
import { ScopePicker } from './scope-picker.tsx';

/**
 * Creating a budget on any scope, or editing one (its scope, metric and period are fixed). What
 * the person typed stays when saving fails; the server's message shows at the field it names.
 */
export function BudgetDialog(props: {
  budget: Budget | null;
  currency: string;
  timeZone: string;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = usePreferences();
  const mode = props.budget ? 'edit' : 'create';
  const [draft, setDraft] = useState<BudgetDraft>(() =>
    props.budget ? draftFromBudget(props.budget, props.timeZone) : emptyDraft(),
  );
  const [errors, setErrors] = useState<Partial<Record<BudgetField, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof BudgetDraft>(key: K, value: BudgetDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const cost = draft.metric === 'cost';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setGeneral(null);
    const built = budgetBody(draft, mode, props.timeZone);
    if (!('body' in built)) {
      setErrors({ [built.field]: t(built.problem) });
      return;
    }
    setBusy(true);
    try {
      if (props.budget) await api.call(`/budgets/${props.budget.id}`, { method: 'PATCH', body: built.body });
      else await api.call('/budgets', { method: 'POST', body: built.body });
      props.onSaved();
    } catch (error) {
      const field = errorField(error, BUDGET_FIELDS, BUDGET_FIELD_ALIASES);
      if (field) setErrors({ [field]: errorText(error, t) });
      else setGeneral(errorText(error, t));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t(props.budget ? 'money.budget.editTitle' : 'money.budget.newTitle')} onClose={props.onClose} wide>
      <form className="money-dialog" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('money.form.name')}
          value={draft.name}
          maxLength={200}
          onChange={(e) => set('name', e.target.value)}
          error={errors.name}
        />
        {mode === 'create' ? (
          <>
            <SelectField
              label={t('money.form.scopeType')}
              value={draft.scopeType}
              options={SCOPE_TYPES.map((s) => ({ value: s, label: t(`money.scope.${s}`) }))}
              onChange={(v) => setDraft((d) => ({ ...d, scopeType: v, scopeId: null, scopeName: null }))}
            />
            {draft.scopeType !== 'org' ? (
              <ScopePicker
                key={draft.scopeType}
                kind={draft.scopeType}
                label={t(`money.scope.${draft.scopeType}`)}
                value={draft.scopeId ? { id: draft.scopeId, name: draft.scopeName ?? '' } : null}
                onChange={(v) => setDraft((d) => ({ ...d, scopeId: v?.id ?? null, scopeName: v?.name ?? null }))}
                error={errors.target}
              />
            ) : (
              errors.target && <p className="field-error">{errors.target}</p>
            )}
            <div className="money-row">
              <SelectField
                label={t('money.form.metric')}
                value={draft.metric}
                options={METRICS.map((m) => ({ value: m, label: t(`metric.${m}`) }))}
                onChange={(v) => set('metric', v)}
              />
              <SelectField
                label={t('money.form.period')}
                value={draft.period}
                options={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))}
                onChange={(v) => set('period', v)}
              />
            </div>
          </>
        ) : (
          <>
            <p>
              <span className="badge">{t(`money.scope.${draft.scopeType}`)}</span> {draft.scopeName ?? ''} ·{' '}
              {t(`metric.${draft.metric}`)} {t(`period.${draft.period}`)}
            </p>
            <p className="hint">{t('money.form.fixed')}</p>
          </>
        )}
        <Field
          label={cost ? t('money.form.limitCost', { currency: props.currency }) : t('money.form.limitCount')}
          hint={cost ? t('money.form.limitHintCost') : undefined}
          inputMode={cost ? 'decimal' : 'numeric'}
          value={draft.limit}
          onChange={(e) => set('limit', e.target.value)}
          error={errors.limit}
          required
        />
        <Field
          label={t('money.form.thresholds')}
          hint={t('money.form.thresholdsHint')}
          value={draft.thresholds}
          onChange={(e) => set('thresholds', e.target.value)}
          error={errors.thresholds}
        />
        <fieldset className="money-fieldset">
          <legend>{t('money.form.increase')}</legend>
          <p className="hint">{t('money.form.increaseHint')}</p>
          <div className="money-row">
            <Field
              label={
                cost
                  ? t('money.form.increaseAmountCost', { currency: props.currency })
                  : t('money.form.increaseAmountCount')
              }
              inputMode={cost ? 'decimal' : 'numeric'}
              value={draft.increaseAmount}
              onChange={(e) => set('increaseAmount', e.target.value)}
              error={errors.increaseAmount}
            />
            <Field
              label={t('money.form.increaseUntil', { tz: props.timeZone })}
              type="datetime-local"
              value={draft.increaseUntil}
              onChange={(e) => set('increaseUntil', e.target.value)}
              error={errors.increaseUntil}
            />
          </div>
        </fieldset>
        <div className="money-check">
          <input
            id={`${props.budget?.id ?? 'new'}-enabled`}
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
          />
          <label htmlFor={`${props.budget?.id ?? 'new'}-enabled`}>{t('money.form.enabled')}</label>
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
