import { createHash } from 'node:crypto';
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
  /**
   * Micro-units this request consumed from the org's prepaid credits (set by metering). When > 0 a
   * `settle` entry of minus this amount goes into the credit ledger in the same transaction, with
   * the idempotency key `settle:<reservationId>` (`settle:<requestId>` without a reservation).
   */
  creditsMicros?: number;
  /** The metering reservation the request held (null when no limit applied); unique per org. */
  reservationId?: string | null;
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
  ['reservation_id', 'text'],
];

const COLUMN_LIST = COLUMNS.map(([name]) => name).join(',');
/** The record type also carries credits_micros, which goes to the credit ledger, not usage_events. */
const RECORD_TYPE = [...COLUMNS, ['credits_micros', 'bigint']].map(([name, type]) => `${name} ${type}`).join(',');

const NO_ID = "'00000000-0000-0000-0000-000000000000'::uuid";
const COUNTERS = [
  'requests',
  'errors',
  'tokens_in',
  'tokens_out',
  'tokens_cached',
  'cost_micros',
  'unpriced_requests',
] as const;

/**
 * The rest of the batch statement after the parsed rows `r`:
 * - the events; one whose reservation already has an event (the reaper wrote it at its estimate,
 *   or a retried batch that had committed) is skipped, not an error that fails the whole batch;
 * - a credit `settle` entry per written event that consumed credits, keyed by its reservation (the
 *   request id when it held none): the reaper's settle of the same reservation counts once, and
 *   two requests that a client gave one X-Request-ID still settle twice;
 * - the written events (RETURNING, so skipped ones count nowhere) aggregated into hour (UTC) and
 *   day (the org's local date at 00:00 UTC) rollups. GROUP BY gives each rollup key one row, since
 *   one INSERT … ON CONFLICT may not touch a row twice; rows go in key order so writers lock alike.
 */
const WRITE_TAIL = `,
ev AS (INSERT INTO usage_events (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM r
  ON CONFLICT (org_id, reservation_id) WHERE reservation_id IS NOT NULL DO NOTHING
  RETURNING org_id, reservation_id, created_at, department_id, user_id, key_id, model_alias, status,
    tokens_in, tokens_out, tokens_cached, cost_micros, pricing),
cr AS (INSERT INTO credit_ledger (org_id, entry_type, amount_micros, idempotency_key, request_id)
  SELECT r.org_id, 'settle', -r.credits_micros, 'settle:' || coalesce(r.reservation_id, r.request_id), r.request_id FROM r
  WHERE r.credits_micros > 0 AND (r.reservation_id IS NULL
    OR EXISTS (SELECT 1 FROM ev WHERE ev.org_id = r.org_id AND ev.reservation_id = r.reservation_id))
  ON CONFLICT (org_id, idempotency_key) DO NOTHING),
z AS (SELECT o.id AS org_id, gatehouse_zone_or_utc(o.settings->>'timezone') AS zone
  FROM organizations o WHERE o.id IN (SELECT DISTINCT org_id FROM r))
INSERT INTO usage_rollups (org_id, grain, bucket, department_id, user_id, key_id, model_alias, ${COUNTERS.join(', ')})
SELECT ev.org_id, b.grain, b.bucket, ev.department_id, ev.user_id, ev.key_id, coalesce(ev.model_alias, ''),
  count(*), count(*) FILTER (WHERE ev.status >= 400), sum(ev.tokens_in), sum(ev.tokens_out), sum(ev.tokens_cached),
  coalesce(sum(ev.cost_micros), 0), count(*) FILTER (WHERE ev.pricing = 'unpriced')
FROM ev LEFT JOIN z ON z.org_id = ev.org_id
CROSS JOIN LATERAL (VALUES ('hour', date_trunc('hour', ev.created_at, 'UTC')),
  ('day', (ev.created_at AT TIME ZONE coalesce(z.zone, 'UTC'))::date::timestamp AT TIME ZONE 'UTC')) AS b(grain, bucket)
GROUP BY 1, 2, 3, 4, 5, 6, 7
ORDER BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT (org_id, grain, bucket, coalesce(department_id, ${NO_ID}), coalesce(user_id, ${NO_ID}),
  coalesce(key_id, ${NO_ID}), model_alias)
DO UPDATE SET ${COUNTERS.map((c) => `${c} = usage_rollups.${c} + excluded.${c}`).join(', ')}`;

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
    reservation_id: e.reservationId ?? null,
    credits_micros: e.creditsMicros ?? 0,
  };
}

