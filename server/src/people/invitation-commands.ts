import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { hashToken } from '../auth/tokens.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../identity/user-creator.ts';
import { ROLES, placeChangeRefusal } from './member-rules.ts';
import { manageScope, missingDepartments } from './member-updater.ts';

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

/** An invitation as the API shows it; the token is never shown (it is only in the mail). */
export const invitationOut = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  departmentId: z.uuid().nullable(),
  invitedBy: z.uuid().nullable(),
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});

/** An invitation row as queried (with its computed status). */
export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  department_id: string | null;
  invited_by: string | null;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

/** The columns of an InvitationRow over `invitations i`. */
export const INVITATION_COLUMNS = sql`i.id, i.email, i.role, i.department_id, i.invited_by, i.expires_at, i.accepted_at,
  i.revoked_at, i.created_at,
  case when i.accepted_at is not null then 'accepted' when i.revoked_at is not null then 'revoked'
       when i.expires_at <= now() then 'expired' else 'pending' end as status`;

const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);

/** Names each field of an invitation the API shows: never its token hash. */
export function presentInvitation(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    departmentId: row.department_id,
    invitedBy: row.invited_by,
    status: row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    acceptedAt: iso(row.accepted_at),
    revokedAt: iso(row.revoked_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** A new single-use invitation token and the SHA-256 stored in its place. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = `ghi_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** What the invitation mail says about the org and who invited. */
export interface InvitationMailContext {
  orgName: string;
  timeZone: string | undefined;
  /** The org's language setting, when it has one. */
  language: string | undefined;
  /** The language the invited person chose in the web app, when they already have an account. */
  inviteeLanguage: string | undefined;
  inviterName: string | null;
}

async function mailContext(tx: Tx, actor: Actor, email: string): Promise<InvitationMailContext> {
  const inviter = actor.kind === 'user' ? actor.userId : actor.ownerUserId;
  const [row] = (
    await tx.execute(sql`select o.name, o.settings->>'timezone' as timezone,
                                coalesce(o.settings->>'language', o.settings->>'locale') as language,
                                (select u.language from users u where lower(u.email) = lower(${email})) as invitee_language,
                                (select nullif(u.name, '') from users u where u.id = ${inviter}) as inviter
                           from organizations o`)
  ).rows as Array<{
    name: string;
    timezone: string | null;
    language: string | null;
    invitee_language: string | null;
    inviter: string | null;
  }>;
  return {
    orgName: row?.name ?? '',
    timeZone: row?.timezone ?? undefined,
    language: row?.language ?? undefined,
    inviteeLanguage: row?.invitee_language ?? undefined,
    inviterName: row?.inviter ?? null,
  };
}

async function loadInvitation(tx: Tx, id: string): Promise<InvitationRow> {
  const [row] = (await tx.execute(sql`select ${INVITATION_COLUMNS} from invitations i where i.id = ${id} for update`))
    .rows as unknown as InvitationRow[];
  if (!row) throw new AppError('not_found', `No invitation ${id}.`);
  return row;
}

/** Throws 403 unless the actor may invite someone with this role into this department. */
async function assertMayInvite(tx: Tx, actor: Actor, role: Role, departmentId: string | null): Promise<void> {
  const { reach, subtree } = await manageScope(tx, actor);
  const refusal = placeChangeRefusal(actor, reach, subtree, null, { role, departmentId });
  if (refusal) throw refusal;
}

/**
 * Invites someone by e-mail: checks the actor may grant the role in the department, that the
 * person is neither a member nor invited already, stores the token's SHA-256 with a 7-day expiry
 * and writes `invitation.create`. The caller sends the mail after the commit.
 */
export async function invitationCreator(
  tx: Tx,
  actor: Actor,
  input: { email: string; role: Role; departmentId: string | null },
  ctx: RequestContext,
): Promise<{ row: InvitationRow; token: string; mail: InvitationMailContext }> {
  const email = input.email.trim().toLowerCase();
  if ((await missingDepartments(tx, [input.departmentId])).size > 0)
    throw new AppError('invalid_request', `departmentId: no department ${input.departmentId} in this organization`, {
      param: 'departmentId',
    });
  await assertMayInvite(tx, actor, input.role, input.departmentId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`invite:${actor.orgId}:${email}`}, 0))`);
  const member = (
    await tx.execute(sql`select 1 from memberships m join users u on u.id = m.user_id where lower(u.email) = ${email}`)
  ).rows;
  if (member.length > 0)
    throw new AppError('conflict', `email: ${email} is already a member of this organization.`, { param: 'email' });
  const [open] = (
    await tx.execute(sql`select id from invitations where lower(email) = ${email}
                            and accepted_at is null and revoked_at is null and expires_at > now()`)
  ).rows as Array<{ id: string }>;
  if (open)
    throw new AppError(
      'conflict',
      `email: ${email} already has a pending invitation (${open.id}); resend or revoke it instead.`,
      { param: 'email' },
    );
  const { token, hash } = newInvitationToken();
  const [created] = (
    await tx.execute(sql`insert into invitations (org_id, email, role, department_id, token_hash, invited_by, expires_at)
                         values (${actor.orgId}, ${email}, ${input.role}, ${input.departmentId}, ${hash},
                                 ${actor.kind === 'user' ? actor.userId : null},
                                 now() + make_interval(days => ${INVITATION_TTL_DAYS}))
                         returning id`)
  ).rows as Array<{ id: string }>;
  const row = await loadInvitation(tx, created!.id);
  await writeAudit(
    tx,
    actor.orgId,
    actor,
    { action: 'invitation.create', targetType: 'invitation', targetId: row.id, after: presentInvitation(row) },
    ctx,
  );
  return { row, token, mail: await mailContext(tx, actor, email) };
}

