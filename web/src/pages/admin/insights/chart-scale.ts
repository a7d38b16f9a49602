/**
 * A round upper bound for a chart's value axis: the smallest 1, 2, 2.5 or 5 × 10ⁿ at or above
 * `max`, so the top label reads "€50.00" rather than "€47.13". 1 when everything is zero.
 */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** One bar of a bar chart in a 0–100 × 0–100 box: its x, width and height (y = 100 − height). */
export interface Bar {
  x: number;
  width: number;
  height: number;
}

/**
 * Bars for `values` on a 0–`ceiling` axis, side by side across the box with a gap of a fifth of a
 * slot between them; a non-zero value is at least a sliver high so it never looks like nothing.
 */
export function barsOf(values: readonly number[], ceiling: number): Bar[] {
  const slot = 100 / Math.max(1, values.length);
  const gap = values.length > 1 ? slot * 0.2 : 0;
  return values.map((v, i) => ({
    x: i * slot + gap / 2,
    width: slot - gap,
    height: v > 0 ? Math.max(0.75, (v / ceiling) * 100) : 0,
  }));
}

/** The share of `part` in `whole` as 0–100 (0 when the whole is 0). */
export function shareOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
}
