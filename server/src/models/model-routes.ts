import { sql } from 'drizzle-orm';
import { PRICE_CATALOG, PRICE_CATALOG_AS_OF, PRICE_CATALOG_CURRENCY } from '../metering/price-catalog.ts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { authorize } from '../auth/policy.ts';
import { providerKindSchema } from '../providers/provider-presenter.ts';
import { registerAccessRoutes } from './access-routes.ts';
import { registerModelConfigRoutes } from './model-config-routes.ts';
import { modelAdder, modelDeleter, modelUpdater, type ModelCommandContext } from './model-commands.ts';
import { modelInputSchema, modelPatchSchema } from './model-creator.ts';
import { MODEL_FROM, modelOut, presentModel, type ModelRow } from './model-presenter.ts';

const idParams = z.object({ id: z.uuid() });

/** Model aliases (CRUD), their access matrix and the import/export of the whole configuration. */
export function registerModelRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;
  const context = (req: FastifyRequest): ModelCommandContext => ({ actor: req.actor!, request: requestContext(req) });

  api.get(
    '/price-catalog',
    {
      config: { action: 'model.read' },
      schema: {
        tags: ['models'],
        summary:
          'The bundled list prices (USD micro-units per million tokens, dated) that a model added without prices gets',
        response: {
          200: z.object({
            asOf: z.string(),
            currency: z.string(),
            models: z.array(
              z.object({
                model: z.string(),
                provider: z.string(),
                input: z.number().nullable(),
                output: z.number().nullable(),
                cachedInput: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ asOf: PRICE_CATALOG_AS_OF, currency: PRICE_CATALOG_CURRENCY, models: [...PRICE_CATALOG] }),
  );

  api.get(
    '/models',
    {
      config: { action: 'model.read' },
      schema: {
        tags: ['models'],
        summary: 'Model aliases of the org (newest first), filtered by provider, kind or state',
        querystring: pageQuery.extend({
          providerId: z.uuid().optional(),
          providerKind: providerKindSchema.optional(),
          kind: z.enum(['chat', 'embedding']).optional(),
          enabled: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ items: z.array(modelOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      authorize(req.actor!, 'model.read');
      const { cursor, limit, providerId, providerKind, kind, enabled } = req.query;
      const rows = await db.withOrg(
        req.actor!.orgId,
        async (tx) =>
          (
            await tx.execute(sql`${MODEL_FROM}
              where (${providerId ?? null}::uuid is null or m.provider_id = ${providerId ?? null}::uuid)
                and (${providerKind ?? null}::text is null or p.kind = ${providerKind ?? null})
                and (${kind ?? null}::text is null or m.kind = ${kind ?? null})
                and (${enabled ?? null}::boolean is null or m.enabled = ${enabled ?? null}::boolean)
                and ${afterCursor(cursor, sql`m.created_at`, sql`m.id::text`)}
              order by m.created_at desc, m.id::text desc limit ${limit + 1}`)
          ).rows as unknown as ModelRow[],
      );
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return { items: items.map(presentModel), nextCursor };
    },
  );

  api.post(
    '/models',
    {
      config: { action: 'model.manage' },
      schema: {
        tags: ['models'],
        summary: 'Add a model alias on one of the org’s providers',
        body: modelInputSchema,
        response: { 201: modelOut },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'model.manage');
      const row = await db.withOrg(req.actor!.orgId, (tx) => modelAdder(tx, req.body, context(req)));
      deps.catalog.invalidate(req.actor!.orgId);
      return reply.code(201).send(presentModel(row));
    },
  );

  api.patch(
    '/models/:id',
    {
      config: { action: 'model.manage' },
      schema: {
        tags: ['models'],
        summary: 'Change a model (absent fields stay, null clears a price or limit)',
        params: idParams,
        body: modelPatchSchema,
        response: { 200: modelOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'model.manage');
      const row = await db.withOrg(req.actor!.orgId, (tx) => modelUpdater(tx, req.params.id, req.body, context(req)));
      deps.catalog.invalidate(req.actor!.orgId);
      return presentModel(row);
    },
  );

  api.delete(
    '/models/:id',
    {
      config: { action: 'model.manage' },
      schema: {
        tags: ['models'],
        summary: 'Delete a model alias and its access rules',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'model.manage');
      await db.withOrg(req.actor!.orgId, (tx) => modelDeleter(tx, req.params.id, context(req)));
      deps.catalog.invalidate(req.actor!.orgId);
      return reply.code(204).send(null);
    },
  );

  registerAccessRoutes(api, deps);
  registerModelConfigRoutes(api, deps);
}
