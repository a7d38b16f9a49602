import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { AppError, renderApiError } from '../errors.ts';
import { ROLES } from './member-rules.ts';
import { memberUpdater, type ChangeResult, type MemberChange } from './member-updater.ts';

const bulkBody = z
  .object({
    userIds: z.array(z.uuid()).min(1).max(500).describe('The people to change (at most 500)'),
    action: z.enum(['enable', 'disable', 'set-role', 'move']),
    role: z.enum(ROLES).optional().describe('For set-role'),
    departmentId: z.uuid().nullable().optional().describe('For move; null: no department'),
  })
  .superRefine((b, ctx) => {
    if (new Set(b.userIds).size !== b.userIds.length)
      ctx.addIssue({ code: 'custom', path: ['userIds'], message: 'a person is listed twice' });
    if (b.action === 'set-role' && !b.role)
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'required for action set-role' });
    if (b.action === 'move' && b.departmentId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['departmentId'],
        message: 'required for action move (null: no department)',
      });
  });

type BulkBody = z.infer<typeof bulkBody>;

const resultOut = z.object({
  userId: z.uuid(),
  outcome: z
    .enum(['changed', 'unchanged', 'refused', 'not_applied'])
    .describe('not_applied: fine on its own, but another person of the batch was refused'),
  code: z.string().optional(),
  message: z.string().optional(),
});

/** The answer when a change was refused (or any other error of this route). */
const refusedOut = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
  applied: z.literal(false).optional(),
  results: z.array(resultOut).optional(),
});

/** The statuses a refused person can cause. */
type RefusalStatus = 400 | 403 | 404 | 409;

/** The change one bulk action makes to one person. */
function changeFor(body: BulkBody, userId: string): MemberChange {
  switch (body.action) {
    case 'enable':
      return { userId, status: 'active' };
    case 'disable':
      return { userId, status: 'disabled' };
    case 'set-role':
      return { userId, role: body.role };
    case 'move':
      return { userId, departmentId: body.departmentId ?? null };
  }
}

/** Lists the fields of a per-person result the API shows. */
function presentResult(r: ChangeResult, applied: boolean): z.infer<typeof resultOut> {
  if (r.outcome === 'refused')
    return { userId: r.userId, outcome: 'refused', code: r.error.code, message: r.error.message };
  return { userId: r.userId, outcome: applied ? r.outcome : 'not_applied' };
}

/** POST /api/people/bulk: one action for many people, all or nothing, with a result per person. */
export function registerBulkRoutes(api: ApiInstance, deps: ApiDeps): void {
  api.post(
    '/people/bulk',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['people'],
        summary: 'Enable, disable, set the role of or move many people at once (all or nothing)',
        description:
          'Every change is checked before any is written. If one is refused, nothing changes and the answer ' +
          "carries that refusal's status with an error and the per-person results.",
        body: bulkBody,
        response: {
          200: z.object({
            applied: z.literal(true),
            changed: z.number().int(),
            results: z.array(resultOut),
          }),
          400: refusedOut,
          403: refusedOut,
          404: refusedOut,
          409: refusedOut,
        },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const changes = req.body.userIds.map((id) => changeFor(req.body, id));
      const { ok, results } = await deps.db.withOrg(actor.orgId, (tx) =>
        memberUpdater(tx, actor, changes, requestContext(req)),
      );
      if (ok)
        return {
          applied: true as const,
          changed: results.filter((r) => r.outcome === 'changed').length,
          results: results.map((r) => presentResult(r, true)),
        };
      const refused = results.filter((r) => r.outcome === 'refused');
      const first = refused[0]!.error;
      const summary = `${refused.length} of ${results.length} changes refused, nothing was changed. First: ${first.message}`;
      const body = renderApiError(new AppError(first.code, summary, { status: first.status }), req.id);
      return reply.code(first.status as RefusalStatus).send({
        ...body,
        applied: false as const,
        results: results.map((r) => presentResult(r, false)),
      });
    },
  );
}