/**
 * Sends a pending or expired invitation again with a new token and a fresh 7-day expiry; the old
 * link stops working at once (its hash is replaced). Writes `invitation.resend`.
 */
export async function invitationResender(
  tx: Tx,
  actor: Actor,
  id: string,
  ctx: RequestContext,
): Promise<{ row: InvitationRow; token: string; mail: InvitationMailContext }> {
  const before = await loadInvitation(tx, id);
  await assertMayInvite(tx, actor, before.role, before.department_id);
  if (before.status === 'accepted' || before.status === 'revoked')
    throw new AppError('conflict', `This invitation was ${before.status}; it cannot be sent again. Invite anew.`);
  const { token, hash } = newInvitationToken();
  await tx.execute(sql`update invitations set token_hash = ${hash},
                         expires_at = now() + make_interval(days => ${INVITATION_TTL_DAYS}) where id = ${id}`);
  const row = await loadInvitation(tx, id);
  await writeAudit(
    tx,
    actor.orgId,
    actor,
    {
      action: 'invitation.resend',
      targetType: 'invitation',
      targetId: id,
      before: presentInvitation(before),
      after: presentInvitation(row),
    },
    ctx,
  );
  return { row, token, mail: await mailContext(tx, actor, row.email) };
}

/** Revokes an invitation that was not accepted; its link stops working. Writes `invitation.revoke`. */
export async function invitationRevoker(tx: Tx, actor: Actor, id: string, ctx: RequestContext): Promise<InvitationRow> {
  const before = await loadInvitation(tx, id);
  await assertMayInvite(tx, actor, before.role, before.department_id);
  if (before.status === 'accepted')
    throw new AppError('conflict', 'This invitation was already accepted; remove the person instead.');
  if (before.status === 'revoked') return before;
  await tx.execute(sql`update invitations set revoked_at = now() where id = ${id}`);
  const row = await loadInvitation(tx, id);
  await writeAudit(
    tx,
    actor.orgId,
    actor,
    {
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: id,
      before: presentInvitation(before),
      after: presentInvitation(row),
    },
    ctx,
  );
  return row;
}
