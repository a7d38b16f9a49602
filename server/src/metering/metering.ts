/** What a request is about to spend, before the provider is called. Money in micro-units. */
export interface ReservationRequest {
  requestId: string;
  orgId: string;
  departmentId: string | null;
  userId: string | null;
  keyId: string | null;
  modelAlias: string;
  /**
   * The worst case — prompt tokens counted locally plus the output cap, and its cost in
   * micro-units (null when unpriced). Lazy: counting tokens costs CPU on every request, so it is
   * computed only when some limit applies.
   */
  estimate(): { tokens: number; costMicros: number | null };
}

/** The actual usage of a finished request. */
export interface Settlement {
  tokensIn: number;
  tokensOut: number;
  costMicros: number | null;
}

/** Why a reservation was refused: the binding scope, so the client learns what to fix. */
export interface ReservationRefusal {
  kind: 'budget' | 'credits' | 'rate';
  scope: string;
  message: string;
  retryAfterSeconds?: number;
}

/** A granted reservation; settle or release it exactly once. */
export interface Reservation {
  id: string;
  /** Response headers the limits want the client to see (x-ratelimit-*). */
  headers: Record<string, string>;
}

/**
 * The metering hooks of the hot path: reserve before the call (one atomic step over every budget,
 * rate limit and the credit balance), settle to the actual usage after it, release on failure.
 * Expected refusals are values, not exceptions.
 */
export interface Metering {
  reserve(
    request: ReservationRequest,
  ): Promise<{ ok: true; reservation: Reservation } | { ok: false; refusal: ReservationRefusal }>;
  settle(reservation: Reservation, actual: Settlement): Promise<void>;
  release(reservation: Reservation): Promise<void>;
}

const GRANTED = { ok: true as const, reservation: { id: '', headers: {} } };

/**
 * Pass-through metering: grants everything and records nothing beyond the usage ledger. The
 * default until budgets, credits and rate limits are configured (see the metering issue).
 */
export class PassThroughMetering implements Metering {
  async reserve(request: ReservationRequest) {
    return { ...GRANTED, reservation: { id: request.requestId, headers: {} } };
  }
  async settle(): Promise<void> {}
  async release(): Promise<void> {}
}
