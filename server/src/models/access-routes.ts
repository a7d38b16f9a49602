import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Problem } from '../providers/provider-settings.ts';
import {
  accessMatrixOut,
  applyRuleChanges,
  loadAccessMatrix,
  setAccessDefault,
  type RuleChange,
} from './access-matrix.ts';
import { MATRIX_ROLES } from './model-access.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const changeSchema = z.object({
  modelId: z.uuid(),
  subjectType: z.enum(['role', 'department']),
  subject: z.string().min(1).max(64).describe('A role name, or a department id'),
  allowed: z.boolean().nullable().describe('null = remove the rule (back to the default or a parent department)'),
});

const idsParam = (ids: Iterable<string>) => sql`any(string_to_array(${[...ids].join(',')}, ',')::uuid[])`;

function failWith(code: 'invalid_request' | 'not_found', problems: Problem[]): never {
  throw new AppError(code, problems.map((p) => `${p.path}: ${p.problem}`).join('; '), { param: problems[0]!.path });
}

/**
 * Checks a batch of matrix changes against the org: 400 for a role that does not exist or a
 * repeated cell, 404 for another org's (or no) model or department — every problem named.
 * Returns the aliases of the models touched, for the audit trail.
 */
async function checkChanges(tx: Tx, changes: readonly RuleChange[]): Promise<Map<string, string>> {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  changes.forEach((ch, i) => {
    if (ch.subjectType === 'role' && !(MATRIX_ROLES as readonly string[]).includes(ch.subject))
      problems.push({ path: `changes[${i}].subject`, problem: `not a role (${MATRIX_ROLES.join(', ')})` });
    if (ch.subjectType === 'department' && !UUID.test(ch.subject))
      problems.push({ path: `changes[${i}].subject`, problem: 'not a department id' });
    const cell = `${ch.modelId}|${ch.subjectType}|${ch.subject.toLowerCase()}`;
    const first = seen.get(cell);
    if (first !== undefined)
      problems.push({ path: `changes[${i}]`, problem: `repeats changes[${first}] (same model and subject)` });
    else seen.set(cell, i);
  });
  if (problems.length > 0) failWith('invalid_request', problems);
  const modelIds = new Set(changes.map((ch) => ch.modelId));
  const deptIds = new Set(changes.filter((ch) => ch.subjectType === 'department').map((ch) => ch.subject));
  const models = (await tx.execute(sql`select id, alias from models where id = ${idsParam(modelIds)}`)).rows as Array<{
    id: string;
    alias: string;
  }>;
  const depts = new Set(
    (
      (await tx.execute(sql`select id from departments where id = ${idsParam(deptIds)}`)).rows as Array<{ id: string }>
    ).map((d) => d.id),
  );
  const aliases = new Map(models.map((m) => [m.id, m.alias]));
  changes.forEach((ch, i) => {
    if (!aliases.has(ch.modelId))
      problems.push({ path: `changes[${i}].modelId`, problem: `no model ${ch.modelId} in this organization` });
    if (ch.subjectType === 'department' && !depts.has(ch.subject.toLowerCase()))
      problems.push({ path: `changes[${i}].subject`, problem: `no department ${ch.subject} in this organization` });
  });
  if (problems.length > 0) failWith('not_found', problems);
  return aliases;
}

/** The model access matrix: read it whole, change it in bulk, set the default for new models. */
export function registerAccessRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/models/access',
    {
      config: { action: 'model.read' },
      schema: {
        tags: ['models'],
        summary: 'The model access matrix: every model × every role and department',
        response: { 200: accessMatrixOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'model.read');
      return db.withOrg(req.actor!.orgId, (tx) => loadAccessMatrix(tx));
    },
  );

  api.put(
    '/models/access',
    {
      config: { action: 'model.manage' },
      schema: {
        tags: ['models'],
        summary:
          'Change many cells of the matrix at once (all or nothing) and/or the default for models without a rule',
        body: z.object({
          modelAccessDefault: z
            .enum(['allow', 'deny'])
            .optional()
            .describe('The org default for models without a rule'),
          changes: z.array(changeSchema).max(10_000).default([]),
        }),
        response: { 200: accessMatrixOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'model.manage');
      const context = { actor: req.actor!, request: requestContext(req) };
      const changes = req.body.changes.map((ch) =>
        ch.subjectType === 'department' ? { ...ch, subject: ch.subject.toLowerCase() } : ch,
      );
      const matrix = await db.withOrg(req.actor!.orgId, async (tx) => {
        const aliases = await checkChanges(tx, changes);
        if (req.body.modelAccessDefault) await setAccessDefault(tx, req.body.modelAccessDefault, context);
        await applyRuleChanges(tx, changes, context, aliases);
        return loadAccessMatrix(tx);
      });
      deps.catalog.invalidate(req.actor!.orgId);
      return matrix;
    },
  );
}
