import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { hashToken } from '../auth/tokens.ts';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { hashPassword, type Role } from '../identity/user-creator.ts';
import { passwordResetMail, type MailLanguage } from '../mail/mail-templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import { selfActor } from './invitation-accepter.ts';
import { passwordWeakness } from './password-strength.ts';

/** How long a reset link works (minutes). */
export const RESET_TTL_MINUTES = 60;

/**
 * Starts a password reset for the account with this e-mail, if there is an active one: earlier
 * unused links stop working, a new single-use token (only its SHA-256 stored) is valid for an
 * hour, and the link is mailed. Does nothing for an unknown address; the caller answers the same
 * either way, so the endpoint does not tell which addresses have accounts.
 */
export async function passwordResetRequester(
  db: Database,
  mailer: Mailer,
  input: { email: string; language: MailLanguage; origin: string },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const token = `ghpr_${randomBytes(32).toString('base64url')}`;
  const user = await db.withSystem(async (tx) => {
    const [row] = (
      await tx.execute(sql`select id, email, language from users where lower(email) = ${email} and status = 'active'`)
    ).rows as Array<{ id: string; email: string; language: MailLanguage | null }>;
    if (!row) return null;
    await tx.execute(sql`update password_resets set used_at = now() where user_id = ${row.id} and used_at is null`);
    await tx.execute(sql`insert into password_resets (user_id, token_hash, expires_at)
                         values (${row.id}, ${hashToken(token)}, now() + make_interval(mins => ${RESET_TTL_MINUTES}))`);
    return row;
  });
  if (!user) return;
  const rendered = passwordResetMail({
    // The language the person chose in the web app, else the one their browser asked in.
    language: user.language ?? input.language,
    email: user.email,
    resetUrl: mailer.link(`/reset-password#token=${token}`, input.origin),
    expiresInMinutes: RESET_TTL_MINUTES,
  });
  await mailer.send({ orgId: null, to: user.email, ...rendered });
}

interface ResetRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * Completes a reset: the token must be unused and unexpired (else 410; unknown 400), the new
 * password must pass the strength check. In one transaction the password is set, every reset
 * token of the person is used up, every session of theirs is revoked, and each org they belong
 * to gets a `user.password_reset` audit event.
 */
export async function passwordResetConfirmer(
  db: Database,
  input: { token: string; password: string },
  ctx: RequestContext,
): Promise<{ revokedSessions: number }> {
  const hash = hashToken(input.token);
  return db.withSystem(async (tx) => {
    const [reset] = (
      await tx.execute(sql`select r.id, r.user_id, u.email, u.name, r.expires_at, r.used_at
                             from password_resets r join users u on u.id = r.user_id
                            where r.token_hash = ${hash} for update of r`)
    ).rows as unknown as ResetRow[];
    if (!reset)
      throw new AppError('invalid_request', 'token: this reset link is not valid. Ask for a new one.', {
        param: 'token',
      });
    if (reset.used_at)
      throw new AppError('invalid_request', 'token: this reset link was already used or replaced. Ask for a new one.', {
        param: 'token',
        status: 410,
      });
    if (new Date(reset.expires_at).getTime() <= Date.now())
      throw new AppError('invalid_request', 'token: this reset link has expired. Ask for a new one.', {
        param: 'token',
        status: 410,
      });
    const weakness = passwordWeakness(input.password, [reset.email, reset.name]);
    if (weakness) throw new AppError('invalid_request', weakness, { param: 'password' });
    await tx.execute(
      sql`update users set password_hash = ${await hashPassword(input.password)} where id = ${reset.user_id}`,
    );
    await tx.execute(
      sql`update password_resets set used_at = now() where user_id = ${reset.user_id} and used_at is null`,
    );
    const revoked = await tx.execute(
      sql`update sessions set revoked_at = now() where user_id = ${reset.user_id} and revoked_at is null`,
    );
    const orgs = (
      await tx.execute(sql`select org_id, role, department_id from memberships where user_id = ${reset.user_id}`)
    ).rows as Array<{ org_id: string; role: Role; department_id: string | null }>;
    for (const m of orgs)
      await writeAudit(
        tx,
        m.org_id,
        selfActor(reset.user_id, reset.email, m.org_id, m.role, m.department_id),
        {
          action: 'user.password_reset',
          targetType: 'user',
          targetId: reset.user_id,
          after: { email: reset.email, sessionsRevoked: revoked.rowCount ?? 0 },
        },
        ctx,
      );
    return { revokedSessions: revoked.rowCount ?? 0 };
  });
}
