import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { authorize } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import {
  auditProviderCreated,
  credentialRotator,
  providerDeleter,
  providerUpdater,
  type ProviderCommandContext,
} from './provider-commands.ts';
import { checkProvider, insertProvider } from './provider-creator.ts';
import {
  PROVIDER_COLUMNS,
  loadProvider,
  presentProvider,
  providerKindSchema,
  providerOut,
  type ProviderRow,
} from './provider-presenter.ts';
import { problemError } from './provider-settings.ts';
import { connectionTestOut, testProviderConnection } from './provider-tester.ts';

const idParams = z.object({ id: z.uuid() });
const name = z.string().trim().min(1).max(120);
const apiKey = z.string().min(1).max(4096).describe('The provider API key; stored encrypted, never shown again');
const settings = z.record(z.string(), z.unknown()).describe("Adapter options, validated by the kind's settings schema");
const baseUrl = z.string().max(2000).nullable().describe("Null = the vendor's default; checked by the SSRF guard");

/** Provider accounts: credentials sealed at rest and shown masked; a real connection test. */
export function registerProviderRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db, secrets } = deps;
  const commandContext = (req: FastifyRequest): ProviderCommandContext => ({
    actor: req.actor!,
    request: requestContext(req),
    secrets,
    ssrf: deps.ssrf,
  });

  api.get(
    '/providers',
    {
      config: { action: 'provider.read' },
      schema: {
        tags: ['providers'],
        summary: 'All provider accounts of the org (credentials masked)',
        response: { 200: z.object({ items: z.array(providerOut) }) },
      },
    },
    async (req) => {
      authorize(req.actor!, 'provider.read');
      const rows = await db.withOrg(
        req.actor!.orgId,
        async (tx) =>
          (await tx.execute(sql`select ${PROVIDER_COLUMNS} from providers p order by lower(p.name) limit 1000`))
            .rows as unknown as ProviderRow[],
      );
      return { items: rows.map((r) => presentProvider(r, secrets)) };
    },
  );

  api.post(
    '/providers',
    {
      config: { action: 'provider.manage' },
      schema: {
        tags: ['providers'],
        summary: 'Connect a provider; the credential is sealed to the new provider and shown masked',
        body: z.object({
          name,
          kind: providerKindSchema,
          baseUrl: baseUrl.optional(),
          apiKey: apiKey.nullable().optional(),
          settings: settings.optional(),
          enabled: z.boolean().optional(),
        }),
        response: { 201: providerOut },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'provider.manage');
      const checked = await checkProvider(req.body, deps.ssrf);
      if (!checked.ok) throw problemError(checked.problems);
      const row = await db.withOrg(req.actor!.orgId, async (tx) => {
        const id = await insertProvider(tx, req.actor!.orgId, { ...req.body, ...checked.value }, secrets);
        return auditProviderCreated(tx, id, commandContext(req));
      });
      deps.catalog.invalidate(req.actor!.orgId);
      return reply.code(201).send(presentProvider(row, secrets));
    },
  );

  api.patch(
    '/providers/:id',
    {
      config: { action: 'provider.manage' },
      schema: {
        tags: ['providers'],
        summary: 'Rename, re-address, reconfigure or disable a provider',
        params: idParams,
        body: z.object({
          name: name.optional(),
          baseUrl: baseUrl.optional(),
          settings: settings.optional().describe('Replaces the settings; a masked header value keeps the stored one'),
          enabled: z.boolean().optional(),
          isDefault: z.boolean().optional().describe('Make this the default provider of its kind'),
          apiKey: apiKey.optional().describe('Required when the base URL moves to another host'),
        }),
        response: { 200: providerOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'provider.manage');
      const row = await db.withOrg(req.actor!.orgId, (tx) =>
        providerUpdater(tx, req.params.id, req.body, commandContext(req)),
      );
      deps.catalog.invalidate(req.actor!.orgId);
      return presentProvider(row, secrets);
    },
  );

  api.post(
    '/providers/:id/rotate-credential',
    {
      config: { action: 'provider.manage' },
      schema: {
        tags: ['providers'],
        summary: "Replace a provider's API key (the gateway uses the new one within a second)",
        params: idParams,
        body: z.object({ apiKey }),
        response: { 200: providerOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'provider.manage');
      const row = await db.withOrg(req.actor!.orgId, (tx) =>
        credentialRotator(tx, req.params.id, req.body.apiKey, commandContext(req)),
      );
      deps.catalog.invalidate(req.actor!.orgId);
      return presentProvider(row, secrets);
    },
  );

  api.post(
    '/providers/:id/test',
    {
      config: { action: 'provider.manage' },
      schema: {
        tags: ['providers'],
        summary: 'Test the connection with a one-token chat through the gateway transport',
        params: idParams,
        body: z
          .object({
            upstreamModel: z
              .string()
              .min(1)
              .max(256)
              .optional()
              .describe('Model to ask; default: the first chat model using this provider'),
          })
          .optional(),
        response: { 200: connectionTestOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'provider.manage');
      const { row, model } = await db.withOrg(req.actor!.orgId, async (tx) => {
        const provider = await loadProvider(tx, req.params.id);
        const [first] = (
          await tx.execute(sql`select upstream_model from models where provider_id = ${provider.id} and kind = 'chat'
                                order by enabled desc, alias limit 1`)
        ).rows as Array<{ upstream_model: string }>;
        return { row: provider, model: req.body?.upstreamModel ?? first?.upstream_model ?? null };
      });
      if (!model)
        throw new AppError(
          'invalid_request',
          'upstreamModel: name a chat model to test with (no chat model uses this provider yet)',
          { param: 'upstreamModel' },
        );
      return testProviderConnection(row, model, { secrets, http: deps.http });
    },
  );

  api.delete(
    '/providers/:id',
    {
      config: { action: 'provider.manage' },
      schema: {
        tags: ['providers'],
        summary: 'Delete a provider that no model uses (409 otherwise)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'provider.manage');
      await db.withOrg(req.actor!.orgId, (tx) => providerDeleter(tx, req.params.id, commandContext(req)));
      deps.catalog.invalidate(req.actor!.orgId);
      return reply.code(204).send(null);
    },
  );
}
