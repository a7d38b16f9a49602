import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { authorize } from '../auth/policy.ts';
import { configDocumentOut, exportModelConfig, parseConfigDocument } from './model-config.ts';
import { applyImport, importResultOut, summarizeImport } from './model-import-apply.ts';
import { planImport } from './model-import-plan.ts';

const problemsOut = z.object({
  error: z.object({
    code: z.literal('invalid_request'),
    message: z.string(),
    requestId: z.string(),
    problems: z.array(z.object({ path: z.string().describe('e.g. models[3].priceInput'), problem: z.string() })),
  }),
});

/** Bulk export and import of the whole model configuration (providers, models, access matrix). */
export function registerModelConfigRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/models/export',
    {
      config: { action: 'model.read' },
      schema: {
        tags: ['models'],
        summary: 'The whole model configuration as one JSON document (no credentials); needs provider.read too',
        response: { 200: configDocumentOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'model.read');
      // The document describes providers too (addresses, settings): it needs provider.read as well.
      authorize(req.actor!, 'provider.read');
      return db.withOrg(req.actor!.orgId, (tx) => exportModelConfig(tx));
    },
  );

  api.post(
    '/models/import',
    {
      // Creating providers is part of an import: it needs both model.manage and provider.manage.
      config: { action: 'model.manage' },
      schema: {
        tags: ['models'],
        summary: 'Import a configuration document: validated whole first, then applied all or nothing',
        description:
          'merge keeps what the document does not mention; replace deletes it (an absent access section leaves the matrix alone). ' +
          'Existing providers keep their credentials; new ones are created without one.',
        querystring: z.object({
          mode: z.enum(['merge', 'replace']).default('merge'),
          dryRun: z.enum(['true', 'false']).default('false').describe('true = report what would change, write nothing'),
        }),
        body: z.record(z.string(), z.unknown()).describe('A document as returned by GET /api/models/export'),
        response: { 200: importResultOut, 400: problemsOut },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      authorize(actor, 'model.manage');
      authorize(actor, 'provider.manage');
      const { mode } = req.query;
      const dryRun = req.query.dryRun === 'true';
      const parsed = parseConfigDocument(req.body, mode);
      const context = { actor, request: requestContext(req), secrets: deps.secrets, ssrf: deps.ssrf };
      const outcome = await db.withOrg(actor.orgId, async (tx) => {
        const { problems, plan } = await planImport(tx, parsed, mode, deps.ssrf);
        if (problems.length > 0) return { ok: false, problems } as const;
        if (!dryRun) await applyImport(tx, plan, context);
        return { ok: true, result: summarizeImport(plan, mode, dryRun) } as const;
      });
      if (!outcome.ok) {
        const count = outcome.problems.length;
        return reply.code(400).send({
          error: {
            code: 'invalid_request' as const,
            message: `The document has ${count} problem${count === 1 ? '' : 's'}; nothing was changed. First: ${outcome.problems[0]!.path}: ${outcome.problems[0]!.problem}`,
            requestId: req.id,
            problems: outcome.problems,
          },
        });
      }
      if (!dryRun) deps.catalog.invalidate(actor.orgId);
      return outcome.result;
    },
  );
}
