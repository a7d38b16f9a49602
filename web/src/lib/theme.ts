/** What the person chose: follow the system, or always light or dark. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** `value` if it is a theme preference, else 'system'. */
export function asThemePreference(value: string | null | undefined): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The theme to paint for a preference, given whether the system currently prefers dark. */
export function resolveTheme(preference: ThemePreference, systemDark: boolean): 'light' | 'dark' {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}
