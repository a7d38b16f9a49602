import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { page, pageQuery } from '../api/pagination.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize, reachOf } from '../auth/policy.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import {
  creditEntryOut,
  creditHistory,
  creditSummary,
  creditSummaryOut,
  ledgerFilters,
  manualCreditEntry,
  MANUAL_ENTRY_TYPES,
  presentCreditEntry,
} from './credit-ledger.ts';

/** An org's balance and history are read by whoever manages its credits or reads all its usage. */
function authorizeCreditRead(actor: Actor): void {
  if (reachOf(actor, 'credits.manage') || reachOf(actor, 'usage.read') === 'org') return;
  throw new AppError(
    actor.kind === 'key' ? 'insufficient_scope' : 'forbidden',
    actor.kind === 'key'
      ? 'This API key lacks the scope "credits.manage" (or "usage.read").'
      : `Your role (${actor.role}) may not read the organization's credits.`,
  );
}

/** Runs `fn` in `orgId`'s transaction after checking the org exists (404 otherwise). */
function inOrg<T>(db: Database, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.withOrg(orgId, async (tx) => {
    if ((await tx.execute(sql`select 1 from organizations`)).rows.length === 0)
      throw new AppError('not_found', `No organization ${orgId}.`);
    return fn(tx);
  });
}

const ledgerPage = z.object({
  items: z.array(
    creditEntryOut.extend({
      actorName: z
        .string()
        .nullable()
        .describe("Who wrote a manual entry: the person's name (else e-mail); null for the system or the CLI"),
    }),
  ),
  nextCursor: z.string().nullable(),
});
const ledgerQuery = pageQuery.extend(ledgerFilters.shape);

/**
 * One page of an org's ledger with the names of the people who wrote its manual entries (a
 * platform operator is usually no member of the tenant, so the names come from the users table).
 */
async function readLedger(db: Database, orgId: string, q: z.infer<typeof ledgerQuery>) {
  const { rows, names } = await inOrg(db, orgId, async (tx) => {
    const rows = await creditHistory(tx, q, q.cursor, q.limit);
    const actors = [...new Set(rows.map((r) => r.actor_user_id).filter((id): id is string => id !== null))];
    const names = new Map(
      actors.length === 0
        ? []
        : (
            (
              await tx.execute(sql`select id, coalesce(nullif(name, ''), email) as name from users
                                    where id = any(${`{${actors.join(',')}}`}::uuid[])`)
            ).rows as Array<{ id: string; name: string }>
          ).map((u) => [u.id, u.name]),
    );
    return { rows, names };
  });
  const { items, nextCursor } = page(
    rows.map((r) => ({ ...r, createdAt: r.created_at })),
    q.limit,
  );
  return {
    items: items.map((r) => ({
      ...presentCreditEntry(r),
      actorName: r.actor_user_id ? (names.get(r.actor_user_id) ?? null) : null,
    })),
    nextCursor,
  };
}

/** The credit summary with what running requests hold and what the next request may spend. */
const creditBalanceOut = creditSummaryOut.extend({
  heldMicros: z.number().int().describe('Held for requests still running (0 while credits are not enforced)'),
  availableMicros: z
    .number()
    .int()
    .describe('What the next request may spend: the live balance minus holds while enforced, else the balance'),
});

/**
 * An org's credit summary plus the live holds: while credits are enforced the gateway's counter
 * (the same one /api/me/quota reads) knows what running requests hold; otherwise nothing is held.
 */
async function creditBalance(db: Database, metering: ApiDeps['metering'], orgId: string) {
  const summary = await inOrg(db, orgId, creditSummary);
  const live = summary.enforced
    ? (await metering.quota({ orgId, departmentId: null, userId: null, keyId: null })).credits
    : null;
  return {
    ...summary,
    heldMicros: live?.heldMicros ?? 0,
    availableMicros: live?.availableMicros ?? Math.max(0, summary.balanceMicros),
  };
}

const orgParams = z.object({ orgId: z.uuid() });

const grantBody = z.object({
  type: z.enum(MANUAL_ENTRY_TYPES, {
    error: 'use purchase, grant, refund or adjustment (reserve, settle and release are written by the gateway)',
  }),
  amountMicros: z
    .number()
    .int()
    .refine((v) => v !== 0, 'must not be zero')
    .describe('Micro-units of the org currency (1.00 = 1000000); negative only for an adjustment'),
  reason: z.string().trim().min(1).max(500).describe('Why, for the ledger and the audit log'),
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    .describe('Unique per entry: a retry with the same key returns the first entry instead of adding again'),
});

