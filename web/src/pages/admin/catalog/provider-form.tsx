import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import { PROVIDER_KINDS, type Provider, type ProviderKind } from '../../../api/catalog-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { splitFieldError } from '../../../ui/field-errors.ts';
import { BASE_URL, KIND_FIELDS, settingsForm, settingsFromForm, type SettingsForm } from './provider-settings.ts';

/** The fields a server message may name on this form; other messages show above the buttons. */
const FORM_FIELDS = ['name', 'kind', 'baseUrl', 'apiKey'] as const;
type FormField = (typeof FORM_FIELDS)[number] | keyof SettingsForm;

/** Which form field a server path ("baseUrl", "settings.headers.Host") belongs to, or null. */
function fieldOfPath(path: string | null): FormField | null {
  if (!path) return null;
  if ((FORM_FIELDS as readonly string[]).includes(path)) return path as FormField;
  const setting = /^settings\.(\w+)/.exec(path)?.[1];
  return setting && setting in settingsForm({}) ? (setting as keyof SettingsForm) : null;
}

/**
 * Connects a provider (kind first; each kind shows its own fields) or edits one. The API key is
 * write-only: a new provider may get one here; an existing one only when its address moves to
 * another host (the server asks for it then), otherwise through "Rotate key".
 */
export function ProviderForm(props: { provider: Provider | null; onDone: (p: Provider) => void; onClose: () => void }) {
  const { t } = usePreferences();
  const editing = props.provider;
  const [kind, setKind] = useState<ProviderKind>(editing?.kind ?? 'openai');
  const [name, setName] = useState(editing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [isDefault, setIsDefault] = useState(editing?.isDefault ?? false);
  const [settings, setSettings] = useState<SettingsForm>(settingsForm(editing?.settings ?? {}));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kindId = useId();
  const headersId = useId();
  const fields = KIND_FIELDS[kind];
  const set = (field: keyof SettingsForm, value: string | boolean) => setSettings({ ...settings, [field]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = settingsFromForm(kind, settings);
    if (parsed.problems.length > 0) {
      setErrors(Object.fromEntries(parsed.problems.map((p) => [p.field, t(`providers.problem.${p.problem}`)])));
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    const url = BASE_URL[kind] === 'none' ? null : baseUrl.trim() || null;
    try {
      const saved = editing
        ? await api.call<Provider>(`/providers/${editing.id}`, {
            method: 'PATCH',
            body: {
              name,
              ...(url !== editing.baseUrl ? { baseUrl: url } : {}),
              settings: parsed.settings,
              enabled,
              ...(isDefault !== editing.isDefault ? { isDefault } : {}),
              ...(apiKey ? { apiKey } : {}),
            },
          })
        : await api.call<Provider>('/providers', {
            method: 'POST',
            body: { name, kind, baseUrl: url, apiKey: apiKey || null, settings: parsed.settings, enabled },
          });
      props.onDone(saved);
    } catch (error) {
      const text = errorText(error, t);
      const { path, text: problem } = splitFieldError(text);
      const field = fieldOfPath(path);
      if (field) setErrors({ [field]: problem });
      else setFormError(text);
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof SettingsForm, type: 'text' | 'number' = 'text') => (
    <Field
      key={field}
      label={t(`providers.setting.${field}`)}
      hint={t(`providers.setting.${field}.hint`)}
      type={type}
      min={type === 'number' ? 0 : undefined}
      value={settings[field] as string}
      onChange={(e) => set(field, e.target.value)}
      error={errors[field]}
    />
  );

  return (
    <Dialog
      title={editing ? t('providers.editTitle', { name: editing.name }) : t('providers.addTitle')}
      onClose={props.onClose}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        {!editing && (
          <div className="field">
            <label htmlFor={kindId}>{t('providers.kind')}</label>
            <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`providers.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <Field
          label={t('providers.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          required
          autoComplete="off"
        />
        {BASE_URL[kind] !== 'none' && (
          <Field
            label={t('providers.baseUrl')}
            hint={t(BASE_URL[kind] === 'required' ? 'providers.baseUrl.requiredHint' : 'providers.baseUrl.hint')}
            type="url"
            inputMode="url"
            value={baseUrl}
            onChange={(e) => setBaseUrl(e.target.value)}
            error={errors.baseUrl}
            required={BASE_URL[kind] === 'required'}
            autoComplete="off"
          />
        )}
        {kind !== 'mock' && (
          <Field
            label={t('providers.apiKey')}
            hint={t(editing ? 'providers.apiKey.editHint' : 'providers.apiKey.hint')}
            type="password"
            autoComplete="new-password"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            error={errors.apiKey}
          />
        )}
        {fields.includes('organization') && text('organization')}
        {fields.includes('project') && text('project')}
        {fields.includes('version') && text('version')}
        {fields.includes('defaultMaxTokens') && text('defaultMaxTokens', 'number')}
        {fields.includes('text') && text('text')}
        {fields.includes('ttftMs') && text('ttftMs', 'number')}
        {fields.includes('chunks') && text('chunks', 'number')}
        {fields.includes('streamUsage') && (
          <div className="field check">
            <label>
              <input
                type="checkbox"
                checked={settings.streamUsage}
                onChange={(e) => set('streamUsage', e.target.checked)}
              />{' '}
              {t('providers.setting.streamUsage')}
            </label>
            <p className="hint">{t('providers.setting.streamUsage.hint')}</p>
          </div>
        )}
        {fields.includes('headers') && (
          <div className="field">
            <label htmlFor={headersId}>{t('providers.setting.headers')}</label>
            <textarea
              id={headersId}
              rows={3}
              value={settings.headers}
              onChange={(e) => set('headers', e.target.value)}
              aria-describedby={`${headersId}-hint${errors.headers ? ` ${headersId}-error` : ''}`}
              aria-invalid={errors.headers ? true : undefined}
              spellCheck={false}
            />
            <p id={`${headersId}-hint`} className="hint">
              {t('providers.setting.headers.hint')}
            </p>
            {errors.headers && (
              <p id={`${headersId}-error`} className="field-error">
                {errors.headers}
              </p>
            )}
          </div>
        )}
        <div className="field check">
          <label>
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
            {t('providers.enabled')}
          </label>
        </div>
        {editing && (
          <div className="field check">
            <label>
              <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />{' '}
              {t('providers.isDefault', { kind: t(`providers.kind.${kind}`) })}
            </label>
          </div>
        )}
        <DialogActions
          label={editing ? t('providers.save') : t('providers.add')}
          cancelLabel={t('providers.cancel')}
          onCancel={props.onClose}
          disabled={busy}
          error={formError}
        />
      </form>
    </Dialog>
  );
}
