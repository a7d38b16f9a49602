import { useEffect, useRef } from 'react';
import { api } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { usePreferences } from '../app/preferences.tsx';
import { useSession } from '../app/session.tsx';
import { asLanguage, LANGUAGES, type Language } from '../i18n/translate.ts';
import type { ThemePreference } from '../lib/theme.ts';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };
const THEMES: ThemePreference[] = ['system', 'light', 'dark'];

/** The signed-in person (not an API key's session) and the language they saved, if any. */
function signedInPerson(me: Me | null): { userId: string; language: Language | null } | null {
  if (!me || me.actor.kind !== 'user') return null;
  return { userId: me.actor.userId, language: asLanguage(me.language) };
}

/**
 * Language and theme pickers (labelled selects, so they work from the keyboard and for screen
 * readers). A signed-in person's language is theirs on every device: the one saved on the server
 * is applied once after sign-in (or a reload), and choosing another saves it there too. Signed
 * out, the choice stays on this device only.
 */
export function PreferencesControls() {
  const { lang, setLang, theme, setTheme, t } = usePreferences();
  const { state } = useSession();
  const person = signedInPerson(state.status === 'signedIn' ? state.me : null);
  const appliedFor = useRef<string | null>(null);

  // Only once per person and mount: a later re-read of /api/me must not undo a newer choice.
  useEffect(() => {
    if (!person || appliedFor.current === person.userId) return;
    appliedFor.current = person.userId;
    if (person.language && person.language !== lang) setLang(person.language);
  }, [person, lang, setLang]);

  const chooseLanguage = (next: Language) => {
    setLang(next);
    if (person)
      // Best effort: if saving fails, the language still applies on this device (localStorage).
      void api.call('/me/preferences', { method: 'PATCH', body: { language: next } }).catch(() => undefined);
  };

  return (
    <div className="prefs">
      <label>
        <span>{t('prefs.language')}</span>
        <select value={lang} onChange={(e) => chooseLanguage(e.target.value as Language)} data-testid="language">
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
