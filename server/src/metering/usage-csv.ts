import type { Database } from '../db/database.ts';
import { csvRow } from '../lib/csv.ts';
import { eventCondition, usagePage, type UsageEventRow, type UsageFilters, type UsageReach } from './usage-query.ts';

/** Rows fetched per keyset page while streaming; memory stays flat however long the export. */
export const CSV_PAGE_ROWS = 1000;

const HEADER = [
  'createdAt',
  'requestId',
  'endpoint',
  'departmentId',
  'departmentName',
  'userId',
  'userEmail',
  'keyId',
  'keyName',
  'model',
  'providerKind',
  'upstreamModel',
  'status',
  'errorCode',
  'tokensIn',
  'tokensOut',
  'tokensCached',
  'cost',
  'currency',
  'costMicros',
  'pricing',
  'usageSource',
  'latencyMs',
  'ttftMs',
  'stream',
  'clientAborted',
] as const;

/**
 * Micro-units as an exact decimal of the currency's unit ("1234567" → "1.234567"), built from the
 * digits rather than a float division, so a spreadsheet's total equals the ledger's.
 */
export function formatMicros(micros: number | string | bigint): string {
  const value = BigInt(micros);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(7, '0');
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** One event as a CSV line: money as a decimal of `currency` plus the raw micro-units. */
function line(row: UsageEventRow, currency: string): string {
  return csvRow([
    new Date(row.created_at).toISOString(),
    row.request_id,
    row.endpoint,
    row.department_id,
    row.department_name,
    row.user_id,
    row.user_email,
    row.key_id,
    row.key_name,
    row.model_alias,
    row.provider_kind,
    row.upstream_model,
    row.status,
    row.error_code,
    row.tokens_in,
    row.tokens_out,
    row.tokens_cached,
    row.cost_micros === null ? '' : formatMicros(row.cost_micros),
    currency,
    row.cost_micros,
    row.pricing,
    row.usage_source,
    row.latency_ms,
    row.ttft_ms,
    row.stream,
    row.client_aborted,
  ]);
}

/**
 * The filtered listing as CSV lines, newest first: a header, then one keyset page at a time, each
 * read in its own short tenant transaction, so an export of millions of rows never holds them all
 * in memory nor one transaction open for minutes.
 */
export async function* usageCsvLines(
  db: Database,
  orgId: string,
  reach: UsageReach,
  filters: UsageFilters,
  currency: string,
): AsyncGenerator<string> {
  yield csvRow([...HEADER]);
  const where = eventCondition(reach, filters);
  let cursor: string | undefined;
  do {
    const page = await db.withOrg(orgId, (tx) => usagePage(tx, where, cursor, CSV_PAGE_ROWS));
    yield page.items.map((row) => line(row, currency)).join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
