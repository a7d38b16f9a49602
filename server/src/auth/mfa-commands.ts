/**
 * The MFA commands: set up, confirm, regenerate recovery codes, turn off, and an admin's reset.
 * Each runs in the caller's org transaction and writes its audit event there; no secret, code or
 * hash ever reaches the audit trail.
 */
import { verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { writeAudit, type RequestContext } from '../audit/audit-writer.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Actor, UserActor } from './actor.ts';
import {
  clearMfa,
  consumeTotp,
  loadMfaForUpdate,
  lockMfaEnabled,
  replaceRecoveryCodes,
  saveTotpState,
  type MfaRecord,
} from './mfa-store.ts';
import { newTotpSecret, otpauthUrl, type TotpCheck } from './mfa-totp.ts';
import { RECOVERY_CODE_COUNT } from './mfa-recovery-codes.ts';

/** What the MFA commands need: the secret box, and a clock (milliseconds) that tests can set. */
export interface MfaDeps {
  secrets: SecretBox;
  clock?: () => number;
}

/** The name authenticator apps show for Gatehouse accounts. */
export const TOTP_ISSUER = 'Gatehouse';

const now = (deps: MfaDeps) => (deps.clock ?? Date.now)();

/** The locked record of the acting person (a signed-in person always has a user row). */
async function ownRecord(tx: Tx, deps: MfaDeps, actor: UserActor): Promise<MfaRecord> {
  const record = await loadMfaForUpdate(tx, deps.secrets, actor.userId);
  if (!record) throw new AppError('not_found', 'Your account no longer exists.');
  return record;
}

/** Throws the sign-in style error for a refused code. */
function refuseCode(check: Extract<TotpCheck, { ok: false }>): never {
  throw new AppError(
    'mfa_invalid',
    check.reason === 'replayed'
      ? 'That code was already used. Wait for the next code from your authenticator app.'
      : 'The code is not correct.',
    { param: 'code' },
  );
}

const audit = (tx: Tx, actor: Actor, action: string, userId: string, after: unknown, ctx: RequestContext) =>
  writeAudit(tx, actor.orgId, actor, { action, targetType: 'user', targetId: userId, after }, ctx);

/**
 * Starts (or restarts) enrolment: a new secret is stored sealed but MFA stays off until a code
 * confirms it. Refused while MFA is on: turn it off first, so a stolen session cannot swap it.
 */
export async function totpSetupStarter(
  tx: Tx,
  deps: MfaDeps,
  actor: UserActor,
  ctx: RequestContext,
): Promise<{ secret: string; otpauthUrl: string }> {
  const record = await ownRecord(tx, deps, actor);
  if (record.enabled)
    throw new AppError('conflict', 'Two-factor authentication is already on; turn it off before setting it up again.');
  const secret = newTotpSecret();
  await saveTotpState(tx, deps.secrets, actor.userId, { secret, lastStep: null });
  await audit(tx, actor, 'mfa.totp_setup', actor.userId, { enabled: false, setupPending: true }, ctx);
  return { secret, otpauthUrl: otpauthUrl({ issuer: TOTP_ISSUER, account: actor.email, secret }) };
}

/** Confirms enrolment with a first code: MFA is on, and the first recovery codes are returned once. */
export async function totpConfirmer(
  tx: Tx,
  deps: MfaDeps,
  actor: UserActor,
  code: string,
  ctx: RequestContext,
): Promise<string[]> {
  const record = await ownRecord(tx, deps, actor);
  if (record.enabled) throw new AppError('conflict', 'Two-factor authentication is already on.');
  if (!record.totp) throw new AppError('conflict', 'Nothing to confirm: start with POST /api/mfa/totp/setup.');
  const check = await consumeTotp(tx, deps.secrets, record, code, now(deps), { enable: true });
  if (!check.ok) refuseCode(check);
  const codes = await replaceRecoveryCodes(tx, actor.userId);
  await audit(tx, actor, 'mfa.enable', actor.userId, { enabled: true, recoveryCodes: RECOVERY_CODE_COUNT }, ctx);
  return codes;
}

/** Replaces every recovery code with a new set, after a current TOTP code. */
export async function recoveryCodesRegenerator(
  tx: Tx,
  deps: MfaDeps,
  actor: UserActor,
  code: string,
  ctx: RequestContext,
): Promise<string[]> {
  const record = await ownRecord(tx, deps, actor);
  if (!record.enabled) throw new AppError('conflict', 'Two-factor authentication is not on.');
  const check = await consumeTotp(tx, deps.secrets, record, code, now(deps));
  if (!check.ok) refuseCode(check);
  const codes = await replaceRecoveryCodes(tx, actor.userId);
  await audit(tx, actor, 'mfa.recovery_codes_regenerate', actor.userId, { recoveryCodes: RECOVERY_CODE_COUNT }, ctx);
  return codes;
}

/**
 * Turns the actor's MFA off after a current code or their password. `requiredBy` names the orgs
 * whose policy requires MFA of them (read beforehand through the system door): then it is a 409.
 */
export async function mfaDisabler(
  tx: Tx,
  deps: MfaDeps,
  actor: UserActor,
  proof: { code?: string; password?: string },
  requiredBy: ReadonlyArray<{ name: string }>,
  ctx: RequestContext,
): Promise<void> {
  const record = await ownRecord(tx, deps, actor);
  if (!record.enabled) throw new AppError('conflict', 'Two-factor authentication is not on.');
  if (requiredBy.length > 0)
    throw new AppError(
      'conflict',
      `Two-factor authentication is required by ${requiredBy.map((o) => `"${o.name}"`).join(', ')}; it cannot be turned off.`,
    );
  if (proof.code !== undefined) {
    const check = await consumeTotp(tx, deps.secrets, record, proof.code, now(deps));
    if (!check.ok) refuseCode(check);
  } else {
    const valid = record.passwordHash
      ? await verify(record.passwordHash, proof.password ?? '').catch(() => false)
      : false;
    if (!valid) throw new AppError('invalid_credentials', 'The password is not correct.', { param: 'password' });
  }
  await clearMfa(tx, actor.userId);
  await audit(
    tx,
    actor,
    'mfa.disable',
    actor.userId,
    { enabled: false, method: proof.code ? 'totp' : 'password' },
    ctx,
  );
}

/**
 * An owner or admin resets a person's MFA (a lost phone): secret and recovery codes are gone, and
 * where the org requires MFA the person must enrol again at their next request. Rules: a person,
 * not a key; never oneself (use DELETE /api/mfa/totp); owners only by owners; and someone who is
 * also active in another org only by a platform operator, since MFA guards those orgs too.
 * `otherOrgs` counts those other memberships (read beforehand through the system door).
 */
export async function mfaResetter(
  tx: Tx,
  actor: Actor,
  userId: string,
  otherOrgs: number,
  ctx: RequestContext,
): Promise<void> {
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in person may reset MFA, not an API key.');
  if (actor.role !== 'owner' && actor.role !== 'admin')
    throw new AppError('forbidden', `Your role (${actor.role}) may not reset MFA: only owners and admins may.`);
  const [member] = (await tx.execute(sql`select role from memberships where user_id = ${userId}`)).rows as Array<{
    role: string;
  }>;
  if (!member) throw new AppError('not_found', `No person ${userId} in this organization.`);
  if (userId === actor.userId)
    throw new AppError('forbidden', 'Reset your own MFA with DELETE /api/mfa/totp (your code or password).');
  if (member.role === 'owner' && actor.role !== 'owner')
    throw new AppError('forbidden', "Only owners may reset an owner's MFA.");
  if (otherOrgs > 0 && !actor.isPlatformAdmin)
    throw new AppError(
      'forbidden',
      'This person belongs to other organizations too, which their MFA also protects: ask a platform operator.',
    );
  const wasEnabled = await lockMfaEnabled(tx, userId);
  await clearMfa(tx, userId);
  await writeAudit(
    tx,
    actor.orgId,
    actor,
    {
      action: 'mfa.reset',
      targetType: 'user',
      targetId: userId,
      before: { enabled: wasEnabled },
      after: { enabled: false },
    },
    ctx,
  );
}
