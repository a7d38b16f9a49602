// The shapes of the /api answers the budgets, credits, audit and tenants pages read (see /openapi.json).

/** What a budget or rate limit applies to. */
export type ScopeType = 'org' | 'department' | 'user' | 'key';
/** What a budget counts: money (micro-units), tokens or requests. */
export type Metric = 'cost' | 'tokens' | 'requests';
/** A budget's calendar period in the org's time zone; 'total' never resets. */
export type Period = 'day' | 'week' | 'month' | 'total';

/** Every scope type, metric and period, in the order the forms offer them. */
export const SCOPE_TYPES: readonly ScopeType[] = ['org', 'department', 'user', 'key'];
export const METRICS: readonly Metric[] = ['cost', 'tokens', 'requests'];
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'total'];

/** One budget of GET /api/budgets; `limit` and amounts in the unit of its metric (cost: micro-units). */
export interface Budget {
  id: string;
  name: string;
  scopeType: ScopeType;
  scopeId: string | null;
  /** The department's, person's or key's name; null for the org. */
  scopeName: string | null;
  metric: Metric;
  period: Period;
  limit: number;
  /** Cost budgets: the limit as a decimal in `currency`. */
  limitAmount: string | null;
  currency: string | null;
  alertThresholds: number[];
  increase: { amount: number; expiresAt: string; active: boolean } | null;
  enabled: boolean;
  /** Where it stands this period (null while disabled). */
  status: { limit: number; used: number; reserved: number; remaining: number; resetsAt: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** One rate limit of GET /api/rate-limits (null: that measure is not limited). */
export interface RateLimit {
  id: string;
  scopeType: ScopeType;
  scopeId: string | null;
  scopeName: string | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A keyset page of a list. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/credits (and the platform operator's per-tenant read). Amounts in micro-units. */
export interface CreditSummary {
  currency: string;
  balanceMicros: number;
  creditedMicros: number;
  consumedMicros: number;
  enforced: boolean;
  lowBalanceMicros: number | null;
  /** Held for requests still running (0 while credits are not enforced). */
  heldMicros: number;
  /** What the next request may spend. */
  availableMicros: number;
}

/** Kinds of credit ledger entries; reserve/settle/release are the gateway's. */
export type CreditEntryType = 'purchase' | 'grant' | 'reserve' | 'settle' | 'release' | 'refund' | 'adjustment';
/** The entries a platform operator writes by hand. */
export const MANUAL_ENTRY_TYPES = ['grant', 'purchase', 'refund', 'adjustment'] as const;
/** A hand-written entry type. */
export type ManualEntryType = (typeof MANUAL_ENTRY_TYPES)[number];

/** One entry of the credit ledger. */
export interface CreditEntry {
  id: number;
  entryType: CreditEntryType;
  amountMicros: number;
  idempotencyKey: string;
  requestId: string | null;
  actorUserId: string | null;
  /** Who wrote a manual entry (null: the system or the CLI). */
  actorName: string | null;
  reason: string | null;
  createdAt: string;
}

/** One event of GET /api/audit. */
export interface AuditEvent {
  seq: number;
  createdAt: string;
  actorType: 'user' | 'key' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** GET /api/audit: a page and the `before` of the next one. */
export interface AuditPage {
  items: AuditEvent[];
  nextBefore: number | null;
}

/** GET /api/audit/verify. */
export interface ChainStatus {
  intact: boolean;
  events: number;
  brokenAtSeq?: number;
  reason?: string;
}

/** One tenant of GET /api/orgs. */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  settings: { timezone?: string; currency?: string };
  createdAt: string;
  members: number;
  usageThisMonth: { requests: number; costMicros: number };
  credits: { currency: string; balanceMicros: number; enforced: boolean };
}

/** One API key of GET /api/keys, as far as the scope picker needs it. */
export interface KeySummary {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
}
