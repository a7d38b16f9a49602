import { useId } from 'react';
import { usePreferences } from '../../../app/preferences.tsx';
import { readableOn, safeLogoUrl } from '../../../lib/branding.ts';
import { contrastProblems, formatRatio } from './org-helpers.ts';

/** The app's own colours (styles.css), shown while the org has none of its own. */
export const DEFAULT_COLOURS = { primary: '#2f5bd3', accent: '#2f5bd3' } as const;

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * One branding colour: a colour picker and the same value as #rrggbb text (typed or pasted),
 * kept in step; '' means the app's default, which "Use default" restores.
 */
export function ColourField(props: {
  label: string;
  value: string;
  fallback: string;
  onChange: (value: string) => void;
  error?: string | null;
}) {
  const { t } = usePreferences();
  const id = useId();
  const hexId = `${id}-hex`;
  const errorId = `${id}-error`;
  const valid = HEX.test(props.value);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="colour-row">
        <input
          id={id}
          type="color"
          value={valid ? props.value.toLowerCase() : props.fallback}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <label className="visually-hidden" htmlFor={hexId}>
          {t('org.colourHex', { label: props.label })}
        </label>
        <input
          id={hexId}
          className="colour-hex"
          value={props.value}
          placeholder={props.fallback}
          onChange={(e) => props.onChange(e.target.value.trim())}
          maxLength={7}
          spellCheck={false}
          aria-invalid={props.value && !valid ? true : props.error ? true : undefined}
          aria-describedby={props.error || (props.value && !valid) ? errorId : undefined}
        />
        <button
          type="button"
          className="secondary org-compact"
          onClick={() => props.onChange('')}
          disabled={!props.value}
        >
          {t('org.useDefault')}
        </button>
      </div>
      {(props.error || (props.value && !valid)) && (
        <p id={errorId} className="field-error">
          {props.error ?? t('org.colourInvalid')}
        </p>
      )}
    </div>
  );
}

/**
 * A small picture of the shell in the chosen colours — top bar, logo and name, the active
 * navigation entry, a primary button and a usage bar — with a warning where a colour is hard to
 * see. Colours are set as React style props (the CSP forbids inline style attributes in HTML).
 */
export function BrandingPreview(props: { displayName: string; logoUrl: string; primary: string; accent: string }) {
  const { t } = usePreferences();
  const primary = HEX.test(props.primary) ? props.primary : DEFAULT_COLOURS.primary;
  const accent = HEX.test(props.accent) ? props.accent : DEFAULT_COLOURS.accent;
  const onPrimary = readableOn(primary);
  const logo = safeLogoUrl(props.logoUrl);
  const problems = contrastProblems(primary, accent);
  return (
    <div className="brand-preview-wrap">
      <div className="brand-preview" data-testid="branding-preview" aria-label={t('org.preview')} role="img">
        <div className="brand-preview-top" style={{ borderTopColor: primary }}>
          {logo ? <img src={logo} alt="" height="20" /> : <img src="/favicon.svg" alt="" width="20" height="20" />}
          <span>{props.displayName || t('org.previewName')}</span>
        </div>
        <div className="brand-preview-body">
          <span className="brand-preview-nav" style={{ background: primary, color: onPrimary }}>
            {t('nav.chat')}
          </span>
          <span className="brand-preview-button" style={{ background: primary, color: onPrimary }}>
            {t('org.previewButton')}
          </span>
          <span className="brand-preview-bar">
            <span style={{ background: accent }} />
          </span>
        </div>
      </div>
      {problems.length > 0 && (
        <div className="alert alert-info" role="status" data-testid="contrast-warning">
          <p>
            <strong>{t('org.contrastTitle')}</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.colour}-${p.theme}`}>
                {t(p.colour === 'primary' ? 'org.contrastPrimary' : 'org.contrastAccent', {
                  ratio: formatRatio(p.ratio),
                  needed: formatRatio(p.needed),
                  theme: t(p.theme === 'light' ? 'prefs.theme.light' : 'prefs.theme.dark'),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
