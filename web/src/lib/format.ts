import type { Language } from '../i18n/translate.ts';

const LOCALE: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

/** Micro-units per currency unit: money is integer micro-units on the server. */
export const MICROS = 1_000_000;

/** An amount of money given in micro-units, e.g. 1_500_000 USD → "US$1.50" (small amounts keep 4 decimals). */
export function formatMoney(micros: number, currency: string, lang: Language): string {
  const value = micros / MICROS;
  const small = value !== 0 && Math.abs(value) < 1;
  return new Intl.NumberFormat(LOCALE[lang], {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 4 : 2,
  }).format(value);
}

/** A whole count (tokens, requests) with the language's digit grouping. */
export function formatCount(n: number, lang: Language): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 }).format(n);
}

/** An amount in a budget's metric: cost in money, tokens and requests as counts. */
export function formatMetric(
  metric: 'cost' | 'tokens' | 'requests',
  value: number,
  currency: string,
  lang: Language,
): string {
  return metric === 'cost' ? formatMoney(value, currency, lang) : formatCount(value, lang);
}

/** An instant in `timeZone` (the org's), with the zone's short name so nobody guesses. */
export function formatDateTime(iso: string, timeZone: string, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Share of `used` in `limit` as 0–100 (100 when the limit is 0). */
export function percentUsed(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.min(100, Math.max(0, Math.round((used / limit) * 100)));
}

/** A size in bytes as B, KB or MB (1 KB = 1 000 B). */
export function formatBytes(bytes: number, lang: Language): string {
  const [value, unit] =
    bytes < 1000 ? [bytes, 'B'] : bytes < 1_000_000 ? [bytes / 1000, 'KB'] : [bytes / 1_000_000, 'MB'];
  return `${new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: unit === 'B' ? 0 : 1 }).format(value)} ${unit}`;
}
