import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/api-client.ts';
import type { MfaRequirement, OrgSettingsForm, OrgWithSettings } from '../../api/org-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSession, useSignedIn } from '../../app/session.tsx';
import { Alert } from '../../ui/alert.tsx';
import { errorText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { BrandingPreview, ColourField, DEFAULT_COLOURS } from './org/branding-fields.tsx';
import { splitFieldError } from '../../ui/field-errors.ts';
import { supportedTimeZones, timeZoneOptions } from './org/org-helpers.ts';
import './org/org.css';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'JPY', 'CAD', 'AUD'];
const WEEK_STARTS = [1, 0, 6] as const;
const MFA: MfaRequirement[] = ['none', 'admins', 'all'];

/** What the form edits, as typed (strings, '' = not set). */
interface FormState {
  name: string;
  timezone: string;
  language: string;
  currency: string;
  weekStartsOn: string;
  requireMfa: MfaRequirement;
  unpricedModels: 'refuse' | 'allow';
  displayName: string;
  logoUrl: string;
  primaryColor: string;
  accentColor: string;
}

function formOf(org: OrgWithSettings): FormState {
  const s = org.settings;
  return {
    name: org.name,
    timezone: s.timezone ?? 'UTC',
    language: s.language ?? '',
    currency: s.currency ?? 'USD',
    weekStartsOn: String(s.weekStartsOn ?? 1),
    requireMfa: s.requireMfa ?? 'none',
    unpricedModels: s.unpricedModels ?? 'refuse',
    displayName: s.branding?.displayName ?? '',
    logoUrl: s.branding?.logoUrl ?? '',
    primaryColor: s.branding?.primaryColor ?? '',
    accentColor: s.branding?.accentColor ?? '',
  };
}

/** The PATCH /api/org body: settings are merged on the server, branding is replaced as a whole. */
function patchOf(f: FormState): { name: string; settings: OrgSettingsForm } {
  const settings: OrgSettingsForm = {
    timezone: f.timezone,
    currency: f.currency,
    weekStartsOn: Number(f.weekStartsOn),
    requireMfa: f.requireMfa,
    unpricedModels: f.unpricedModels,
    branding: {
      ...(f.displayName.trim() ? { displayName: f.displayName.trim() } : {}),
      ...(f.logoUrl.trim() ? { logoUrl: f.logoUrl.trim() } : {}),
      ...(f.primaryColor ? { primaryColor: f.primaryColor } : {}),
      ...(f.accentColor ? { accentColor: f.accentColor } : {}),
    },
  };
  if (f.language === 'en' || f.language === 'de') settings.language = f.language;
  return { name: f.name.trim(), settings };
}

/** A labelled select of the settings form. */
function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string | null;
  children: ReactNode;
}) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={described || undefined}
        aria-invalid={props.error ? true : undefined}
      >
        {props.children}
      </select>
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * The org's settings: name, time zone, currency, week start, mail language, two-factor
 * requirement, the unpriced-model policy and branding with a live preview. Saving re-reads the
 * session, so the shell shows the new name and colours at once.
 */
export default function SettingsPage() {
  const { t } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('org.title'), org?.name ?? t('app.name'));
  const { state, reload } = useLoad((signal) => api.call<OrgWithSettings>('/org', { signal }), []);
  return (
    <>
      <h1>{t('org.title')}</h1>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && <SettingsForm key={state.data.id} org={state.data} />}
    </>
  );
}

