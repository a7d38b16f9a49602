import type pg from 'pg';
import type { Logger } from 'pino';

/** One usage event: everything the ledger keeps about one gateway request. Money in micro-units. */
export interface UsageEvent {
  orgId: string;
  requestId: string;
  createdAt: Date;
  endpoint: string;
  departmentId: string | null;
  userId: string | null;
  keyId: string | null;
  modelAlias: string | null;
  providerId: string | null;
  providerKind: string | null;
  upstreamModel: string | null;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costMicros: number | null;
  pricing: 'priced' | 'unpriced';
  priceSnapshot: Record<string, unknown> | null;
  usageSource: 'provider' | 'estimated' | 'none';
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
  stream: boolean;
  clientAborted: boolean;
  /** Per-type counts of personal data the shield replaced; null when none was found or scanned. */
  privacyCounts: Record<string, number> | null;
}

/** Column → SQL type of the rows handed to jsonb_to_recordset, in table order. */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['org_id', 'uuid'],
  ['request_id', 'text'],
  ['created_at', 'timestamptz'],
  ['endpoint', 'text'],
  ['department_id', 'uuid'],
  ['user_id', 'uuid'],
  ['key_id', 'uuid'],
  ['model_alias', 'text'],
  ['provider_id', 'uuid'],
  ['provider_kind', 'text'],
  ['upstream_model', 'text'],
  ['tokens_in', 'integer'],
  ['tokens_out', 'integer'],
  ['tokens_cached', 'integer'],
  ['cost_micros', 'bigint'],
  ['pricing', 'text'],
  ['price_snapshot', 'jsonb'],
  ['usage_source', 'text'],
  ['latency_ms', 'integer'],
  ['ttft_ms', 'integer'],
  ['status', 'integer'],
  ['error_code', 'text'],
  ['stream', 'boolean'],
  ['client_aborted', 'boolean'],
  ['privacy_counts', 'jsonb'],
];

const COLUMN_LIST = COLUMNS.map(([name]) => name).join(',');
const RECORD_TYPE = COLUMNS.map(([name, type]) => `${name} ${type}`).join(',');

/** One event as the JSON object jsonb_to_recordset reads (snake_case keys, ISO time). */
function record(e: UsageEvent): Record<string, unknown> {
  return {
    org_id: e.orgId,
    request_id: e.requestId,
    created_at: e.createdAt.toISOString(),
    endpoint: e.endpoint,
    department_id: e.departmentId,
    user_id: e.userId,
    key_id: e.keyId,
    model_alias: e.modelAlias,
    provider_id: e.providerId,
    provider_kind: e.providerKind,
    upstream_model: e.upstreamModel,
    tokens_in: e.tokensIn,
    tokens_out: e.tokensOut,
    tokens_cached: e.tokensCached,
    cost_micros: e.costMicros,
    pricing: e.pricing,
    price_snapshot: e.priceSnapshot,
    usage_source: e.usageSource,
    latency_ms: e.latencyMs,
    ttft_ms: e.ttftMs,
    status: e.status,
    error_code: e.errorCode,
    stream: e.stream,
    client_aborted: e.clientAborted,
    privacy_counts: e.privacyCounts,
  };
}

/** A dollar-quote tag that does not occur in `text`, so the literal needs no escaping at all. */
function dollarTag(text: string): string {
  let tag = '$gh$';
  for (let i = 0; text.includes(tag); i++) tag = `$gh${i.toString(36)}$`;
  return tag;
}

/**
 * Builds the one-round-trip statement that writes a batch as `gatehouse_system`: a simple-query
 * string (BEGIN; role; INSERT … FROM jsonb_to_recordset(<one dollar-quoted JSON literal>); COMMIT).
 * One round trip instead of four, and one native JSON.stringify instead of escaping every value,
 * is what keeps a durable usage write cheap on the hot path.
 */
export function buildUsageInsert(events: UsageEvent[]): string {
  const json = JSON.stringify(events.map(record));
  const tag = dollarTag(json);
  return (
    "BEGIN; SELECT set_config('role', 'gatehouse_system', true); " +
    `INSERT INTO usage_events (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM jsonb_to_recordset(${tag}${json}${tag}::jsonb) AS r(${RECORD_TYPE}); COMMIT`
  );
}

/** The most rows one INSERT carries; bigger backlogs are written in several statements. */
const MAX_BATCH = 500;

interface Pending {
  event: UsageEvent;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit for usage events: every event recorded while a write is in flight goes into the
 * next single INSERT, so under load one commit carries many requests and at rest each request
 * gets its own immediately. `record()` resolves once the event is durable; the gateway sends a
 * response's last byte only after that (USAGE_DURABILITY=sync). A failed write is retried with
 * backoff; when the database stays away, the waiting requests fail rather than pretend.
 */
export class UsageWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private stopped = false;
  /** Events written since start, for /metrics. */
  written = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly options: { retryDelaysMs?: number[] } = {},
  ) {}

  /** Queues an event; resolves when it is committed, rejects when the ledger cannot be written. */
  record(event: UsageEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Number of events waiting to be written. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Writes everything still queued; called on graceful shutdown before the pool closes. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.write(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [50, 200, 1000, 3000];
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        await client.query(buildUsageInsert(batch.map((p) => p.event)));
        client.release();
        this.written += batch.length;
        for (const p of batch) p.resolve();
        return;
      } catch (error) {
        if (client) {
          await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
        const delay = delays[attempt];
        if (delay === undefined || this.stopped) {
          this.logger.error({ err: error, events: batch.length }, 'usage events could not be written');
          for (const p of batch) p.reject(error as Error);
          return;
        }
        this.logger.warn({ err: error, attempt: attempt + 1, events: batch.length }, 'usage write failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
