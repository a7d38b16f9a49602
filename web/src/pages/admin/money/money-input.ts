/** Micro-units per currency unit (money is integer micro-units on the server). */
const MICROS = 1_000_000n;
const AMOUNT = /^(-?)(\d{1,13})(?:[.,](\d{1,6}))?$/;

/**
 * A decimal amount as typed ("25", "12.50", "0,75" — German decimal comma too) → integer
 * micro-units, exactly (read from its digits, never through a float); null when it is not one.
 * Negative only when allowed (an adjustment may take credits away).
 */
export function parseMicros(raw: string, options: { negative?: boolean } = {}): number | null {
  const m = AMOUNT.exec(raw.trim().replace(/\s/g, ''));
  if (!m || (m[1] && !options.negative)) return null;
  const micros = BigInt(m[2]!) * MICROS + BigInt((m[3] ?? '').padEnd(6, '0'));
  return Number(m[1] ? -micros : micros);
}

/** Micro-units as a plain decimal with at least two places ("12.50", "0.000001"), for an input's value. */
export function microsToDecimal(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = BigInt(Math.abs(micros));
  const whole = abs / MICROS;
  const frac = (abs % MICROS).toString().padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${whole}.${frac}`;
}

/**
 * Alert thresholds as typed ("50, 80, 95") → sorted whole percentages; null when one is not a
 * whole number from 1 to 100 or repeats. An empty text means no alerts.
 */
export function parseThresholds(raw: string): number[] | null {
  const parts = raw
    .split(/[,;\s]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter(Boolean);
  const values: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n < 1 || n > 100 || values.includes(n)) return null;
    values.push(n);
  }
  return values.sort((a, b) => a - b);
}

/** A whole count as typed ("200000", "200 000", "200.000" with grouping) → number, or null. */
export function parseCount(raw: string, min = 0): number | null {
  const digits = raw.trim().replace(/[\s.,'’_]/g, '');
  if (!/^\d{1,15}$/.test(digits)) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}