/** A dollar-quote tag that does not occur in `text`, so the literal needs no escaping at all. */
function dollarTag(text: string): string {
  let tag = '$gh$';
  for (let i = 0; text.includes(tag); i++) tag = `$gh${i.toString(36)}$`;
  return tag;
}

/** The batch statement, prepared once per database session (with the batch as its one parameter). */
const PREPARED_BODY = `WITH r AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1) AS r(${RECORD_TYPE}))${WRITE_TAIL}`;
/** Named after its text, so a changed statement never meets an older one prepared in the same session. */
const STATEMENT = `gatehouse_usage_${createHash('sha256').update(PREPARED_BODY).digest('hex').slice(0, 12)}`;

/**
 * `PREPARE` of the batch statement. Planning a statement of this size costs more than running it
 * for a small batch (≈ 0.55 ms of 1.1 ms for one event on PGlite), so it is planned once per
 * session instead of once per batch. Not transactional; `EXECUTE` finds it on later round trips.
 */
export const USAGE_PREPARE = `PREPARE ${STATEMENT}(jsonb) AS ${PREPARED_BODY}`;

/**
 * Builds the one-round-trip string that writes a batch as `gatehouse_system`: a simple query
 * (BEGIN; role; EXECUTE of the prepared statement on <one dollar-quoted JSON literal>; COMMIT).
 * One round trip, the JSON parsed once, one native JSON.stringify instead of escaping every value
 * and no planning per batch is what keeps a durable usage write cheap on the hot path — and
 * events, credits and rollups commit together or not at all, so they always agree.
 */
export function buildUsageInsert(events: UsageEvent[]): string {
  const json = JSON.stringify(events.map(record));
  const tag = dollarTag(json);
  return (
    // SET LOCAL ROLE, not set_config(): a SELECT would send a row description and a row back.
    'BEGIN; SET LOCAL ROLE gatehouse_system; ' + `EXECUTE ${STATEMENT}(${tag}${json}${tag}::jsonb); COMMIT`
  );
}

/** The Postgres error code of a failed query, if any. */
const codeOf = (error: unknown) => (error as { code?: string }).code;

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
  /** Pooled connections whose session has the batch statement prepared. */
  private readonly prepared = new WeakSet<pg.PoolClient>();
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

  /**
   * Writes one event at once in its own statement, bypassing the group-commit queue (the reaper's
   * estimates: a failure there must not fail the batches of live requests). Throws on failure.
   */
  async writeNow(event: UsageEvent): Promise<void> {
    const client = await this.pool.connect();
    try {
      await this.execute(client, buildUsageInsert([event]));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
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

  /**
   * Runs a batch string on `client`, preparing the statement first on a session that has not got
   * it. A session may have it without this writer knowing (embedded PGlite serves every connection
   * from one session) or lose it (a replaced connection): both are recognised by their error codes.
   */
  private async execute(client: pg.PoolClient, statement: string, again = false): Promise<void> {
    if (!this.prepared.has(client)) {
      await client.query(USAGE_PREPARE).catch((error: unknown) => {
        if (codeOf(error) !== '42P05') throw error; // duplicate_prepared_statement: already there
      });
      this.prepared.add(client);
    }
    try {
      await client.query(statement);
    } catch (error) {
      if (codeOf(error) !== '26000' || again) throw error; // invalid_sql_statement_name: not prepared here
      await client.query('ROLLBACK');
      this.prepared.delete(client);
      await this.execute(client, statement, true);
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [50, 200, 1000, 3000];
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await this.pool.connect();
        await this.execute(client, buildUsageInsert(batch.map((p) => p.event)));
        client.release();
        this.written += batch.length;
        for (const p of batch) p.resolve();
        return;
      } catch (error) {
        if (client) {
          await client.query('ROLLBACK').catch(() => {});
          client.release();
        }
        if (isDataError(error)) {
          // One bad event (a constraint or data error) must not fail the others of its batch, and
          // retrying it cannot help: write them one by one so only the bad one is refused.
          if (batch.length > 1) {
            for (const p of batch) await this.write([p]);
            return;
          }
          this.logger.error(
            { err: error, requestId: batch[0]?.event.requestId },
            'usage event refused by the database',
          );
          for (const p of batch) p.reject(error as Error);
          return;
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

/** A data exception or integrity violation (SQLSTATE classes 22 and 23): the statement, not the database, is at fault. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
