import type { ApiKey } from '../../../api/org-types.ts';
import { contrast } from '../../../lib/branding.ts';

/** Where a key stands: usable, revoked, or past its expiry. */
export type KeyStatus = 'active' | 'revoked' | 'expired';

/** The status of a key at `now` (ms since the epoch). */
export function keyStatus(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now: number): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

/** The expiry presets of the key form, in days ('' = never). */
export const EXPIRY_DAYS = ['', '30', '90', '180', '365'] as const;

/** The expiry instant `days` days after `now` (ms), as ISO; null for no expiry. */
export function expiryFrom(days: string, now: number): string | null {
  const n = Number(days);
  if (!days || !Number.isInteger(n) || n <= 0) return null;
  return new Date(now + n * 86_400_000).toISOString();
}

/** The page colours the branding colours sit on (styles.css --surface and --bg of each theme). */
const BACKGROUNDS = {
  surface: { light: '#ffffff', dark: '#1c1f26' },
  bg: { light: '#f6f7f9', dark: '#121418' },
} as const;

/** A readability problem of a branding colour. */
export interface ContrastProblem {
  colour: 'primary' | 'accent';
  theme: 'light' | 'dark';
  ratio: number;
  needed: number;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Where a branding colour is hard to see (WCAG non-text contrast, 3:1): the primary colour fills
 * buttons and the active navigation entry on the light theme's white surface (its text is black
 * or white, whichever reads better, which always reaches 4.5:1; the dark theme keeps the same
 * colour, as with the app's own blue); the accent colour fills usage bars on the page background
 * of both themes.
 */
export function contrastProblems(primary: string, accent: string): ContrastProblem[] {
  const problems: ContrastProblem[] = [];
  if (HEX.test(primary)) {
    const ratio = contrast(primary, BACKGROUNDS.surface.light);
    if (ratio < 3) problems.push({ colour: 'primary', theme: 'light', ratio, needed: 3 });
  }
  if (HEX.test(accent))
    for (const theme of ['light', 'dark'] as const) {
      const ratio = contrast(accent, BACKGROUNDS.bg[theme]);
      if (ratio < 3) problems.push({ colour: 'accent', theme, ratio, needed: 3 });
    }
  return problems;
}

/** A contrast ratio as people read it: "2.9:1" (one decimal, rounded down so 4.49 never shows as 4.5). */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;
}

/**
 * The IANA time zones to choose from: the runtime's list (Intl.supportedValuesOf), with the
 * current value kept even if this browser does not know it, and UTC always there.
 */
export function timeZoneOptions(current: string | undefined, supported: readonly string[]): string[] {
  const zones = new Set(supported);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort((a, b) => a.localeCompare(b));
}

/** The runtime's time zones, or none where Intl.supportedValuesOf is missing. */
export function supportedTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
}
