import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { authorize } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import { compileIpRanges, ipAllowed } from '../lib/ip-ranges.ts';
import { orgCreator, orgSlugSchema } from './org-creator.ts';
import { orgSettingsSchema, type OrgSettings } from './org-settings.ts';

/** The fields an org is presented with; nothing else leaves. */
const orgOut = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  settings: orgSettingsSchema,
  createdAt: z.string(),
});

interface OrgRow {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  settings: OrgSettings;
  created_at: string;
}

/** Lists the fields of an org row that the API shows. */
function presentOrg(row: OrgRow) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    settings: row.settings ?? {},
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const idParams = z.object({ id: z.uuid() });

/** Tenants (platform operator) and the signed-in org's own settings. */
export function registerOrgRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/orgs',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary: 'List tenants with member counts, usage this month and prepaid credits (platform operator)',
        querystring: pageQuery.extend({
          q: z.string().max(100).optional(),
          status: z.enum(['active', 'suspended']).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              orgOut.extend({
                members: z.number().int(),
                usageThisMonth: z
                  .object({ requests: z.number().int(), costMicros: z.number().int() })
                  .describe('From the day rollups: local days of the org in the current UTC calendar month'),
                credits: z
                  .object({
                    currency: z.string().describe("The tenant's currency (USD unless set)"),
                    balanceMicros: z
                      .number()
                      .int()
                      .describe('Σ of the ledger (holds excluded), in micro-units: as GET …/credits balanceMicros'),
                    enforced: z.boolean().describe('Whether requests need credits'),
                  })
                  .describe("The tenant's prepaid credits"),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      authorize(req.actor!, 'platform.manage');
      const { q, status, cursor, limit } = req.query;
      const rows = (await db.withSystem(
        async (tx) =>
          (
            await tx.execute(sql`
              select o.id, o.slug, o.name, o.status, o.settings, o.created_at,
                     (select count(*)::int from memberships m where m.org_id = o.id) as members,
                     (select jsonb_build_object('requests', coalesce(sum(r.requests), 0), 'costMicros', coalesce(sum(r.cost_micros), 0))
                        from usage_rollups r where r.org_id = o.id and r.grain = 'day'
                         and r.bucket >= date_trunc('month', now(), 'UTC')) as usage_this_month,
                     (select coalesce(sum(c.amount_micros), 0)::bigint from credit_ledger c
                       where c.org_id = o.id and c.entry_type not in ('reserve', 'release')) as credit_balance
                from organizations o
               where (${q ?? null}::text is null or o.name ilike '%' || ${q ?? null} || '%' or o.slug ilike '%' || ${q ?? null} || '%')
                 and (${status ?? null}::text is null or o.status = ${status ?? null})
                 and ${afterCursor(cursor, sql`o.created_at`, sql`o.id::text`)}
               order by o.created_at desc, o.id::text desc limit ${limit + 1}`)
          ).rows,
      )) as unknown as Array<
        OrgRow & {
          members: number;
          usage_this_month: { requests: number; costMicros: number };
          credit_balance: string | number;
        }
      >;
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return {
        items: items.map((r) => ({
          ...presentOrg(r),
          members: r.members,
          usageThisMonth: r.usage_this_month,
          credits: {
            currency: r.settings?.currency ?? 'USD',
            balanceMicros: Number(r.credit_balance),
            enforced: r.settings?.credits?.enforced ?? false,
          },
        })),
        nextCursor,
      };
    },
  );

  api.post(
    '/orgs',
    {
      config: { action: 'platform.manage' },
      schema: {
        tags: ['platform'],
        summary: 'Create a tenant (platform operator)',
        body: z.object({
          slug: orgSlugSchema,
          name: z.string().trim().min(1).max(200),
          timezone: orgSettingsSchema.shape.timezone.describe(
            'IANA time zone of the tenant (budgets reset at its midnight); UTC when absent',
          ),
        }),
        response: { 201: orgOut },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'platform.manage');
      const org = await orgCreator(db, req.body);
      const row = await db.withOrg(org.id, async (tx) => {
        const [r] = (
          await tx.execute(
            sql`select id, slug, name, status, settings, created_at from organizations where id = ${org.id}`,
          )
        ).rows as unknown as OrgRow[];
        await writeAudit(
          tx,
          org.id,
          req.actor,
          { action: 'org.create', targetType: 'org', targetId: org.id, after: presentOrg(r!) },
          requestContext(req),
        );
        return r!;
      });
      return reply.code(201).send(presentOrg(row));
    },
  );

  for (const [verb, status] of [
    ['suspend', 'suspended'],
    ['reactivate', 'active'],
  ] as const) {
    api.post(
      `/orgs/:id/${verb}`,
      {
        config: { action: 'platform.manage' },
        schema: {
          tags: ['platform'],
          summary: `${verb === 'suspend' ? 'Suspend' : 'Reactivate'} a tenant (takes effect everywhere within a second)`,
          params: idParams,
          response: { 200: orgOut },
        },
      },
      async (req) => {
        authorize(req.actor!, 'platform.manage');
        return db.withOrg(req.params.id, async (tx) => {
          const [before] = (
            await tx.execute(
              sql`select id, slug, name, status, settings, created_at from organizations where id = ${req.params.id} for update`,
            )
          ).rows as unknown as OrgRow[];
          if (!before) throw new AppError('not_found', `No organization ${req.params.id}.`);
          const [after] = (
            await tx.execute(sql`update organizations set status = ${status} where id = ${req.params.id}
                                                returning id, slug, name, status, settings, created_at`)
          ).rows as unknown as OrgRow[];
          await writeAudit(
            tx,
            req.params.id,
            req.actor,
            {
              action: `org.${verb}`,
              targetType: 'org',
              targetId: req.params.id,
              before: presentOrg(before),
              after: presentOrg(after!),
            },
            requestContext(req),
          );
          return presentOrg(after!);
        });
      },
    );
  }

  api.get(
    '/org',
    {
      config: { action: 'org.read' },
      schema: { tags: ['org'], summary: 'The signed-in organization and its settings', response: { 200: orgOut } },
    },
    async (req) => {
      authorize(req.actor!, 'org.read');
      return db.withOrg(req.actor!.orgId, async (tx) => {
        const [row] = (await tx.execute(sql`select id, slug, name, status, settings, created_at from organizations`))
          .rows as unknown as OrgRow[];
        if (!row) throw new AppError('not_found', 'Organization not found.');
        return presentOrg(row);
      });
    },
  );

  api.patch(
    '/org',
    {
      config: { action: 'org.update' },
      schema: {
        tags: ['org'],
        summary: 'Update the organization name, slug and settings (settings are merged)',
        body: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          slug: orgSlugSchema.optional(),
          settings: orgSettingsSchema.optional(),
        }),
        response: { 200: orgOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'org.update');
      const orgId = req.actor!.orgId;
      const result = await db.withOrg(orgId, async (tx) => {
        const [before] = (
          await tx.execute(sql`select id, slug, name, status, settings, created_at from organizations for update`)
        ).rows as unknown as OrgRow[];
        if (!before) throw new AppError('not_found', 'Organization not found.');
        // Prepaid credits are what an operator sells a tenant: only the operator switches them.
        if (req.body.settings?.credits !== undefined && !(req.actor!.kind === 'user' && req.actor!.isPlatformAdmin))
          throw new AppError(
            'forbidden',
            'settings.credits: prepaid credit settings are managed by the platform operator (PATCH /api/platform/orgs/:orgId/credits/settings).',
            { param: 'settings.credits' },
          );
        const settings = { ...(before.settings ?? {}), ...(req.body.settings ?? {}) };
        const consoleRanges = req.body.settings?.allowedIpRanges?.console;
        if (consoleRanges && !ipAllowed(compileIpRanges(consoleRanges), req.ip))
          throw new AppError(
            'invalid_request',
            `settings.allowedIpRanges.console: your own address ${req.ip} is not in these ranges; saving them would lock you out.`,
            { param: 'settings.allowedIpRanges.console' },
          );
        const [after] = (
          await tx.execute(sql`update organizations
                                  set name = ${req.body.name ?? before.name}, slug = ${req.body.slug ?? before.slug},
                                      settings = ${JSON.stringify(settings)}::jsonb
                                returning id, slug, name, status, settings, created_at`)
        ).rows as unknown as OrgRow[];
        await writeAudit(
          tx,
          orgId,
          req.actor,
          {
            action: 'org.update',
            targetType: 'org',
            targetId: orgId,
            before: presentOrg(before),
            after: presentOrg(after!),
          },
          requestContext(req),
        );
        return presentOrg(after!);
      });
      // Timezone, currency and unpriced-model settings feed metering: this process sees them at once.
      deps.limits.invalidate(orgId);
      return result;
    },
  );
}
