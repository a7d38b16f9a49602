import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import {
  PII_TYPES,
  PRIVACY_MODES,
  type CustomPattern,
  type PiiType,
  type PrivacyMode,
  type PrivacyPolicy,
} from '../../api/catalog-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { Alert } from '../../ui/alert.tsx';
import { errorText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import './catalog/catalog.css';
import { splitFieldError } from '../../ui/field-errors.ts';
import { allowListLines } from './catalog/privacy-text.ts';
import { PrivacyTry, typeLabel } from './catalog/privacy-try.tsx';

/** A custom pattern being edited, with a stable key for React (rows can be removed from the middle). */
type PatternRow = CustomPattern & { key: number };

/** The policy as edited: strings where people type, rows with keys. */
interface PolicyForm {
  defaultMode: PrivacyMode;
  byType: Partial<Record<PiiType, PrivacyMode>>;
  region: string;
  minScore: string;
  patterns: PatternRow[];
  allowList: string;
}

let nextKey = 1;
const formOf = (p: PrivacyPolicy): PolicyForm => ({
  defaultMode: p.mode.default,
  byType: p.mode.byType,
  region: p.region,
  minScore: String(p.minScore),
  patterns: p.customPatterns.map((c) => ({ ...c, key: nextKey++ })),
  allowList: p.allowList.join('\n'),
});

/** The policy to send; an unreadable score is sent as typed so the server names it. */
const policyOf = (f: PolicyForm): PrivacyPolicy => ({
  mode: { default: f.defaultMode, byType: f.byType },
  region: f.region.trim().toUpperCase(),
  minScore: f.minScore.trim() === '' ? 0.5 : Number(f.minScore.replace(',', '.')),
  customPatterns: f.patterns.map(({ name, pattern, flags, mode }) => ({
    name,
    pattern,
    flags,
    ...(mode ? { mode } : {}),
  })),
  allowList: allowListLines(f.allowList),
});

/** A select of the privacy modes (with "as the default" when `inherit` is given). */
function ModeSelect(props: {
  id: string;
  value: PrivacyMode | '';
  inherit?: string;
  onChange: (mode: PrivacyMode | '') => void;
}) {
  const { t } = usePreferences();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as PrivacyMode | '')}>
      {props.inherit !== undefined && <option value="">{props.inherit}</option>}
      {PRIVACY_MODES.map((m) => (
        <option key={m} value={m}>
          {t(`privacy.mode.${m}`)}
        </option>
      ))}
    </select>
  );
}