function SettingsForm({ org }: { org: OrgWithSettings }) {
  const { t } = usePreferences();
  const session = useSession();
  const [form, setForm] = useState<FormState>(() => formOf(org));
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [zones] = useState(() => timeZoneOptions(org.settings.timezone, supportedTimeZones()));
  const currencies = [...new Set([...CURRENCIES, form.currency])].sort();
  const set = (name: keyof FormState) => (value: string) => {
    setSaved(false);
    setForm((f) => ({ ...f, [name]: value }));
  };
  const fieldError = (...names: string[]) => (error && names.includes(error.field ?? '') ? error.text : null);
  const known = [
    'name',
    'settings.timezone',
    'settings.currency',
    'settings.weekStartsOn',
    'settings.language',
    'settings.requireMfa',
    'settings.unpricedModels',
    'settings.branding.displayName',
    'settings.branding.logoUrl',
    'settings.branding.primaryColor',
    'settings.branding.accentColor',
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api.call('/org', { method: 'PATCH', body: patchOf(form) });
      setSaved(true);
      // The shell reads the org from the session: reload it so the new name and colours show now.
      await session.reload().catch(() => undefined);
    } catch (e) {
      const text = errorText(e, t);
      setError({ field: splitFieldError(text).path, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="settings-form" noValidate>
      <section className="card" aria-labelledby="org-general">
        <h2 id="org-general">{t('org.general')}</h2>
        <Field
          label={t('org.name')}
          value={form.name}
          onChange={(e) => set('name')(e.target.value)}
          maxLength={200}
          required
          error={fieldError('name')}
        />
        <SelectField
          label={t('org.timezone')}
          value={form.timezone}
          onChange={set('timezone')}
          hint={t('org.timezoneHint')}
          error={fieldError('settings.timezone')}
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('org.currency')}
          value={form.currency}
          onChange={set('currency')}
          hint={t('org.currencyHint')}
          error={fieldError('settings.currency')}
        >
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('org.weekStart')}
          value={form.weekStartsOn}
          onChange={set('weekStartsOn')}
          error={fieldError('settings.weekStartsOn')}
        >
          {WEEK_STARTS.map((d) => (
            <option key={d} value={d}>
              {t(`org.weekday.${d}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('org.mailLanguage')}
          value={form.language}
          onChange={set('language')}
          hint={t('org.mailLanguageHint')}
          error={fieldError('settings.language')}
        >
          <option value="">{t('org.mailLanguageAuto')}</option>
          <option value="en" lang="en">
            English
          </option>
          <option value="de" lang="de">
            Deutsch
          </option>
        </SelectField>
      </section>
      <section className="card" aria-labelledby="org-policies">
        <h2 id="org-policies">{t('org.policies')}</h2>
        <SelectField
          label={t('org.requireMfa')}
          value={form.requireMfa}
          onChange={set('requireMfa')}
          hint={t('org.requireMfaHint')}
          error={fieldError('settings.requireMfa')}
        >
          {MFA.map((m) => (
            <option key={m} value={m}>
              {t(`org.mfa.${m}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('org.unpriced')}
          value={form.unpricedModels}
          onChange={set('unpricedModels')}
          hint={t('org.unpricedHint')}
          error={fieldError('settings.unpricedModels')}
        >
          <option value="refuse">{t('org.unpriced.refuse')}</option>
          <option value="allow">{t('org.unpriced.allow')}</option>
        </SelectField>
      </section>
      <section className="card" aria-labelledby="org-branding">
        <h2 id="org-branding">{t('org.branding')}</h2>
        <div className="branding-grid">
          <div>
            <Field
              label={t('org.displayName')}
              value={form.displayName}
              onChange={(e) => set('displayName')(e.target.value)}
              maxLength={100}
              hint={t('org.displayNameHint')}
              error={fieldError('settings.branding.displayName')}
            />
            <Field
              label={t('org.logoUrl')}
              type="url"
              value={form.logoUrl}
              onChange={(e) => set('logoUrl')(e.target.value)}
              maxLength={2000}
              placeholder="https://"
              hint={t('org.logoUrlHint')}
              error={fieldError('settings.branding.logoUrl')}
            />
            <ColourField
              label={t('org.primaryColour')}
              value={form.primaryColor}
              fallback={DEFAULT_COLOURS.primary}
              onChange={set('primaryColor')}
              error={fieldError('settings.branding.primaryColor')}
            />
            <ColourField
              label={t('org.accentColour')}
              value={form.accentColor}
              fallback={DEFAULT_COLOURS.accent}
              onChange={set('accentColor')}
              error={fieldError('settings.branding.accentColor')}
            />
          </div>
          <BrandingPreview
            displayName={form.displayName || form.name}
            logoUrl={form.logoUrl}
            primary={form.primaryColor}
            accent={form.accentColor}
          />
        </div>
      </section>
      {error && !known.includes(error.field ?? '') && <Alert kind="error">{error.text}</Alert>}
      {error && known.includes(error.field ?? '') && <Alert kind="error">{t('org.fixFields')}</Alert>}
      {saved && <Alert kind="success">{t('org.saved')}</Alert>}
      <button type="submit" className="primary" disabled={busy}>
        {t('org.save')}
      </button>
    </form>
  );
}
