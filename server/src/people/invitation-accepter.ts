import { verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { UserActor } from '../auth/actor.ts';
import { hashToken } from '../auth/tokens.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { hashPassword, type Role } from '../identity/user-creator.ts';
import { INVITATION_COLUMNS, presentInvitation, type InvitationRow } from './invitation-commands.ts';
import { passwordWeakness } from './password-strength.ts';
import { loadPeople, presentPerson } from './person-presenter.ts';

/** The person acting on their own behalf (accepting an invitation, resetting their password), for the audit trail. */
export function selfActor(
  userId: string,
  email: string,
  orgId: string,
  role: Role,
  departmentId: string | null,
): UserActor {
  return { kind: 'user', userId, email, orgId, role, departmentId, isPlatformAdmin: false, sessionId: '' };
}

const unknownToken = () =>
  new AppError(
    'invalid_request',
    'token: this invitation link is not valid. It may have been replaced by a newer invitation; ask for a new one.',
    { param: 'token' },
  );

/** 410 Gone for a token that was valid once. */
const gone = (message: string) => new AppError('invalid_request', `token: ${message}`, { param: 'token', status: 410 });

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  status: string;
}

/** Sets or checks the password of the invitee; returns their user id. */
async function invitee(tx: Tx, email: string, name: string, password: string, orgName: string): Promise<string> {
  const [user] = (
    await tx.execute(
      sql`select id, email, name, password_hash, status from users where lower(email) = ${email} for update`,
    )
  ).rows as unknown as UserRow[];
  if (user?.password_hash) {
    // An existing account keeps its password: accepting proves the mailbox, not the account.
    const valid = await verify(user.password_hash, password).catch(() => false);
    if (!valid)
      throw new AppError(
        'invalid_credentials',
        'password: an account with this e-mail address already exists; enter its current password to accept.',
      );
    if (user.status !== 'active') throw new AppError('forbidden', 'This account is disabled.');
    return user.id;
  }
  const weakness = passwordWeakness(password, [email, name, orgName]);
  if (weakness) throw new AppError('invalid_request', weakness, { param: 'password' });
  const hash = await hashPassword(password);
  if (user) {
    await tx.execute(sql`update users set password_hash = ${hash}, name = coalesce(nullif(name, ''), ${name})
                          where id = ${user.id}`);
    return user.id;
  }
  const [created] = (
    await tx.execute(
      sql`insert into users (email, name, password_hash) values (${email}, ${name}, ${hash}) returning id`,
    )
  ).rows as Array<{ id: string }>;
  return created!.id;
}

/**
 * Accepts an invitation with its single-use token: creates the person if the e-mail is new (with a
 * password that passes the strength check) or checks the existing account's password, adds the
 * active membership with the invited role and department, and marks the invitation accepted, in
 * one transaction of the invitation's org. Writes `invitation.accept` and `member.create`.
 * Unknown tokens are a 400; accepted, revoked or expired ones a 410.
 */
export async function invitationAccepter(
  db: Database,
  input: { token: string; name: string; password: string },
  ctx: RequestContext,
): Promise<{ email: string; orgSlug: string }> {
  const hash = hashToken(input.token);
  const [found] = (
    await db.withSystem((tx) => tx.execute(sql`select org_id from invitations where token_hash = ${hash}`))
  ).rows as Array<{ org_id: string }>;
  if (!found) throw unknownToken();
  return db.withOrg(found.org_id, async (tx) => {
    const [inv] = (
      await tx.execute(sql`select ${INVITATION_COLUMNS} from invitations i where i.token_hash = ${hash} for update`)
    ).rows as unknown as InvitationRow[];
    if (!inv) throw unknownToken();
    if (inv.status === 'accepted') throw gone('this invitation was already accepted. Sign in instead.');
    if (inv.status === 'revoked') throw gone('this invitation was revoked. Ask for a new one.');
    if (inv.status === 'expired')
      throw gone(`this invitation expired on ${new Date(inv.expires_at).toISOString()}. Ask for a new one.`);
    const [org] = (await tx.execute(sql`select slug, name, status from organizations`)).rows as Array<{
      slug: string;
      name: string;
      status: string;
    }>;
    if (!org || org.status !== 'active') throw new AppError('org_suspended', 'The organization is suspended.');
    const email = inv.email.toLowerCase();
    const member = (
      await tx.execute(
        sql`select 1 from memberships m join users u on u.id = m.user_id where lower(u.email) = ${email}`,
      )
    ).rows;
    if (member.length > 0) throw new AppError('conflict', `You are already a member of ${org.name}; sign in instead.`);
    const userId = await invitee(tx, email, input.name.trim(), input.password, org.name);
    await tx.execute(sql`insert into memberships (org_id, user_id, role, department_id, status)
                         values (${found.org_id}, ${userId}, ${inv.role}, ${inv.department_id}, 'active')`);
    await tx.execute(sql`update invitations set accepted_at = now() where id = ${inv.id}`);
    const [after] = (await tx.execute(sql`select ${INVITATION_COLUMNS} from invitations i where i.id = ${inv.id}`))
      .rows as unknown as InvitationRow[];
    const [person] = await loadPeople(tx, [userId]);
    const actor = selfActor(userId, email, found.org_id, inv.role, inv.department_id);
    await writeAudit(
      tx,
      found.org_id,
      actor,
      {
        action: 'invitation.accept',
        targetType: 'invitation',
        targetId: inv.id,
        before: presentInvitation(inv),
        after: presentInvitation(after!),
      },
      ctx,
    );
    await writeAudit(
      tx,
      found.org_id,
      actor,
      { action: 'member.create', targetType: 'member', targetId: userId, after: presentPerson(person!) },
      ctx,
    );
    return { email, orgSlug: org.slug };
  });
}
