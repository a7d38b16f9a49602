import type { KeyRecord } from '../keys/key-directory.ts';
import type { ModelRoute } from '../models/catalog.ts';
import { computeCost } from '../metering/pricing.ts';
import type { UsageEvent } from '../metering/usage-writer.ts';

/**
 * Who a gateway call runs as: an API key, or a person in the web chat — the same record without a
 * key (`id` null), so access, budgets, rate limits and the usage event treat both alike.
 */
export type CallerIdentity = Omit<KeyRecord, 'id'> & { id: string | null };

/**
 * Everything known about one gateway request as it moves through the pipeline; becomes its usage
 * event at the end. Identity fields come only from the authenticated key, never from the body.
 */
export class GatewayCall {
  readonly startedAt = new Date();
  private readonly startedHr = performance.now();
  key: CallerIdentity | null = null;
  model: ModelRoute | null = null;
  /** The alias the client asked for, even when it turned out unknown. */
  requestedModel: string | null = null;
  stream = false;
  tokensIn = 0;
  tokensOut = 0;
  tokensCached = 0;
  usageSource: UsageEvent['usageSource'] = 'none';
  ttftMs: number | null = null;
  clientAborted = false;
  /** Personal data the privacy shield replaced, by type (counts only). */
  privacyCounts: Record<string, number> | null = null;
  /** Prepaid credits the request consumed (micro-units), as the settle charges them. */
  creditsMicros = 0;
  /** The metering reservation held for this request, recorded on its usage event. */
  reservationId: string | null = null;
  /** Set once the usage event is queued; the ledger gets exactly one event per request. */
  recorded = false;

  constructor(
    readonly requestId: string,
    readonly endpoint: string,
    /** False for requests that call no provider (listing models): they leave no usage event. */
    readonly billable = true,
  ) {}

  /** Milliseconds since the request arrived. */
  elapsedMs(): number {
    return performance.now() - this.startedHr;
  }

  /** Marks the first byte of the answer sent to the client. */
  markFirstToken(): void {
    if (this.ttftMs === null) this.ttftMs = Math.round(this.elapsedMs());
  }

  /** Usage as reported by the provider. */
  useProviderUsage(tokensIn: number, tokensOut: number, cached: number): void {
    this.tokensIn = tokensIn;
    this.tokensOut = tokensOut;
    this.tokensCached = cached;
    this.usageSource = 'provider';
  }

  /** Usage counted locally (no usage from the provider, or the stream was cut short). */
  useEstimatedUsage(tokensIn: number, tokensOut: number): void {
    this.tokensIn = tokensIn;
    this.tokensOut = tokensOut;
    this.tokensCached = 0;
    this.usageSource = 'estimated';
  }

  /** The cost of the usage so far, or unpriced. */
  cost(): ReturnType<typeof computeCost> {
    if (!this.model) return { pricing: 'priced', micros: 0 };
    return computeCost(this.model.prices, { input: this.tokensIn, output: this.tokensOut, cached: this.tokensCached });
  }

  /** The usage event for this request, or null when no key was identified (nothing to bill). */
  toUsageEvent(status: number, errorCode: string | null): UsageEvent | null {
    const key = this.key;
    if (!key || !this.billable) return null;
    const model = this.model;
    const cost = model ? this.cost() : { pricing: 'priced' as const, micros: 0 };
    return {
      orgId: key.orgId,
      requestId: this.requestId,
      createdAt: this.startedAt,
      endpoint: this.endpoint,
      departmentId: key.departmentId,
      userId: key.ownerUserId,
      keyId: key.id,
      modelAlias: model?.alias ?? this.requestedModel,
      providerId: model?.provider.id ?? null,
      providerKind: model?.provider.kind ?? null,
      upstreamModel: model?.upstreamModel ?? null,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      tokensCached: this.tokensCached,
      costMicros: cost.micros,
      pricing: cost.pricing,
      priceSnapshot: model ? { ...model.prices, unit: 'micros_per_million_tokens' } : null,
      usageSource: this.usageSource,
      latencyMs: Math.round(this.elapsedMs()),
      ttftMs: this.ttftMs,
      status,
      errorCode,
      stream: this.stream,
      clientAborted: this.clientAborted,
      privacyCounts: this.privacyCounts,
      creditsMicros: this.creditsMicros,
      reservationId: this.reservationId,
    };
  }
}
