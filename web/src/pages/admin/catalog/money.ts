import { MICROS } from '../../../lib/format.ts';

/** The most decimals a price may have: prices are whole micro-units. */
const DECIMALS = 6;

/**
 * A price in micro-units as the decimal a person edits ("0.15" for 150 000), at least two
 * decimals, no thousands separators; '' for "no price".
 */
export function microsToDecimal(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '';
  const whole = Math.trunc(micros / MICROS);
  const fraction = String(Math.abs(micros % MICROS))
    .padStart(DECIMALS, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${micros < 0 && whole === 0 ? '-' : ''}${whole}.${fraction}`;
}

/**
 * A typed price ("0.15", "2,50" — a German comma works too) as whole micro-units; null for an
 * empty field ("no price"); 'invalid' for anything else, including more than six decimals.
 * Computed on the digits, so 0.29 is 290 000 exactly, not 289 999.99….
 */
export function decimalToMicros(text: string): number | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;
  const match = /^(\d{1,12})(?:[.,](\d{1,6}))?$/.exec(value);
  if (!match) return 'invalid';
  return Number(match[1]) * MICROS + Number((match[2] ?? '').padEnd(DECIMALS, '0'));
}
