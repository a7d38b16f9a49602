import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { RequestContext } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { budgetCreator, budgetDeleter } from '../metering/budget-routes.ts';
import { formatAmount } from '../metering/metering-format.ts';
import {
  BUDGET_COLUMNS,
  METRICS,
  parseAmount,
  PERIODS,
  presentBudget,
  SCOPE_TYPES,
  type BudgetRow,
  type Metric,
  type Period,
  type ScopeType,
} from '../metering/budget-schema.ts';
import {
  creditSummary,
  MANUAL_ENTRY_TYPES,
  manualCreditEntry,
  type ManualEntryType,
} from '../metering/credit-ledger.ts';

/** The `gatehouse budget …` and `gatehouse credits …` lines of the CLI help. */
export const METERING_HELP = `  budget create --org S --scope org|department:<id|name>|user:<email>|key:<id> --metric cost|tokens|requests
                --period day|week|month|total --limit L [--name N] [--thresholds 50,80,95]
                                (a cost limit is an amount in the org currency, e.g. 200.00)
  budget list --org S
  budget delete <id>
  credits grant --org S --amount 50.00 --reason R [--type grant|purchase|refund|adjustment] [--idempotency-key K]
  credits balance --org S`;

/** Flags of the metering commands, as main.ts parses them. */
export const METERING_FLAGS = [
  'scope',
  'metric',
  'period',
  'limit',
  'thresholds',
  'amount',
  'reason',
  'idempotency-key',
  'type',
];

type Flags = Record<string, string | undefined>;

/** Lookups main.ts already has: an org by slug and a department by name, each 404 when missing. */
export interface CliLookups {
  orgId(db: Database, slug: string): Promise<string>;
  departmentId(db: Database, orgId: string, name: string): Promise<string>;
}

/** CLI changes are audited as the system (no actor), marked by their user agent. */
const CLI: RequestContext = { ip: null, userAgent: 'gatehouse-cli', requestId: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (!value) throw new AppError('invalid_request', `--${name} is required`);
  return value;
}

function oneOf<T extends string>(flags: Flags, name: string, allowed: readonly T[]): T {
  const value = required(flags, name) as T;
  if (!allowed.includes(value))
    throw new AppError('invalid_request', `--${name}: must be one of ${allowed.join(', ')}`);
  return value;
}

async function currencyOf(db: Database, org: string): Promise<string> {
  return (await db.withOrg(org, creditSummary)).currency;
}

/** `--scope org|department:<id|name>|user:<email>|key:<id>` → scope type and id. */
async function parseScope(db: Database, org: string, raw: string, lookups: CliLookups) {
  const [type, ...restParts] = raw.split(':');
  const value = restParts.join(':');
  if (!SCOPE_TYPES.includes(type as ScopeType) || (type === 'org') !== (value === ''))
    throw new AppError(
      'invalid_request',
      `--scope: use org, department:<id|name>, user:<email> or key:<id>, not "${raw}"`,
    );
  const scopeType = type as ScopeType;
  if (scopeType === 'org') return { scopeType, scopeId: null };
  if (scopeType === 'department')
    return { scopeType, scopeId: UUID.test(value) ? value : await lookups.departmentId(db, org, value) };
  if (scopeType === 'user') {
    const [user] = (
      await db.withSystem((tx) => tx.execute(sql`select id from users where lower(email) = lower(${value})`))
    ).rows as Array<{ id: string }>;
    if (!user) throw new AppError('not_found', `--scope: no user ${value}`);
    return { scopeType, scopeId: user.id };
  }
  if (!UUID.test(value)) throw new AppError('invalid_request', `--scope: key:<id> takes the key's id, not "${value}"`);
  return { scopeType, scopeId: value };
}

function describeBudget(b: ReturnType<typeof presentBudget>): string {
  const limit = b.metric === 'cost' ? `${b.limitAmount} ${b.currency}` : `${b.limit} ${b.metric}`;
  const scope = b.scopeType === 'org' ? 'org' : `${b.scopeType}:${b.scopeId}`;
  return `${b.id}  ${scope}  ${b.period} ${b.metric} ≤ ${limit}${b.enabled ? '' : '  (disabled)'}${b.name ? `  "${b.name}"` : ''}`;
}

