import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';

/** A usage event row as the tests read it back. */
export interface UsageRow {
  request_id: string;
  endpoint: string;
  key_id: string | null;
  user_id: string | null;
  model_alias: string | null;
  provider_kind: string | null;
  upstream_model: string | null;
  tokens_in: number;
  tokens_out: number;
  cost_micros: string | null;
  pricing: string;
  usage_source: string;
  status: number;
  error_code: string | null;
  stream: boolean;
  client_aborted: boolean;
  ttft_ms: number | null;
  latency_ms: number;
}

/** The usage events of an org (through its own door), newest last. */
export async function usageEvents(db: Database, orgId: string, where = sql`true`): Promise<UsageRow[]> {
  return db.withOrg(orgId, async (tx) => {
    const result = await tx.execute(sql`select * from usage_events where ${where} order by id`);
    return result.rows as unknown as UsageRow[];
  });
}

/** Polls until `check` passes or the time is up (for effects that land asynchronously). */
export async function eventually<T>(fn: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads an SSE response body into its `data:` payloads. */
export async function readSse(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n'),
    )
    .filter(Boolean);
}

/** Response bodies in tests are read loosely; the assertions are what check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

/** `res.json()` typed loosely for assertions. */
export function json(res: Response): Promise<LooseJson> {
  return res.json() as Promise<LooseJson>;
}

/** The database's own message of a failed query (Drizzle wraps it as the error's cause). */
export function dbError(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  return `${e.cause?.message ?? ''} ${e.message ?? ''}`;
}