/** Prepaid credits: each org reads its balance; the platform operator grants and configures. */
export function registerCreditRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db, limits, metering } = deps;

  api.get(
    '/credits',
    {
      schema: {
        tags: ['credits'],
        summary: "The organization's prepaid balance, live holds and credit settings",
        response: { 200: creditBalanceOut },
      },
    },
    async (req) => {
      authorizeCreditRead(req.actor!);
      return creditBalance(db, metering, req.actor!.orgId);
    },
  );

  api.get(
    '/credits/ledger',
    {
      schema: {
        tags: ['credits'],
        summary: "The organization's credit ledger, newest first",
        querystring: ledgerQuery,
        response: { 200: ledgerPage },
      },
    },
    async (req) => {
      authorizeCreditRead(req.actor!);
      return readLedger(db, req.actor!.orgId, req.query);
    },
  );

  api.get(
    '/platform/orgs/:orgId/credits',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary: "A tenant's prepaid balance, live holds and credit settings (platform operator)",
        params: orgParams,
        response: { 200: creditBalanceOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'platform.manage');
      return creditBalance(db, metering, req.params.orgId);
    },
  );

  api.get(
    '/platform/orgs/:orgId/credits/ledger',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary: "A tenant's credit ledger, newest first (platform operator)",
        params: orgParams,
        querystring: ledgerQuery,
        response: { 200: ledgerPage },
      },
    },
    async (req) => {
      authorize(req.actor!, 'platform.manage');
      return readLedger(db, req.params.orgId, req.query);
    },
  );

  api.post(
    '/platform/orgs/:orgId/credits',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary:
          "Add a purchase, grant, refund or adjustment to a tenant's credits (platform operator); idempotent per key",
        params: orgParams,
        body: grantBody,
        response: {
          201: creditEntryOut.extend({ replayed: z.boolean() }),
          200: creditEntryOut.extend({
            replayed: z.boolean().describe('True: this key was used before; nothing added'),
          }),
        },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'platform.manage');
      const orgId = req.params.orgId;
      const { replayed, entry } = await inOrg(db, orgId, (tx) =>
        manualCreditEntry(tx, orgId, req.actor, req.body, requestContext(req)),
      );
      if (!replayed) limits.invalidate(orgId);
      return reply.code(replayed ? 200 : 201).send({ ...presentCreditEntry(entry), replayed });
    },
  );

  api.patch(
    '/platform/orgs/:orgId/credits/settings',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary: "Turn credit enforcement on or off and set a tenant's low-balance alert (platform operator)",
        params: orgParams,
        body: z.object({
          enforced: z.boolean().optional().describe('Requests need credits: 402 once the balance is used up'),
          lowBalanceMicros: z
            .number()
            .int()
            .min(0)
            .nullable()
            .optional()
            .describe('Alert when the balance falls below this many micro-units; null removes the alert'),
        }),
        response: { 200: creditSummaryOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'platform.manage');
      const { enforced, lowBalanceMicros } = req.body;
      if (enforced === undefined && lowBalanceMicros === undefined)
        throw new AppError('invalid_request', 'enforced: send enforced, lowBalanceMicros or both', {
          param: 'enforced',
        });
      const orgId = req.params.orgId;
      const summary = await inOrg(db, orgId, async (tx) => {
        const [row] = (await tx.execute(sql`select settings->'credits' as credits from organizations for update`))
          .rows as Array<{ credits: { enforced: boolean; lowBalanceMicros?: number } | null }>;
        const before = row?.credits ?? null;
        const low = lowBalanceMicros === undefined ? before?.lowBalanceMicros : (lowBalanceMicros ?? undefined);
        const after = {
          enforced: enforced ?? before?.enforced ?? false,
          ...(low === undefined ? {} : { lowBalanceMicros: low }),
        };
        await tx.execute(
          sql`update organizations set settings = jsonb_set(settings, '{credits}', ${JSON.stringify(after)}::jsonb)`,
        );
        await writeAudit(
          tx,
          orgId,
          req.actor,
          { action: 'credits.settings', targetType: 'org', targetId: orgId, before, after },
          requestContext(req),
        );
        return creditSummary(tx);
      });
      limits.invalidate(orgId);
      return summary;
    },
  );
}
