import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { initialLanguage, translator, type Language, type Translate } from '../i18n/translate.ts';
import { asThemePreference, resolveTheme, type ThemePreference } from '../lib/theme.ts';

const LANG_KEY = 'gh.lang';
const THEME_KEY = 'gh.theme';

/** The person's UI preferences and the translate function of their language. */
export interface Preferences {
  lang: Language;
  setLang: (lang: Language) => void;
  theme: ThemePreference;
  setTheme: (theme: ThemePreference) => void;
  t: Translate;
}

const PreferencesContext = createContext<Preferences | null>(null);

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/**
 * Language and theme, remembered on this device (localStorage) and applied to <html> (lang,
 * data-theme). The theme "system" follows the operating system live.
 */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() => initialLanguage(stored(LANG_KEY), navigator.languages));
  const [theme, setThemeState] = useState<ThemePreference>(() => asThemePreference(stored(THEME_KEY)));
  const [systemDark, setSystemDark] = useState(() => darkQuery().matches);

  useEffect(() => {
    const query = darkQuery();
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = resolveTheme(theme, systemDark);
  }, [theme, systemDark]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    remember(LANG_KEY, next);
    setLangState(next);
  }, []);
  const setTheme = useCallback((next: ThemePreference) => {
    remember(THEME_KEY, next);
    setThemeState(next);
  }, []);

  const value = useMemo(
    () => ({ lang, setLang, theme, setTheme, t: translator(lang) }),
    [lang, setLang, theme, setTheme],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

/** The current preferences; use inside PreferencesProvider. */
export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
