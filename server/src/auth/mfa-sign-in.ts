import { sql } from 'drizzle-orm';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Database, Tx } from '../db/database.ts';
import type { Role } from '../identity/user-creator.ts';
import type { UserActor } from './actor.ts';
import type { MfaDeps } from './mfa-commands.ts';
import { consumeRecoveryCode, consumeTotp, loadMfaForUpdate, remainingRecoveryCodes } from './mfa-store.ts';

/** The second factor a sign-in carries: a TOTP code or a one-time recovery code. */
export interface SecondFactorProof {
  totp?: string;
  recoveryCode?: string;
}

/** How a second factor fared: accepted, wrong, or a TOTP code that was already used. */
export type SecondFactorOutcome = 'ok' | 'invalid' | 'replayed';

/** Checks the second factor of a person whose password was right, in the org they sign in to. */
export type SecondFactorCheck = (
  userId: string,
  orgId: string,
  proof: SecondFactorProof,
) => Promise<SecondFactorOutcome>;

/** The person signing in, as the audit trail records them (no session exists yet). */
async function signingInActor(tx: Tx, userId: string, orgId: string): Promise<UserActor | null> {
  const [row] = (
    await tx.execute(sql`select u.email, u.is_platform_admin, m.role, m.department_id
                           from users u join memberships m on m.user_id = u.id
                          where u.id = ${userId}`)
  ).rows as Array<{ email: string; is_platform_admin: boolean; role: Role; department_id: string | null }>;
  if (!row) return null;
  return {
    kind: 'user',
    userId,
    email: row.email,
    orgId,
    role: row.role,
    departmentId: row.department_id,
    isPlatformAdmin: row.is_platform_admin,
    sessionId: '',
  };
}

/**
 * The second-factor check of POST /api/auth/login. A TOTP code is accepted once (its step is
 * remembered under the user row's lock); a recovery code is used up and the use is audited in the
 * org signed in to, with how many codes are left.
 */
export function mfaSignInCheck(deps: MfaDeps & { db: Database }, ctx: RequestContext): SecondFactorCheck {
  return (userId, orgId, proof) =>
    deps.db.withOrg(orgId, async (tx): Promise<SecondFactorOutcome> => {
      if (proof.totp) {
        const record = await loadMfaForUpdate(tx, deps.secrets, userId);
        if (!record?.enabled) return 'invalid';
        const check = await consumeTotp(tx, deps.secrets, record, proof.totp, (deps.clock ?? Date.now)());
        return check.ok ? 'ok' : check.reason;
      }
      if (!proof.recoveryCode || !(await consumeRecoveryCode(tx, userId, proof.recoveryCode))) return 'invalid';
      const remaining = await remainingRecoveryCodes(tx, userId);
      await writeAudit(
        tx,
        orgId,
        await signingInActor(tx, userId, orgId),
        { action: 'mfa.recovery_code_use', targetType: 'user', targetId: userId, after: { remaining } },
        ctx,
      );
      return 'ok';
    });
}
