// How metering talks to people: money in the org's currency, instants in the org's timezone, and
// refusal messages that name the scope, the limit, what is used and when it resets.

/** Integer micro-units → an exact decimal amount with at least two decimals ("200.00", "0.000001"). */
export function formatAmount(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(micros));
  let fraction = String(abs % 1_000_000).padStart(6, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${sign}${Math.floor(abs / 1_000_000)}.${fraction}`;
}

/** Micro-units as money: '200.00 USD', '0.00015 EUR'. */
export function formatMoney(micros: number, currency: string): string {
  return `${formatAmount(micros)} ${currency}`;
}

const localFormatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as 'YYYY-MM-DD HH:MM <zone>' in the given IANA zone. */
export function formatLocal(at: Date, timeZone: string): string {
  let f = localFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    localFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${timeZone}`;
}

const PERIOD_WORDS = { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' } as const;

/** An amount of a budget's metric, for messages ('200.00 USD', '50,000 tokens', '100 requests'). */
export function formatMetric(metric: 'cost' | 'tokens' | 'requests', amount: number, currency: string): string {
  if (metric === 'cost') return formatMoney(amount, currency);
  const unit = amount === 1 ? metric.slice(0, -1) : metric;
  return `${amount.toLocaleString('en-US')} ${unit}`;
}

/** What a budget refusal says: `Department "Legal": monthly budget 200.00 USD …`. */
export function budgetRefusalMessage(input: {
  scope: string;
  metric: 'cost' | 'tokens' | 'requests';
  period: 'day' | 'week' | 'month' | 'total';
  limit: number;
  used: number;
  needed: number;
  currency: string;
  resetsAt: Date | null;
  timeZone: string;
}): string {
  const what = input.metric === 'cost' ? 'budget' : `${input.metric} budget`;
  const resets = input.resetsAt
    ? `it resets ${formatLocal(input.resetsAt, input.timeZone)}`
    : 'it does not reset (a total budget)';
  return (
    `${input.scope}: ${PERIOD_WORDS[input.period]} ${what} ${formatMetric(input.metric, input.limit, input.currency)} ` +
    `would be exceeded (used ${formatMetric(input.metric, input.used, input.currency)}, this request may need up to ` +
    `${formatMetric(input.metric, input.needed, input.currency)}); ${resets}.`
  );
}

/** What a credits refusal says. */
export function creditsRefusalMessage(available: number, needed: number, currency: string): string {
  return (
    `The organization's prepaid credits are used up: balance ${formatMoney(Math.max(0, available), currency)} ` +
    `available, this request may need up to ${formatMoney(needed, currency)}. Ask an administrator to add credits.`
  );
}

/** What a rate-limit refusal says. */
export function rateRefusalMessage(input: {
  scope: string;
  measure: 'requests' | 'tokens';
  limit: number;
  retryAfterSeconds: number;
  resetsAt: Date;
}): string {
  const clock = input.resetsAt.toISOString().slice(11, 19);
  return (
    `${input.scope}: rate limit of ${input.limit.toLocaleString('en-US')} ${input.measure} per minute reached; ` +
    `retry in ${input.retryAfterSeconds} s (the window resets at ${clock} UTC).`
  );
}
