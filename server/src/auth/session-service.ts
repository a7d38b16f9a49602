import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { LoginLimiter } from './login-limiter.ts';
import type { SecondFactorCheck } from './mfa-sign-in.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TOKEN_TTL_SECONDS,
  newRefreshToken,
  hashToken,
  type AccessTokens,
} from './tokens.ts';

/** What a successful sign-in or refresh hands back: a short access token and a new refresh token. */
export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: { id: string; email: string; name: string };
  org: { id: string; slug: string; name: string };
}

/** A hash of a random password, verified against when the e-mail is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hash(randomUUID()));

interface Membership {
  org_id: string;
  slug: string;
  name: string;
  org_status: string;
  status: string;
}

/**
 * Sign-in and sessions: passwords checked with argon2id, rotating refresh tokens in families. A
 * rotated refresh token presented again is theft or a replay: the whole family is revoked.
 */
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly tokens: AccessTokens,
    private readonly limiter: LoginLimiter,
  ) {}

  async login(
    input: {
      email: string;
      password: string;
      org?: string;
      ip: string;
      userAgent: string | null;
      /** The second factor, needed when the person has MFA on: a TOTP code or a recovery code. */
      totp?: string;
      recoveryCode?: string;
    },
    /** Checks that second factor; without it a person with MFA on cannot sign in here (fails closed). */
    checkSecondFactor?: SecondFactorCheck,
  ): Promise<IssuedSession> {
    const email = input.email.trim().toLowerCase();
    const wait = this.limiter.retryAfter(email, input.ip);
    if (wait > 0)
      throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${wait} seconds.`, {
        headers: { 'retry-after': String(wait) },
      });
    const [user] = (await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`select id, email, name, password_hash, status, mfa_enabled_at is not null as mfa_enabled
                                from users where lower(email) = ${email}`)
        ).rows,
    )) as Array<{
      id: string;
      email: string;
      name: string;
      password_hash: string | null;
      status: string;
      mfa_enabled: boolean;
    }>;
    const valid = await verify(user?.password_hash ?? (await dummy()), input.password).catch(() => false);
    if (!user || !user.password_hash || !valid || user.status !== 'active') {
      this.limiter.fail(email, input.ip);
      throw new AppError('invalid_credentials', 'The e-mail address or the password is not correct.');
    }
    const memberships = (await this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`
            select m.org_id, o.slug, o.name, o.status as org_status, m.status
              from memberships m join organizations o on o.id = m.org_id
             where m.user_id = ${user.id} order by m.created_at`)
        ).rows,
    )) as unknown as Membership[];
    const usable = memberships.filter((m) => m.status === 'active');
    const chosen = input.org ? usable.find((m) => m.slug === input.org) : usable.find((m) => m.org_status === 'active');
    if (!chosen) {
      this.limiter.fail(email, input.ip);
      throw new AppError(
        'forbidden',
        input.org
          ? `You are not an active member of the organization "${input.org}".`
          : 'You are not an active member of any organization.',
      );
    }
    if (chosen.org_status !== 'active')
      throw new AppError('org_suspended', `The organization "${chosen.slug}" is suspended.`);
    if (user.mfa_enabled) {
      if (!input.totp && !input.recoveryCode)
        throw new AppError(
          'mfa_required',
          'Enter the code from your authenticator app, or one of your recovery codes.',
        );
      const outcome = checkSecondFactor ? await checkSecondFactor(user.id, chosen.org_id, input) : 'invalid';
      if (outcome !== 'ok') {
        this.limiter.fail(email, input.ip);
        throw new AppError(
          'mfa_invalid',
          outcome === 'replayed'
            ? 'That code was already used. Wait for the next code from your authenticator app.'
            : 'The second-factor code is not correct.',
        );
      }
    }
    this.limiter.succeed(email);
    await this.db.withSystem((tx) => tx.execute(sql`update users set last_login_at = now() where id = ${user.id}`));
    return this.issue(
      { id: user.id, email: user.email, name: user.name },
      { id: chosen.org_id, slug: chosen.slug, name: chosen.name },
      randomUUID(),
      input,
    );
  }

  /** Exchanges a refresh token for a new pair; a reused (already rotated) token revokes its family. */
  async refresh(token: string, ctx: { ip: string; userAgent: string | null }): Promise<IssuedSession> {
    const hash = hashToken(token);
    const result = await this.db.withSystem(async (tx) => {
      const [row] = (
        await tx.execute(sql`
          select s.id, s.family_id, s.user_id, s.org_id, s.expires_at, s.rotated_at, s.revoked_at,
                 u.email, u.name, u.status as user_status, o.slug, o.name as org_name, o.status as org_status,
                 m.status as member_status
            from sessions s join users u on u.id = s.user_id
            join organizations o on o.id = s.org_id
            left join memberships m on m.user_id = s.user_id and m.org_id = s.org_id
           where s.token_hash = ${hash} for update of s`)
      ).rows as Array<Record<string, string | null>>;
      if (!row) return { error: 'unknown' as const };
      if (row.revoked_at) return { error: 'revoked' as const };
      if (row.rotated_at) {
        await tx.execute(
          sql`update sessions set revoked_at = now() where family_id = ${row.family_id} and revoked_at is null`,
        );
        return { error: 'reused' as const };
      }
      if (new Date(row.expires_at!).getTime() <= Date.now()) return { error: 'expired' as const };
      if (row.user_status !== 'active' || row.member_status !== 'active') return { error: 'revoked' as const };
      if (row.org_status !== 'active') return { error: 'suspended' as const };
      await tx.execute(sql`update sessions set rotated_at = now() where id = ${row.id}`);
      return { row };
    });
    if ('error' in result) {
      if (result.error === 'suspended') throw new AppError('org_suspended', 'The organization is suspended.');
      const message =
        result.error === 'reused'
          ? 'This refresh token was already used; every session of its family has been signed out. Please sign in again.'
          : 'The session has ended. Please sign in again.';
      throw new AppError('invalid_credentials', message, { status: 401 });
    }
    const r = result.row;
    return this.issue(
      { id: r.user_id!, email: r.email!, name: r.name! },
      { id: r.org_id!, slug: r.slug!, name: r.org_name! },
      r.family_id!,
      ctx,
    );
  }

  /** Ends the session family the refresh token belongs to. */
  async logout(token: string): Promise<void> {
    const hash = hashToken(token);
    await this.db.withSystem((tx) =>
      tx.execute(sql`update sessions set revoked_at = now()
                      where family_id = (select family_id from sessions where token_hash = ${hash}) and revoked_at is null`),
    );
  }

  /** Ends every session of a user ("sign out everywhere", or an admin revoking a person's sessions). */
  async revokeAll(userId: string): Promise<number> {
    const result = await this.db.withSystem((tx) =>
      tx.execute(sql`update sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null`),
    );
    return result.rowCount ?? 0;
  }

  private async issue(
    user: IssuedSession['user'],
    org: IssuedSession['org'],
    familyId: string,
    ctx: { ip: string; userAgent: string | null },
  ): Promise<IssuedSession> {
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.db.withSystem((tx) =>
      tx.execute(sql`insert into sessions (user_id, org_id, family_id, token_hash, expires_at, ip, user_agent)
                     values (${user.id}, ${org.id}, ${familyId}, ${refresh.hash}, ${refreshExpiresAt}, ${ctx.ip}, ${ctx.userAgent})`),
    );
    const accessToken = await this.tokens.sign({ sub: user.id, org: org.id, sid: familyId });
    return {
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: refresh.token,
      refreshExpiresAt,
      user,
      org,
    };
  }
}
