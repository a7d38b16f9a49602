import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { compileIpRanges, ipAllowed } from '../lib/ip-ranges.ts';
import type { Role } from '../identity/user-creator.ts';
import type { KeyDirectory } from '../keys/key-directory.ts';
import { mfaRequiredFor } from './mfa-policy.ts';
import type { AccessTokens } from './tokens.ts';

/** A person signed in to an org through a session. */
export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  orgId: string;
  role: Role;
  departmentId: string | null;
  isPlatformAdmin: boolean;
  /** The session family; revoking it signs this person out of this session. */
  sessionId: string;
  /**
   * Whether this person has MFA on and whether the org requires it of them; required but not on
   * means only enrolment routes are open (see mfa-policy.ts). Absent on actors built elsewhere.
   */
  mfa?: { enabled: boolean; required: boolean };
}

/** A program using an API key on the admin API; what it may do is limited by the key's scopes. */
export interface KeyActor {
  kind: 'key';
  keyId: string;
  orgId: string;
  ownerUserId: string | null;
  departmentId: string | null;
  scopes: readonly string[];
}

/** Whoever makes an /api request. Identity comes only from the credential. */
export type Actor = UserActor | KeyActor;

interface ActorRow {
  email: string;
  user_status: string;
  is_platform_admin: boolean;
  role: Role | null;
  department_id: string | null;
  member_status: string | null;
  org_status: string;
  console_ranges: unknown;
  family_live: boolean;
  mfa_enabled: boolean;
  require_mfa: string | null;
}

function consoleRefused(ip: string): AppError {
  return new AppError('forbidden', `Requests from ${ip} are not allowed by this organization's console IP ranges.`);
}

/**
 * Resolves the actor of an /api request from `Authorization: Bearer <access token | API key>`.
 * A session is re-checked on every request (revoked family, disabled person, suspended org), so
 * an admin's revoke or a suspension takes effect at once, not when the access token expires.
 */
export async function resolveActor(
  deps: { db: Database; tokens: AccessTokens; keys: KeyDirectory },
  authorization: string | undefined,
  ip: string,
): Promise<Actor> {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match)
    throw new AppError('missing_credentials', 'Sign in first: send "Authorization: Bearer <access token or API key>".');
  const credential = match[1]!;
  if (credential.startsWith('gh_')) {
    const check = await deps.keys.check(credential);
    if (!check.ok) {
      const messages: Record<string, string> = {
        invalid_api_key: 'Incorrect API key provided.',
        revoked_api_key: 'This API key has been revoked.',
        expired_api_key: 'This API key has expired.',
        org_suspended: 'The organization of this API key is suspended.',
        forbidden: 'The owner of this API key is disabled in the organization.',
      };
      throw new AppError(check.code, messages[check.code] ?? 'Invalid API key.');
    }
    const key = check.key;
    if (!ipAllowed(key.consoleRanges, ip)) throw consoleRefused(ip);
    return {
      kind: 'key',
      keyId: key.id,
      orgId: key.orgId,
      ownerUserId: key.ownerUserId,
      departmentId: key.departmentId,
      scopes: key.scopes,
    };
  }
  const verified = await deps.tokens.verify(credential);
  if (!verified.ok)
    throw verified.reason === 'expired'
      ? new AppError('session_expired', 'The access token has expired; refresh it with POST /api/auth/refresh.')
      : new AppError('invalid_credentials', 'The access token is not valid.');
  const { sub, org, sid } = verified.claims;
  const [row] = (await deps.db.withSystem(
    async (tx) =>
      (
        await tx.execute(sql`
          select u.email, u.status as user_status, u.is_platform_admin, m.role, m.department_id,
                 m.status as member_status, o.status as org_status,
                 o.settings->'allowedIpRanges'->'console' as console_ranges,
                 exists (select 1 from sessions s where s.family_id = ${sid} and s.revoked_at is null) as family_live,
                 u.mfa_enabled_at is not null as mfa_enabled, o.settings->>'requireMfa' as require_mfa
            from users u
            join organizations o on o.id = ${org}
            left join memberships m on m.user_id = u.id and m.org_id = o.id
           where u.id = ${sub}`)
      ).rows,
  )) as unknown as ActorRow[];
  if (!row || !row.family_live || row.user_status !== 'active')
    throw new AppError('invalid_credentials', 'The session has ended. Please sign in again.');
  if (!ipAllowed(compileIpRanges(row.console_ranges), ip)) throw consoleRefused(ip);
  if (row.org_status !== 'active' && !row.is_platform_admin)
    throw new AppError('org_suspended', 'The organization is suspended.');
  if (!row.role || row.member_status !== 'active')
    throw new AppError('forbidden', 'You are no longer an active member of this organization.');
  return {
    kind: 'user',
    userId: sub,
    email: row.email,
    orgId: org,
    role: row.role,
    departmentId: row.department_id,
    isPlatformAdmin: row.is_platform_admin,
    sessionId: sid,
    mfa: { enabled: row.mfa_enabled, required: mfaRequiredFor(row.role, row.require_mfa) },
  };
}
