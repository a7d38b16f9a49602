import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Quota } from './metering-service.ts';
import {
  BUDGET_COLUMNS,
  budgetCreateBody,
  budgetListItemOut,
  budgetOut,
  budgetPatchBody,
  checkScope,
  loadBudget,
  lockLimits,
  orgCurrency,
  presentBudget,
  resolveLimit,
  SCOPE_NAME,
  SCOPE_TYPES,
  visibleScopes,
  type BudgetRow,
  type Metric,
  type Period,
  type ScopeType,
} from './budget-schema.ts';

/** A budget to create, its limit already in the metric's unit. */
export interface BudgetInput {
  name: string;
  scopeType: ScopeType;
  scopeId?: string | null;
  metric: Metric;
  period: Period;
  limit: number;
  alertThresholds: number[];
  increase: { amount: number; expiresAt: string } | null;
  enabled: boolean;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const pgIntArray = (values: number[]) => `{${values.join(',')}}`;

/**
 * Creates a budget in the caller's org transaction and audits it (`budget.create`): the scope must
 * exist in the org, and a second budget with the same scope, metric and period is a 409.
 */
export async function budgetCreator(
  tx: Tx,
  orgId: string,
  actor: Actor | null,
  input: BudgetInput,
  ctx: RequestContext,
): Promise<BudgetRow> {
  await lockLimits(tx, orgId);
  const scopeId = await checkScope(tx, input.scopeType, input.scopeId);
  const [dup] = (
    await tx.execute(sql`select id from budgets where scope_type = ${input.scopeType}
                          and scope_id is not distinct from ${scopeId}::uuid
                          and metric = ${input.metric} and period = ${input.period}`)
  ).rows as Array<{ id: string }>;
  if (dup)
    throw new AppError(
      'conflict',
      `A ${input.period} ${input.metric} budget for ${input.scopeType === 'org' ? 'the organization' : `${input.scopeType} ${scopeId}`} already exists (budget ${dup.id}); change that one instead.`,
    );
  const [row] = (
    await tx.execute(sql`
      insert into budgets (org_id, name, scope_type, scope_id, metric, period, limit_amount, alert_thresholds,
                           increase_amount, increase_expires_at, enabled, created_by)
      values (${orgId}, ${input.name}, ${input.scopeType}, ${scopeId}, ${input.metric}, ${input.period}, ${input.limit},
              ${pgIntArray(sorted(input.alertThresholds))}::integer[], ${input.increase?.amount ?? null},
              ${input.increase?.expiresAt ?? null}::timestamptz, ${input.enabled},
              ${actor?.kind === 'user' ? actor.userId : null})
      returning id`)
  ).rows as Array<{ id: string }>;
  const created = await loadBudget(tx, row!.id);
  await writeAudit(
    tx,
    orgId,
    actor,
    {
      action: 'budget.create',
      targetType: 'budget',
      targetId: created.id,
      after: presentBudget(created, await orgCurrency(tx)),
    },
    ctx,
  );
  return created;
}

/** Deletes a budget of the caller's org transaction and audits it (`budget.delete`); 404 if not there. */
export async function budgetDeleter(
  tx: Tx,
  orgId: string,
  actor: Actor | null,
  id: string,
  ctx: RequestContext,
): Promise<BudgetRow> {
  await lockLimits(tx, orgId);
  const before = await loadBudget(tx, id);
  await tx.execute(sql`delete from budgets where id = ${id}`);
  await writeAudit(
    tx,
    orgId,
    actor,
    {
      action: 'budget.delete',
      targetType: 'budget',
      targetId: id,
      before: presentBudget(before, await orgCurrency(tx)),
    },
    ctx,
  );
  return before;
}

/** 403 unless the actor may read this budget (see visibleScopes). */
async function assertVisible(tx: Tx, actor: Actor, id: string): Promise<void> {
  const reach = authorize(actor, 'usage.read');
  const visible = (
    await tx.execute(sql`select 1 from budgets s where s.id = ${id} and ${await visibleScopes(tx, actor, reach)}`)
  ).rows.length;
  if (!visible) throw new AppError('forbidden', 'You may only read the budgets that apply to you or your department.');
}

/**
 * Where each listed budget stands now, read through the same live counters the gateway reserves
 * against (GET /api/me/quota's source): one quota read per distinct scope — the subject "standing
 * on" that scope — and each budget picked out of it by id. A disabled budget is not metered: null.
 */
async function budgetStatuses(quota: ApiDeps['metering']['quota'], orgId: string, rows: readonly BudgetRow[]) {
  const byScope = new Map<string, Promise<Quota>>();
  const status = new Map<string, Quota['budgets'][number]>();
  for (const row of rows) {
    if (!row.enabled) continue;
    const key = `${row.scope_type}:${row.scope_id ?? ''}`;
    let read = byScope.get(key);
    if (!read) {
      read = quota({
        orgId,
        departmentId: row.scope_type === 'department' ? row.scope_id : null,
        userId: row.scope_type === 'user' ? row.scope_id : null,
        keyId: row.scope_type === 'key' ? row.scope_id : null,
      });
      byScope.set(key, read);
    }
    const found = (await read).budgets.find((b) => b.budgetId === row.id);
    if (found) status.set(row.id, found);
  }
  return (id: string) => {
    const b = status.get(id);
    return b
      ? { limit: b.limit, used: b.used, reserved: b.reserved, remaining: b.remaining, resetsAt: b.resetsAt }
      : null;
  };
}

const FIXED = ['scopeType', 'scopeId', 'metric', 'period'] as const;
const idParams = z.object({ id: z.uuid() });

/** Budgets: owners and admins manage them; everyone with usage.read sees the ones within their reach. */
export function registerBudgetRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db, limits } = deps;

  api.get(
    '/budgets',
    {
      config: { action: 'usage.read' },
      schema: {
        tags: ['budgets'],
        summary:
          "List the budgets you may see (newest first), each with its scope's name and where it stands this period",
        querystring: pageQuery.extend({
          scopeType: z.enum(SCOPE_TYPES).optional(),
          scopeId: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(budgetListItemOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const reach = authorize(actor, 'usage.read');
      const { cursor, limit, scopeType, scopeId } = req.query;
      const { rows, currency } = await db.withOrg(actor.orgId, async (tx) => ({
        currency: await orgCurrency(tx),
        rows: (
          await tx.execute(sql`
            select ${BUDGET_COLUMNS}, ${SCOPE_NAME} from budgets s
             where ${await visibleScopes(tx, actor, reach)}
               and (${scopeType ?? null}::text is null or s.scope_type = ${scopeType ?? null})
               and (${scopeId ?? null}::uuid is null or s.scope_id = ${scopeId ?? null}::uuid)
               and ${afterCursor(cursor, sql`s.created_at`, sql`s.id::text`)}
             order by s.created_at desc, s.id::text desc limit ${limit + 1}`)
        ).rows as unknown as Array<BudgetRow & { scope_name: string | null }>,
      }));
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      const statusOf = await budgetStatuses((who) => deps.metering.quota(who), actor.orgId, items);
      return {
        items: items.map((r) => ({ ...presentBudget(r, currency), scopeName: r.scope_name, status: statusOf(r.id) })),
        nextCursor,
      };
    },
  );

  api.get(
    '/budgets/:id',
    {
      config: { action: 'usage.read' },
      schema: { tags: ['budgets'], summary: 'One budget', params: idParams, response: { 200: budgetOut } },
    },
    async (req) => {
      const actor = req.actor!;
      return db.withOrg(actor.orgId, async (tx) => {
        const row = await loadBudget(tx, req.params.id);
        await assertVisible(tx, actor, row.id);
        return presentBudget(row, await orgCurrency(tx));
      });
    },
  );

  api.post(
    '/budgets',
    {
      config: { action: 'budget.manage' },
      schema: {
        tags: ['budgets'],
        summary: 'Create a budget on the org, a department, a person or a key (one per scope, metric and period)',
        body: budgetCreateBody,
        response: { 201: budgetOut },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      authorize(actor, 'budget.manage');
      const body = req.body;
      const limit = resolveLimit(body.metric, body, true)!;
      const result = await db.withOrg(actor.orgId, async (tx) => {
        const row = await budgetCreator(
          tx,
          actor.orgId,
          actor,
          { ...body, limit, increase: body.increase ?? null },
          requestContext(req),
        );
        return presentBudget(row, await orgCurrency(tx));
      });
      limits.invalidate(actor.orgId);
      return reply.code(201).send(result);
    },
  );

  api.patch(
    '/budgets/:id',
    {
      config: { action: 'budget.manage' },
      schema: {
        tags: ['budgets'],
        summary: 'Change a budget (its scope, metric and period are fixed: create another budget for those)',
        params: idParams,
        body: budgetPatchBody.extend({
          scopeType: z.enum(SCOPE_TYPES).optional().describe('Fixed: may be sent, must equal the current value'),
          scopeId: z.uuid().nullable().optional().describe('Fixed: may be sent, must equal the current value'),
          metric: budgetCreateBody.shape.metric.optional().describe('Fixed: may be sent, must equal the current value'),
          period: budgetCreateBody.shape.period.optional().describe('Fixed: may be sent, must equal the current value'),
        }),
        response: { 200: budgetOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      authorize(actor, 'budget.manage');
      const body = req.body;
      const result = await db.withOrg(actor.orgId, async (tx) => {
        await lockLimits(tx, actor.orgId);
        const before = await loadBudget(tx, req.params.id);
        const current = {
          scopeType: before.scope_type,
          scopeId: before.scope_id,
          metric: before.metric,
          period: before.period,
        };
        for (const field of FIXED)
          if (body[field] !== undefined && body[field] !== current[field])
            throw new AppError('invalid_request', `${field}: cannot be changed; create a new budget instead`, {
              param: field,
            });
        const limit = resolveLimit(before.metric, body, false) ?? Number(before.limit_amount);
        const thresholds = body.alertThresholds ? sorted(body.alertThresholds) : before.alert_thresholds;
        const increase =
          body.increase === undefined
            ? { amount: before.increase_amount, expiresAt: before.increase_expires_at }
            : { amount: body.increase?.amount ?? null, expiresAt: body.increase?.expiresAt ?? null };
        await tx.execute(sql`
          update budgets set name = ${body.name ?? before.name}, limit_amount = ${limit},
                 alert_thresholds = ${pgIntArray(thresholds.map(Number))}::integer[],
                 increase_amount = ${increase.amount}, increase_expires_at = ${increase.expiresAt}::timestamptz,
                 enabled = ${body.enabled ?? before.enabled}
           where id = ${before.id}`);
        const after = await loadBudget(tx, before.id);
        const currency = await orgCurrency(tx);
        await writeAudit(
          tx,
          actor.orgId,
          actor,
          {
            action: 'budget.update',
            targetType: 'budget',
            targetId: before.id,
            before: presentBudget(before, currency),
            after: presentBudget(after, currency),
          },
          requestContext(req),
        );
        return presentBudget(after, currency);
      });
      limits.invalidate(actor.orgId);
      return result;
    },
  );

  api.delete(
    '/budgets/:id',
    {
      config: { action: 'budget.manage' },
      schema: { tags: ['budgets'], summary: 'Delete a budget', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const actor = req.actor!;
      authorize(actor, 'budget.manage');
      await db.withOrg(actor.orgId, (tx) => budgetDeleter(tx, actor.orgId, actor, req.params.id, requestContext(req)));
      limits.invalidate(actor.orgId);
      return reply.code(204).send(null);
    },
  );
}
