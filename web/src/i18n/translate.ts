import { de } from './messages-de.ts';
import { en, type MessageKey } from './messages-en.ts';

/** The UI languages. */
export const LANGUAGES = ['en', 'de'] as const;
/** One UI language. */
export type Language = (typeof LANGUAGES)[number];

const CATALOGS: Record<Language, Record<MessageKey, string>> = { en, de };

/** A translate function: a key and its `{name}` parameters → the text in one language. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The translate function of `lang`; unknown `{names}` stay as written, so a missing one shows. */
export function translator(lang: Language): Translate {
  const catalog = CATALOGS[lang];
  return (key, params) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** `value` if it names a UI language, else null. */
export function asLanguage(value: string | null | undefined): Language | null {
  return value === 'en' || value === 'de' ? value : null;
}

/**
 * The language to start with: the one remembered on this device, else the browser's first
 * supported preference, else English.
 */
export function initialLanguage(stored: string | null, browser: readonly string[]): Language {
  const remembered = asLanguage(stored);
  if (remembered) return remembered;
  for (const tag of browser) {
    const lang = asLanguage(tag.slice(0, 2).toLowerCase());
    if (lang) return lang;
  }
  return 'en';
}
