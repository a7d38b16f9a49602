import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import { REFRESH_COOKIE } from '../auth/auth-routes.ts';
import { authorize } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';
import type { IssuedSession } from '../auth/session-service.ts';
import { invitationMail, pickLanguage } from '../mail/mail-templates.ts';
import type { QueuedMail } from '../mail/mailer.ts';
import { invitationAccepter } from './invitation-accepter.ts';
import {
  INVITATION_COLUMNS,
  invitationCreator,
  invitationOut,
  invitationResender,
  invitationRevoker,
  presentInvitation,
  type InvitationMailContext,
  type InvitationRow,
} from './invitation-commands.ts';
import { ROLES } from './member-rules.ts';
import { MAX_PASSWORD_LENGTH } from './password-strength.ts';
import { uuidArray } from './person-presenter.ts';

const language = z
  .enum(['en', 'de'])
  .optional()
  .describe(
    "Language of the mail (default: the invitee's own, if they have an account and chose one; else the org's; else yours)",
  );
const sentOut = invitationOut.extend({
  mail: z.object({
    id: z.uuid(),
    status: z.enum(['pending', 'kept']).describe('kept: no SMTP configured; the mail is in the outbox to forward'),
  }),
});
const idParams = z.object({ id: z.uuid() });

/** The request's own origin, for links when PUBLIC_URL is not configured. */
export function requestOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** Writes the invitation mail to the outbox (after the invitation committed). */
async function mailInvitation(
  deps: ApiDeps,
  req: FastifyRequest,
  sent: { row: InvitationRow; token: string; mail: InvitationMailContext },
  explicit?: string,
): Promise<QueuedMail> {
  const rendered = invitationMail({
    // An explicit choice first, then the language the invitee picked for themselves, the org's, the inviter's browser.
    language: pickLanguage(explicit, sent.mail.inviteeLanguage, sent.mail.language, header(req, 'accept-language')),
    orgName: sent.mail.orgName,
    inviterName: sent.mail.inviterName,
    role: sent.row.role,
    acceptUrl: deps.mailer.link(`/invite#token=${sent.token}`, requestOrigin(req)),
    expiresAt: new Date(sent.row.expires_at),
    timeZone: sent.mail.timeZone,
  });
  return deps.mailer.send({ orgId: req.actor!.orgId, to: sent.row.email, ...rendered });
}

/** Sets the refresh cookie exactly as POST /api/auth/login does. */
function setRefreshCookie(reply: FastifyReply, session: IssuedSession, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/api/auth',
    expires: session.refreshExpiresAt,
  });
}

/** Invitations: invite by e-mail, list, resend, revoke, and the public accept. */
export function registerInvitationRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.post(
    '/invitations',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone by e-mail (a single-use link valid for 7 days)',
        body: z.object({
          email: z.email().max(320),
          role: z.enum(ROLES),
          departmentId: z.uuid().nullable().optional(),
          language,
        }),
        response: { 201: sentOut },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const sent = await db.withOrg(actor.orgId, (tx) =>
        invitationCreator(
          tx,
          actor,
          { email: req.body.email, role: req.body.role, departmentId: req.body.departmentId ?? null },
          requestContext(req),
        ),
      );
      const mail = await mailInvitation(deps, req, sent, req.body.language);
      return reply.code(201).send({ ...presentInvitation(sent.row), mail });
    },
  );

  api.get(
    '/invitations',
    {
      config: { action: 'member.read' },
      schema: {
        tags: ['invitations'],
        summary: 'Invitations, newest first (pending by default)',
        querystring: pageQuery.extend({
          status: z.enum(['pending', 'expired', 'accepted', 'revoked', 'all']).default('pending'),
        }),
        response: { 200: z.object({ items: z.array(invitationOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const reach = authorize(actor, 'member.read');
      const { cursor, limit, status } = req.query;
      const rows = await db.withOrg(actor.orgId, async (tx) => {
        const scope =
          reach === 'org'
            ? sql`true`
            : sql`i.department_id = any(${uuidArray(await departmentSubtree(tx, actor.departmentId))})`;
        return (
          await tx.execute(sql`select * from (select ${INVITATION_COLUMNS} from invitations i where ${scope}) i
                                where (${status} = 'all' or i.status = ${status})
                                  and ${afterCursor(cursor, sql`i.created_at`, sql`i.id::text`)}
                                order by i.created_at desc, i.id::text desc limit ${limit + 1}`)
        ).rows as unknown as InvitationRow[];
      });
      const { items, nextCursor } = page(
        rows.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return { items: items.map(presentInvitation), nextCursor };
    },
  );

  api.post(
    '/invitations/:id/resend',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['invitations'],
        summary: 'Send an invitation again with a new link (the old link stops working) and a new expiry',
        params: idParams,
        body: z.object({ language }).optional(),
        response: { 200: sentOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const sent = await db.withOrg(actor.orgId, (tx) =>
        invitationResender(tx, actor, req.params.id, requestContext(req)),
      );
      const mail = await mailInvitation(deps, req, sent, req.body?.language);
      return { ...presentInvitation(sent.row), mail };
    },
  );

  api.post(
    '/invitations/:id/revoke',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['invitations'],
        summary: 'Revoke an invitation (its link stops working)',
        params: idParams,
        response: { 200: invitationOut },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const row = await db.withOrg(actor.orgId, (tx) =>
        invitationRevoker(tx, actor, req.params.id, requestContext(req)),
      );
      return presentInvitation(row);
    },
  );

  api.post(
    '/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['invitations'],
        summary: 'Accept an invitation with the token from its link; signs you in like /api/auth/login',
        body: z.object({
          token: z.string().min(1).max(200),
          name: z.string().trim().min(1).max(200).describe('Your name (kept if your account already has one)'),
          password: z
            .string()
            .min(1)
            .max(MAX_PASSWORD_LENGTH)
            .describe('A new password (12+ characters, hard to guess), or the current one of an existing account'),
        }),
        response: {
          200: z.object({
            accessToken: z.string(),
            expiresIn: z.number().int(),
            user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
            org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
          }),
        },
      },
    },
    async (req, reply) => {
      const ctx = requestContext(req);
      const accepted = await invitationAccepter(db, req.body, ctx);
      const session = await deps.sessions
        .login({
          email: accepted.email,
          password: req.body.password,
          org: accepted.orgSlug,
          ip: req.ip,
          userAgent: ctx.userAgent,
        })
        .catch((error: unknown) => {
          // The membership is committed; say so when signing in needs more (a second factor, a wait).
          if (!(error instanceof AppError)) throw error;
          throw new AppError(error.code, `The invitation is accepted; now sign in. ${error.message}`, {
            ...error.options,
            status: error.status,
          });
        });
      setRefreshCookie(reply, session, deps.secureCookies);
      return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user, org: session.org };
    },
  );
}
