import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { afterCursor, page, pageQuery } from '../api/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import { AppError } from '../errors.ts';

const mailOut = z.object({
  id: z.uuid(),
  orgId: z.uuid().nullable().describe('null for mail about a person rather than an org (password resets)'),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed', 'kept']).describe('kept = no SMTP configured; forward it by hand'),
  attempts: z.number().int(),
  error: z.string().nullable().describe('The last delivery error'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

interface MailRow {
  id: string;
  org_id: string | null;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  status: 'pending' | 'sent' | 'failed' | 'kept';
  attempts: number;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Lists the fields of an outbox message the API shows. */
function presentMail(row: MailRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    status: row.status,
    attempts: Number(row.attempts),
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}

const TOKEN_IN_LINK = /token=[A-Za-z0-9_-]+/g;

/** Hides the single-use token of a link, where the reader may not use it. */
function redact(row: MailRow): MailRow {
  const hidden = 'token=[hidden]';
  return {
    ...row,
    text: row.text.replace(TOKEN_IN_LINK, hidden),
    html: row.html?.replace(TOKEN_IN_LINK, hidden) ?? null,
  };
}

/** Whether the actor may see the accept link of an owner invitation (only owners may invite owners). */
const seesOwnerLinks = (actor: Actor) => actor.kind === 'user' && (actor.role === 'owner' || actor.isPlatformAdmin);

/**
 * The mail outbox: what Gatehouse sent or, without SMTP, keeps for an admin to forward. An org's
 * admins see their org's mail only; mail with no org (password resets) and every org's mail are
 * for platform operators (`?all=true`). Accept links of pending owner invitations are hidden from
 * everyone but owners, so the outbox never lets an admin make themselves owner.
 */
export function registerOutboxRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/mail/outbox',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['mail'],
        summary: "The org's outgoing mail, newest first (all orgs' with ?all=true, for platform operators)",
        querystring: pageQuery.extend({
          all: z
            .enum(['true', 'false'])
            .default('false')
            .describe('true: every org and the mail without an org (platform.manage)'),
          status: z.enum(['pending', 'sent', 'failed', 'kept']).optional(),
        }),
        response: { 200: z.object({ items: z.array(mailOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const all = req.query.all === 'true';
      if (all) authorize(actor, 'platform.manage');
      else if (authorize(actor, 'member.manage') !== 'org')
        throw new AppError('forbidden', 'Only owners and admins may read the mail outbox.');
      const { cursor, limit, status } = req.query;
      const rows = await db.withSystem(
        async (tx) =>
          (
            await tx.execute(sql`
              select id, org_id, "to", subject, text, html, status, attempts, error, created_at, sent_at
                from mail_outbox
               where (${all} or org_id = ${actor.orgId})
                 and (${status ?? null}::text is null or status = ${status ?? null})
                 and ${afterCursor(cursor, sql`created_at`, sql`id::text`)}
               order by created_at desc, id::text desc limit ${limit + 1}`)
          ).rows as unknown as MailRow[],
      );
      const ownerInvitees = seesOwnerLinks(actor)
        ? new Set<string>()
        : new Set(
            (
              (await db.withOrg(
                actor.orgId,
                async (tx) =>
                  (
                    await tx.execute(sql`select lower(email) as email from invitations
                                          where role = 'owner' and accepted_at is null and revoked_at is null`)
                  ).rows,
              )) as Array<{ email: string }>
            ).map((r) => r.email),
          );
      const shown = rows.map((r) =>
        r.org_id === actor.orgId && ownerInvitees.has(r.to.toLowerCase()) ? redact(r) : r,
      );
      const { items, nextCursor } = page(
        shown.map((r) => ({ ...r, createdAt: r.created_at })),
        limit,
      );
      return { items: items.map(presentMail), nextCursor };
    },
  );
}
