import type { Quota, QuotaSubject } from './metering-service.ts';

/** What a request is about to spend, before the provider is called. Money in micro-units. */
export interface ReservationRequest {
  requestId: string;
  endpoint: string;
  stream: boolean;
  orgId: string;
  departmentId: string | null;
  userId: string | null;
  keyId: string | null;
  modelAlias: string;
  /** The model has no input or output price: refused or flagged, as the org decides. */
  unpriced: boolean;
  /**
   * The worst case — prompt tokens counted locally plus the output cap, and its cost in
   * micro-units (null when unpriced). Lazy: counting tokens costs CPU on every request, so it is
   * computed only when some limit applies.
   */
  estimate(): Estimate;
}

/** A request's worst case: input counted locally, the output cap, and their cost (null: unpriced). */
export interface Estimate {
  inputTokens: number;
  outputTokens: number;
  costMicros: number | null;
}

/** The actual usage of a finished request. */
export interface Settlement {
  tokensIn: number;
  tokensOut: number;
  costMicros: number | null;
}

/** Why a reservation was refused: the binding scope, so the client learns what to fix. */
export interface ReservationRefusal {
  kind: 'budget' | 'credits' | 'rate' | 'unpriced';
  scope: string;
  message: string;
  retryAfterSeconds?: number;
}

/** A granted reservation; settle or release it exactly once. */
export interface Reservation {
  /** The store's reservation id, recorded on the usage event; null when no limit applied. */
  id: string | null;
  /** Response headers the limits want the client to see (x-ratelimit-*). */
  headers: Record<string, string>;
}

/**
 * The metering hooks of the hot path: reserve before the call (one atomic step over every budget,
 * rate limit and the credit balance), settle to the actual usage after it, release on failure.
 * The usage event is written between `creditsFor` and `settle`, so a process that dies after
 * writing it leaves a reservation the reaper settles from the event. Expected refusals are values.
 */
export interface Metering {
  reserve(
    request: ReservationRequest,
  ): Promise<{ ok: true; reservation: Reservation } | { ok: false; refusal: ReservationRefusal }>;
  /** What settling `actual` will charge the prepaid credits (micro-units; 0 without credits). */
  creditsFor(reservation: Reservation, actual: Settlement): number;
  settle(reservation: Reservation, actual: Settlement): Promise<void>;
  release(reservation: Reservation): Promise<void>;
  /** The budgets, rate limits and credits that apply to a person or key, with what is left. */
  quota(who: QuotaSubject): Promise<Quota>;
}
