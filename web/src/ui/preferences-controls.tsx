import { usePreferences } from '../app/preferences.tsx';
import { LANGUAGES, type Language } from '../i18n/translate.ts';
import type { ThemePreference } from '../lib/theme.ts';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };
const THEMES: ThemePreference[] = ['system', 'light', 'dark'];

/** Language and theme pickers (labelled selects, so they work from the keyboard and for screen readers). */
export function PreferencesControls() {
  const { lang, setLang, theme, setTheme, t } = usePreferences();
  return (
    <div className="prefs">
      <label>
        <span>{t('prefs.language')}</span>
        <select value={lang} onChange={(e) => setLang(e.target.value as Language)} data-testid="language">
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('prefs.theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemePreference)} data-testid="theme">
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`prefs.theme.${th}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