/** The policy editor: modes, custom patterns, allow-list; the server's problems shown at their field. */
function PolicyEditor(props: { policy: PrivacyPolicy }) {
  const { t } = usePreferences();
  const [form, setForm] = useState<PolicyForm>(() => formOf(props.policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const defaultId = useId();
  const allowId = useId();
  const update = (next: Partial<PolicyForm>) => {
    setSaved(false);
    setForm({ ...form, ...next });
  };
  const setPattern = (key: number, next: Partial<CustomPattern>) =>
    update({ patterns: form.patterns.map((p) => (p.key === key ? { ...p, ...next } : p)) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const policy = await api.call<PrivacyPolicy>('/privacy/policy', { method: 'PUT', body: policyOf(form) });
      setForm(formOf(policy));
      setSaved(true);
    } catch (e) {
      const text = errorText(e, t);
      const { path, text: problem } = splitFieldError(text);
      if (path && /^(customPatterns\.\d+\.(name|pattern|flags|mode)|region|minScore|allowList(\.\d+)?)$/.test(path))
        setErrors({ [path.replace(/^allowList\.\d+$/, 'allowList')]: problem });
      else setFormError(text);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <section aria-labelledby="privacy-modes" className="card">
          <h2 id="privacy-modes">{t('privacy.modes')}</h2>
          <p className="hint">{t('privacy.modesIntro')}</p>
          <div className="field narrow">
            <label htmlFor={defaultId}>{t('privacy.defaultMode')}</label>
            <ModeSelect
              id={defaultId}
              value={form.defaultMode}
              onChange={(m) => update({ defaultMode: m || 'pseudonymize' })}
            />
          </div>
          <ul className="type-modes" data-testid="privacy-modes">
            {PII_TYPES.map((type) => (
              <li key={type} className="field">
                <label htmlFor={`${defaultId}-${type}`}>{typeLabel(type, t)}</label>
                <ModeSelect
                  id={`${defaultId}-${type}`}
                  value={form.byType[type] ?? ''}
                  inherit={t('privacy.asDefault', { mode: t(`privacy.mode.${form.defaultMode}`) })}
                  onChange={(m) => {
                    const byType = { ...form.byType };
                    if (m) byType[type] = m;
                    else delete byType[type];
                    update({ byType });
                  }}
                />
              </li>
            ))}
          </ul>
          <div className="form-row">
            <Field
              label={t('privacy.region')}
              hint={t('privacy.regionHint')}
              value={form.region}
              maxLength={2}
              onChange={(e) => update({ region: e.target.value })}
              error={errors.region}
              autoComplete="off"
            />
            <Field
              label={t('privacy.minScore')}
              hint={t('privacy.minScoreHint')}
              inputMode="decimal"
              value={form.minScore}
              onChange={(e) => update({ minScore: e.target.value })}
              error={errors.minScore}
              autoComplete="off"
            />
          </div>
        </section>

        <section aria-labelledby="privacy-patterns" className="card">
          <h2 id="privacy-patterns">{t('privacy.patterns')}</h2>
          <p className="hint">{t('privacy.patternsIntro')}</p>
          {form.patterns.length === 0 && <p className="empty">{t('privacy.noPatterns')}</p>}
          <ol className="patterns">
            {form.patterns.map((p, i) => {
              const at = (field: string) => errors[`customPatterns.${i}.${field}`];
              return (
                <li key={p.key}>
                  <fieldset>
                    <legend>{t('privacy.pattern', { n: i + 1 })}</legend>
                    <div className="form-row">
                      <Field
                        label={t('privacy.patternName')}
                        hint={t('privacy.patternNameHint')}
                        value={p.name}
                        onChange={(e) => setPattern(p.key, { name: e.target.value })}
                        error={at('name')}
                        autoComplete="off"
                        spellCheck={false}
                      />
                      <Field
                        label={t('privacy.regex')}
                        hint={t('privacy.regexHint')}
                        className="code"
                        value={p.pattern}
                        onChange={(e) => setPattern(p.key, { pattern: e.target.value })}
                        error={at('pattern')}
                        autoComplete="off"
                        spellCheck={false}
                      />
                      <Field
                        label={t('privacy.flags')}
                        hint={t('privacy.flagsHint')}
                        value={p.flags}
                        maxLength={3}
                        onChange={(e) => setPattern(p.key, { flags: e.target.value })}
                        error={at('flags')}
                        autoComplete="off"
                        spellCheck={false}
                      />
                      <div className="field">
                        <label htmlFor={`pattern-mode-${p.key}`}>{t('privacy.mode')}</label>
                        <ModeSelect
                          id={`pattern-mode-${p.key}`}
                          value={p.mode ?? ''}
                          inherit={t('privacy.asDefault', { mode: t(`privacy.mode.${form.defaultMode}`) })}
                          onChange={(m) => setPattern(p.key, { mode: m || undefined })}
                        />
                      </div>
                    </div>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => update({ patterns: form.patterns.filter((q) => q.key !== p.key) })}
                    >
                      {t('privacy.removePattern', { n: i + 1 })}
                    </button>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              update({ patterns: [...form.patterns, { name: '', pattern: '', flags: '', key: nextKey++ }] })
            }
          >
            {t('privacy.addPattern')}
          </button>
        </section>

        <section aria-labelledby="privacy-allow" className="card">
          <h2 id="privacy-allow">{t('privacy.allowList')}</h2>
          <div className="field">
            <label htmlFor={allowId}>{t('privacy.allowTerms')}</label>
            <textarea
              id={allowId}
              rows={4}
              value={form.allowList}
              onChange={(e) => update({ allowList: e.target.value })}
              aria-describedby={`${allowId}-hint${errors.allowList ? ` ${allowId}-error` : ''}`}
              aria-invalid={errors.allowList ? true : undefined}
            />
            <p id={`${allowId}-hint`} className="hint">
              {t('privacy.allowHint')}
            </p>
            {errors.allowList && (
              <p id={`${allowId}-error`} className="field-error">
                {errors.allowList}
              </p>
            )}
          </div>
        </section>

        {formError && <Alert kind="error">{formError}</Alert>}
        {Object.keys(errors).length > 0 && <Alert kind="error">{t('privacy.fixFields')}</Alert>}
        {saved && <Alert kind="success">{t('privacy.saved')}</Alert>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('privacy.save')}
          </button>
        </div>
      </form>
      <section aria-labelledby="privacy-try" className="card try">
        <h2 id="privacy-try">{t('privacy.try.title')}</h2>
        <p className="hint">{t('privacy.try.intro')}</p>
        <PrivacyTry policy={policyOf(form)} />
      </section>
    </>
  );
}

/** The org's privacy policy: what the shield does with each kind of personal data, and a place to try it. */
export default function PrivacyPage() {
  const { t } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('privacy.title'), org?.name ?? t('app.name'));
  const { state, reload } = useLoad((signal) => api.call<PrivacyPolicy>('/privacy/policy', { signal }), []);
  return (
    <div className="catalog-page">
      <h1>{t('privacy.title')}</h1>
      <p className="hint">{t('privacy.intro')}</p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && <PolicyEditor policy={state.data} />}
    </div>
  );
}
