import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterCursor } from '../api/pagination.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { formatAmount } from './metering-format.ts';

/** Every kind of ledger entry. reserve/settle/release are written by the gateway only. */
export const CREDIT_ENTRY_TYPES = [
  'purchase',
  'grant',
  'reserve',
  'settle',
  'release',
  'refund',
  'adjustment',
] as const;
/** The entries a person (the platform operator, or the CLI) may write by hand. */
export const MANUAL_ENTRY_TYPES = ['purchase', 'grant', 'refund', 'adjustment'] as const;

/** A ledger entry type. */
export type CreditEntryType = (typeof CREDIT_ENTRY_TYPES)[number];
/** A hand-written entry type. */
export type ManualEntryType = (typeof MANUAL_ENTRY_TYPES)[number];

/** A ledger row as read by ENTRY_COLUMNS. */
export interface CreditEntryRow {
  id: string | number;
  entry_type: CreditEntryType;
  amount_micros: string | number;
  idempotency_key: string;
  request_id: string | null;
  actor_user_id: string | null;
  reason: string | null;
  created_at: string;
}

const ENTRY_COLUMNS = sql`id, entry_type, amount_micros, idempotency_key, request_id, actor_user_id, reason, created_at`;

/** A ledger entry as the API shows it. */
export const creditEntryOut = z.object({
  id: z.number().int(),
  entryType: z.enum(CREDIT_ENTRY_TYPES),
  amountMicros: z.number().int().describe('Micro-units of the org currency; positive adds, negative consumes'),
  idempotencyKey: z.string(),
  requestId: z.string().nullable().describe('The gateway request of a reserve/settle/release entry'),
  actorUserId: z.uuid().nullable().describe('Who wrote a manual entry (null: the system or the CLI)'),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

/** Names each field of a ledger entry the API shows. */
export function presentCreditEntry(row: CreditEntryRow) {
  return {
    id: Number(row.id),
    entryType: row.entry_type,
    amountMicros: Number(row.amount_micros),
    idempotencyKey: row.idempotency_key,
    requestId: row.request_id,
    actorUserId: row.actor_user_id,
    reason: row.reason,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The balance of an org and its settings, as GET /api/credits shows them. */
export const creditSummaryOut = z.object({
  currency: z.string(),
  balanceMicros: z.number().int().describe('Σ of the entries (holds excluded): what is left to spend, in micro-units'),
  creditedMicros: z.number().int().describe('Σ of the positive entries'),
  consumedMicros: z.number().int().describe('−Σ of the negative entries'),
  enforced: z.boolean().describe('Whether requests need credits (402 when the balance is used up)'),
  lowBalanceMicros: z.number().int().nullable().describe('An alert fires below this balance; null = no alert'),
});

/**
 * Serializes the writers of one org's ledger that must see its balance (a negative adjustment
 * checks that the balance stays ≥ 0), for the rest of the transaction.
 */
export async function lockCreditLedger(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`credits:${orgId}`}, 0))`);
}

/** A new ledger entry. */
export interface NewCreditEntry {
  orgId: string;
  entryType: CreditEntryType;
  amountMicros: number;
  idempotencyKey: string;
  requestId?: string | null;
  actorUserId?: string | null;
  reason?: string | null;
}

/**
 * Appends an entry unless its idempotency key is already in the org's ledger: then the existing
 * entry is returned with `created: false` and nothing is added. The unique index decides, so
 * concurrent retries with one key add exactly one entry (a second insert waits for the first to
 * commit, then finds it).
 */
export async function appendCreditEntry(
  tx: Tx,
  e: NewCreditEntry,
): Promise<{ created: boolean; entry: CreditEntryRow }> {
  const [inserted] = (
    await tx.execute(sql`
      insert into credit_ledger (org_id, entry_type, amount_micros, idempotency_key, request_id, actor_user_id, reason)
      values (${e.orgId}, ${e.entryType}, ${e.amountMicros}, ${e.idempotencyKey}, ${e.requestId ?? null},
              ${e.actorUserId ?? null}, ${e.reason ?? null})
      on conflict (org_id, idempotency_key) do nothing
      returning ${ENTRY_COLUMNS}`)
  ).rows as unknown as CreditEntryRow[];
  if (inserted) return { created: true, entry: inserted };
  const existing = await findCreditEntry(tx, e.idempotencyKey);
  if (!existing) throw new Error(`credit entry ${e.idempotencyKey} conflicted but cannot be read`);
  return { created: false, entry: existing };
}

/** The current org's entry with this idempotency key, if any. */
export async function findCreditEntry(tx: Tx, idempotencyKey: string): Promise<CreditEntryRow | null> {
  const [row] = (
    await tx.execute(sql`select ${ENTRY_COLUMNS} from credit_ledger where idempotency_key = ${idempotencyKey}`)
  ).rows as unknown as CreditEntryRow[];
  return row ?? null;
}

/**
 * The current org's balance (Σ amount), credited (Σ positive) and consumed (−Σ negative), in
 * micro-units. Reserve and release entries are holds, not spending (a request's cost is its
 * settle entry), so they count as the gateway's limits count them: not at all.
 */
export async function creditTotals(tx: Tx) {
  const [row] = (
    await tx.execute(sql`
      select coalesce(sum(amount_micros), 0)::bigint as balance,
             coalesce(sum(amount_micros) filter (where amount_micros > 0), 0)::bigint as credited,
             coalesce(-sum(amount_micros) filter (where amount_micros < 0), 0)::bigint as consumed
        from credit_ledger where entry_type not in ('reserve', 'release')`)
  ).rows as Array<{ balance: string; credited: string; consumed: string }>;
  return {
    balanceMicros: Number(row?.balance ?? 0),
    creditedMicros: Number(row?.credited ?? 0),
    consumedMicros: Number(row?.consumed ?? 0),
  };
}

/** The current org's credit summary: currency, totals and the credit settings. 404 when the org does not exist. */
export async function creditSummary(tx: Tx): Promise<z.infer<typeof creditSummaryOut>> {
  const [org] = (
    await tx.execute(sql`select coalesce(settings->>'currency', 'USD') as currency, settings->'credits' as credits
                           from organizations`)
  ).rows as Array<{ currency: string; credits: { enforced?: boolean; lowBalanceMicros?: number } | null }>;
  if (!org) throw new AppError('not_found', 'Organization not found.');
  return {
    currency: org.currency,
    ...(await creditTotals(tx)),
    enforced: org.credits?.enforced ?? false,
    lowBalanceMicros: org.credits?.lowBalanceMicros ?? null,
  };
}

/** Filters of the ledger listing. */
export const ledgerFilters = z.object({
  entryType: z.enum(CREDIT_ENTRY_TYPES).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this instant'),
  to: z.iso.datetime({ offset: true }).optional().describe('Entries before this instant'),
});

/** One page (limit + 1 rows, for `page()`) of the current org's ledger, newest first. */
export async function creditHistory(
  tx: Tx,
  f: z.infer<typeof ledgerFilters>,
  cursor: string | undefined,
  limit: number,
): Promise<CreditEntryRow[]> {
  return (
    await tx.execute(sql`
      select ${ENTRY_COLUMNS} from credit_ledger
       where (${f.entryType ?? null}::text is null or entry_type = ${f.entryType ?? null})
         and (${f.from ?? null}::timestamptz is null or created_at >= ${f.from ?? null}::timestamptz)
         and (${f.to ?? null}::timestamptz is null or created_at < ${f.to ?? null}::timestamptz)
         and ${afterCursor(cursor, sql`created_at`, sql`id::text`)}
       order by created_at desc, id::text desc limit ${limit + 1}`)
  ).rows as unknown as CreditEntryRow[];
}

/** A hand-written ledger entry (the operator sells or grants credits, refunds, corrects). */
export interface ManualCreditEntry {
  type: ManualEntryType;
  /** Micro-units; positive, except an adjustment, which may also be negative (never zero). */
  amountMicros: number;
  reason: string;
  idempotencyKey: string;
}

function describeEntry(row: CreditEntryRow): string {
  return `a ${row.entry_type} of ${formatAmount(Number(row.amount_micros))} on ${new Date(row.created_at).toISOString()}`;
}

/**
 * Writes a manual entry into `orgId`'s ledger (the transaction must be that org's) and its audit
 * event `credits.<type>`, once per idempotency key: a repeated key returns the existing entry
 * with `replayed: true` (or 409 when the key was used for a different entry). A negative
 * adjustment may not take the balance below zero (409 naming the balance).
 */
export async function manualCreditEntry(
  tx: Tx,
  orgId: string,
  actor: Actor | null,
  input: ManualCreditEntry,
  ctx: RequestContext,
): Promise<{ replayed: boolean; entry: CreditEntryRow }> {
  if (!Number.isSafeInteger(input.amountMicros) || input.amountMicros === 0)
    throw new AppError('invalid_request', 'amountMicros: must be a non-zero integer', { param: 'amountMicros' });
  if (input.amountMicros < 0 && input.type !== 'adjustment')
    throw new AppError(
      'invalid_request',
      `amountMicros: must be positive for a ${input.type} (only an adjustment may be negative)`,
      {
        param: 'amountMicros',
      },
    );
  const replay = (row: CreditEntryRow) => {
    if (row.entry_type !== input.type || Number(row.amount_micros) !== input.amountMicros)
      throw new AppError(
        'conflict',
        `idempotencyKey: "${input.idempotencyKey}" was already used for ${describeEntry(row)}; use a new key for a different entry.`,
      );
    return { replayed: true, entry: row };
  };
  if (input.amountMicros < 0) {
    await lockCreditLedger(tx, orgId);
    const existing = await findCreditEntry(tx, input.idempotencyKey);
    if (existing) return replay(existing);
    const { balanceMicros } = await creditTotals(tx);
    if (balanceMicros + input.amountMicros < 0)
      throw new AppError(
        'conflict',
        `amountMicros: the balance is ${balanceMicros} micro-units (${formatAmount(balanceMicros)}); an adjustment of ${input.amountMicros} would take it below zero.`,
      );
  }
  const { created, entry } = await appendCreditEntry(tx, {
    orgId,
    entryType: input.type,
    amountMicros: input.amountMicros,
    idempotencyKey: input.idempotencyKey,
    actorUserId: actor?.kind === 'user' ? actor.userId : null,
    reason: input.reason,
  });
  if (!created) return replay(entry);
  await writeAudit(
    tx,
    orgId,
    actor,
    {
      action: `credits.${input.type}`,
      targetType: 'credits',
      targetId: String(entry.id),
      after: { ...presentCreditEntry(entry), balanceMicros: (await creditTotals(tx)).balanceMicros },
    },
    ctx,
  );
  return { replayed: false, entry };
}