/** `gatehouse budget create|list|delete`. */
export async function budgetCommand(db: Database, args: string[], flags: Flags, lookups: CliLookups): Promise<void> {
  const sub = args[0];
  if (sub === 'create') {
    const org = await lookups.orgId(db, required(flags, 'org'));
    const metric = oneOf<Metric>(flags, 'metric', METRICS);
    const period = oneOf<Period>(flags, 'period', PERIODS);
    const rawLimit = required(flags, 'limit');
    let limit: number;
    if (metric === 'cost') limit = parseAmount(rawLimit, '--limit');
    else {
      limit = Number(rawLimit);
      if (!/^\d+$/.test(rawLimit) || !Number.isSafeInteger(limit))
        throw new AppError('invalid_request', `--limit: a ${metric} limit is a whole number, not "${rawLimit}"`);
    }
    const thresholds = flags.thresholds?.split(',').map((t) => Number(t.trim())) ?? [50, 80, 95];
    if (
      thresholds.some((t) => !Number.isInteger(t) || t < 1 || t > 100) ||
      new Set(thresholds).size !== thresholds.length
    )
      throw new AppError('invalid_request', `--thresholds: distinct whole percentages 1..100, e.g. 50,80,95`);
    const scope = await parseScope(db, org, required(flags, 'scope'), lookups);
    const row = await db.withOrg(org, (tx) =>
      budgetCreator(
        tx,
        org,
        null,
        {
          name: flags.name ?? '',
          ...scope,
          metric,
          period,
          limit,
          alertThresholds: thresholds,
          increase: null,
          enabled: true,
        },
        CLI,
      ),
    );
    console.log(`Created budget ${describeBudget(presentBudget(row, await currencyOf(db, org)))}`);
    return;
  }
  if (sub === 'list') {
    const org = await lookups.orgId(db, required(flags, 'org'));
    const currency = await currencyOf(db, org);
    const rows = (
      await db.withOrg(org, (tx) =>
        tx.execute(sql`select ${BUDGET_COLUMNS} from budgets s order by s.created_at, s.id`),
      )
    ).rows as unknown as BudgetRow[];
    if (rows.length === 0) console.log('No budgets.');
    for (const row of rows) console.log(describeBudget(presentBudget(row, currency)));
    return;
  }
  if (sub === 'delete') {
    const id = args[1];
    if (!id || !UUID.test(id)) throw new AppError('invalid_request', 'usage: gatehouse budget delete <budget id>');
    const [found] = (await db.withSystem((tx) => tx.execute(sql`select org_id from budgets where id = ${id}`)))
      .rows as Array<{ org_id: string }>;
    if (!found) throw new AppError('not_found', `No budget ${id}.`);
    await db.withOrg(found.org_id, (tx) => budgetDeleter(tx, found.org_id, null, id, CLI));
    console.log(`Deleted budget ${id}.`);
    return;
  }
  throw new AppError('invalid_request', 'usage: gatehouse budget create|list|delete (see "gatehouse help")');
}

/** `gatehouse credits grant|balance`. */
export async function creditsCommand(db: Database, args: string[], flags: Flags, lookups: CliLookups): Promise<void> {
  const sub = args[0];
  if (sub !== 'grant' && sub !== 'balance')
    throw new AppError('invalid_request', 'usage: gatehouse credits grant|balance (see "gatehouse help")');
  const slug = required(flags, 'org');
  const org = await lookups.orgId(db, slug);
  if (sub === 'grant') {
    const type = (flags.type ?? 'grant') as ManualEntryType;
    if (!MANUAL_ENTRY_TYPES.includes(type))
      throw new AppError('invalid_request', `--type: must be one of ${MANUAL_ENTRY_TYPES.join(', ')}`);
    const amountMicros = parseAmount(required(flags, 'amount'), '--amount', { negative: type === 'adjustment' });
    const idempotencyKey = flags['idempotency-key'] ?? `cli-${randomUUID()}`;
    const { replayed, entry } = await db.withOrg(org, (tx) =>
      manualCreditEntry(tx, org, null, { type, amountMicros, reason: required(flags, 'reason'), idempotencyKey }, CLI),
    );
    const summary = await db.withOrg(org, creditSummary);
    const amount = `${formatAmount(Number(entry.amount_micros))} ${summary.currency}`;
    console.log(
      replayed
        ? `Already recorded: ${entry.entry_type} of ${amount} (entry ${entry.id}, idempotency key ${idempotencyKey}); nothing added.`
        : `Recorded ${type} of ${amount} for ${slug} (entry ${entry.id}, idempotency key ${idempotencyKey}).`,
    );
    console.log(`Balance: ${formatAmount(summary.balanceMicros)} ${summary.currency}`);
    return;
  }
  const s = await db.withOrg(org, creditSummary);
  console.log(`Balance: ${formatAmount(s.balanceMicros)} ${s.currency}`);
  console.log(
    `Credited: ${formatAmount(s.creditedMicros)} ${s.currency}, consumed: ${formatAmount(s.consumedMicros)} ${s.currency}`,
  );
  console.log(
    `Enforced: ${s.enforced ? 'yes' : 'no'}${s.lowBalanceMicros === null ? '' : `, low-balance alert below ${formatAmount(s.lowBalanceMicros)} ${s.currency}`}`,
  );
}
