import type { SummaryRow } from '../../../api/insights-types.ts';
import { addDays, type IsoDate } from '../../../lib/zoned-time.ts';

/** Average daily spend over the last 7 and 30 local days and how long a balance lasts at that pace. */
export interface BurnRate {
  /** Micro-units per day, over the 7 local days ending today. */
  perDay7: number;
  /** Micro-units per day, over the 30 local days ending today. */
  perDay30: number;
  /** Whole days the balance lasts at the 7-day pace (the 30-day pace when the last week spent nothing); null when nothing is spent. */
  daysLeft: number | null;
}

/**
 * The burn rate from a day summary of the last 30 local days ending `today`. Days without usage
 * count as zero spend (the API leaves them out), so a quiet week lowers the pace as it should.
 */
export function burnRate(dayRows: readonly SummaryRow[], today: IsoDate, balanceMicros: number): BurnRate {
  const weekStart = addDays(today, -6);
  const monthStart = addDays(today, -29);
  let week = 0;
  let month = 0;
  for (const row of dayRows) {
    if (!row.bucket || row.bucket > today || row.bucket < monthStart) continue;
    month += row.costMicros;
    if (row.bucket >= weekStart) week += row.costMicros;
  }
  const perDay7 = week / 7;
  const perDay30 = month / 30;
  const pace = perDay7 > 0 ? perDay7 : perDay30;
  return { perDay7, perDay30, daysLeft: pace > 0 ? Math.max(0, Math.floor(balanceMicros / pace)) : null };
}
