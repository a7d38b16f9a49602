import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { encodeCursor, page, pageQuery } from '../api/pagination.ts';
import { AppError } from '../errors.ts';
import { csvRow } from '../lib/csv.ts';
import { registerOutboxRoutes } from '../mail/outbox-routes.ts';
import { registerInvitationRoutes } from './invitation-routes.ts';
import { ROLES } from './member-rules.ts';
import { memberRemover, memberUpdater, sessionsRevoker } from './member-updater.ts';
import { registerPasswordResetRoutes } from './password-reset-routes.ts';
import { registerBulkRoutes } from './people-bulk-routes.ts';
import { peopleCondition, peopleCount, peopleFilters, peoplePage } from './people-query.ts';
import { personOut, presentPerson } from './person-presenter.ts';

const CSV_COLUMNS = [
  'userId',
  'email',
  'name',
  'role',
  'departmentId',
  'departmentName',
  'status',
  'mfaEnabled',
  'lastLoginAt',
  'joinedAt',
] as const;

const userParams = z.object({ userId: z.uuid() });

/**
 * People of the org (search, filters, CSV, changes, removal, bulk changes, signing someone out),
 * plus the rest of the people area: invitations, password reset and the mail outbox.
 */
export function registerPeopleRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/people',
    {
      config: { action: 'member.read' },
      schema: {
        tags: ['people'],
        summary: 'People of the org you may see, newest members first, with search and filters',
        querystring: pageQuery.extend(peopleFilters.shape),
        response: {
          200: z.object({
            items: z.array(personOut),
            nextCursor: z.string().nullable(),
            total: z.number().int().describe('How many people match the filters'),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const { cursor, limit, ...filters } = req.query;
      const { rows, total } = await db.withOrg(actor.orgId, async (tx) => {
        const where = await peopleCondition(tx, actor, filters);
        return { rows: await peoplePage(tx, where, cursor, limit + 1), total: await peopleCount(tx, where) };
      });
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at, id: r.user_id })),
        limit,
      );
      return { items: items.map(presentPerson), nextCursor, total };
    },
  );

  api.get(
    '/people/export.csv',
    {
      config: { action: 'member.read' },
      schema: {
        tags: ['people'],
        summary: 'The filtered people list as CSV (streamed; cells starting with = + - @ are quoted)',
        querystring: peopleFilters,
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const filters = req.query;
      // Resolve the scope before the first byte, so a refusal is still a proper error response.
      await db.withOrg(actor.orgId, (tx) => peopleCondition(tx, actor, filters));
      async function* lines(): AsyncGenerator<string> {
        yield csvRow([...CSV_COLUMNS]);
        let cursor: string | undefined;
        for (;;) {
          const rows = await db.withOrg(actor.orgId, async (tx) =>
            peoplePage(tx, await peopleCondition(tx, actor, filters), cursor, 1000),
          );
          for (const row of rows) {
            const p = presentPerson(row);
            yield csvRow(CSV_COLUMNS.map((c) => p[c]));
          }
          const last = rows.at(-1);
          if (rows.length < 1000 || !last) return;
          cursor = encodeCursor(last.created_at, last.user_id);
        }
      }
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="people-${stamp}.csv"`);
      return reply.send(Readable.from(lines()));
    },
  );

  api.patch(
    '/people/:userId',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['people'],
        summary: "Change a person's role, department or status (active/disabled)",
        params: userParams,
        body: z
          .object({
            role: z.enum(ROLES).optional(),
            departmentId: z.uuid().nullable().optional().describe('null: no department'),
            status: z.enum(['active', 'disabled']).optional().describe('disabled: signed out, keys refused'),
          })
          .refine((b) => Object.values(b).some((v) => v !== undefined), 'give role, departmentId or status'),
        response: { 200: personOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const result = await db.withOrg(actor.orgId, (tx) =>
        memberUpdater(tx, actor, [{ userId: req.params.userId, ...req.body }], requestContext(req)),
      );
      const [only] = result.results;
      if (!only) throw new AppError('internal_error', 'no result for the change');
      if (only.outcome === 'refused') throw only.error;
      return only.person;
    },
  );

  api.delete(
    '/people/:userId',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['people'],
        summary: 'Remove a person from the org (their sessions end and their keys here are revoked)',
        params: userParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      await db.withOrg(actor.orgId, (tx) => memberRemover(tx, actor, req.params.userId, requestContext(req)));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/people/:userId/revoke-sessions',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['people'],
        summary: 'End every session of a person in this org (owners and admins); they must sign in again',
        params: userParams,
        response: { 200: z.object({ revokedSessions: z.number().int() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const revokedSessions = await db.withOrg(actor.orgId, (tx) =>
        sessionsRevoker(tx, actor, req.params.userId, requestContext(req)),
      );
      return { revokedSessions };
    },
  );

  registerBulkRoutes(api, deps);
  registerInvitationRoutes(api, deps);
  registerPasswordResetRoutes(api, deps);
  registerOutboxRoutes(api, deps);
}
