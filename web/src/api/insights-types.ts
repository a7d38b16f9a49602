// The shapes of the usage answers the dashboard and the usage log read (see /openapi.json).

/** The summed counters of a group of usage; money in micro-units of the org currency. */
export interface UsageCounters {
  requests: number;
  /** Requests answered with status >= 400. */
  errors: number;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  /** Unpriced requests count 0. */
  costMicros: number;
  unpricedRequests: number;
}

/** How GET /api/usage/summary groups: time buckets in the org time zone (hour in UTC) or a dimension. */
export type SummaryGroupBy = 'day' | 'week' | 'month' | 'hour' | 'model' | 'department' | 'user' | 'key';

/** One row of a summary: a time bucket (`bucket`) or a dimension's member (`id`, `label`). */
export interface SummaryRow extends UsageCounters {
  /** day: the local date; week: the local Monday starting it; month: its first day (all YYYY-MM-DD). */
  bucket?: string;
  /** The model alias, department, user or key id; null = none (no department, no key). */
  id?: string | null;
  label?: string | null;
}

/** GET /api/usage/summary. */
export interface UsageSummary {
  from: string;
  to: string;
  groupBy: SummaryGroupBy;
  grain: 'hour' | 'day';
  /** How many groups there are in all; `rows` may hold only the first `limit`. */
  groups: number;
  timezone: string;
  currency: string;
  totals: UsageCounters;
  rows: SummaryRow[];
}

/** One request of GET /api/usage. */
export interface UsageEvent {
  requestId: string;
  createdAt: string;
  endpoint: string;
  departmentId: string | null;
  departmentName: string | null;
  userId: string | null;
  userEmail: string | null;
  keyId: string | null;
  keyName: string | null;
  /** The model alias as the client asked for it. */
  model: string | null;
  providerKind: string | null;
  upstreamModel: string | null;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  /** Micro-units of the org currency; null when unpriced. */
  costMicros: number | null;
  pricing: 'priced' | 'unpriced';
  /** Where the token counts come from: the provider's answer, our estimate, or nowhere. */
  usageSource: 'provider' | 'estimated' | 'none';
  latencyMs: number;
  /** Time to the first streamed token. */
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
  stream: boolean;
  clientAborted: boolean;
  /** Personal data replaced by the privacy shield, by type. */
  privacyCounts: Record<string, number> | null;
}

/** A page of GET /api/usage. */
export interface UsagePage {
  data: UsageEvent[];
  nextCursor: string | null;
}

/** GET /api/usage/:requestId. */
export interface UsageDetail extends UsageEvent {
  /** The prices (micro-units per million tokens) the cost was computed with. */
  priceSnapshot: Record<string, unknown> | null;
  /** Whether the request held a metering reservation (a budget, rate limit or credits applied). */
  reserved: boolean;
  /** Prepaid credits this request consumed (micro-units). */
  creditsMicros: number;
}

/** GET /api/credits. */
export interface CreditBalance {
  currency: string;
  /** What is left to spend, in micro-units. */
  balanceMicros: number;
  creditedMicros: number;
  consumedMicros: number;
  /** Whether requests need credits (402 once the balance is used up). */
  enforced: boolean;
  lowBalanceMicros: number | null;
}
