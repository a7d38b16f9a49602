/**
 * The MFA state of a person, kept in `users` and `mfa_recovery_codes` (MFA belongs to the global
 * user, so it protects every org they sign in to).
 *
 * `users.mfa_secret_enc` holds, sealed with the SecretBox under associated data bound to the user
 * id, the TOTP secret and the last time step accepted for it. Verifying a code locks the user row,
 * checks the step is newer and stores it in the same transaction: a code works once across every
 * process of a deployment, with no extra column and no in-memory state.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { checkTotp, type TotpCheck } from './mfa-totp.ts';
import { RECOVERY_CODE_COUNT, newRecoveryCodes, recoveryCodeHash } from './mfa-recovery-codes.ts';
import { mfaRequiredFor } from './mfa-policy.ts';
import type { Role } from '../identity/user-creator.ts';

/** What the sealed column holds: the base32 secret and the last accepted step (null: none yet). */
interface TotpState {
  secret: string;
  lastStep: number | null;
}

/** A person's MFA as the commands see it, read with the user row locked. */
export interface MfaRecord {
  userId: string;
  /** True once a code confirmed the setup; false while there is none or a setup is pending. */
  enabled: boolean;
  /** The TOTP state (pending or enabled), or null when none was set up. */
  totp: TotpState | null;
  passwordHash: string | null;
}

/** Associated data of a sealed TOTP state: a value copied to another user's row fails to open. */
const aad = (userId: string) => `users.mfa_secret_enc:${userId}`;

/** Loads a person's MFA and locks their user row until the transaction ends; null when unknown. */
export async function loadMfaForUpdate(tx: Tx, secrets: SecretBox, userId: string): Promise<MfaRecord | null> {
  const [row] = (
    await tx.execute(sql`select mfa_secret_enc, mfa_enabled_at is not null as enabled, password_hash
                           from users where id = ${userId} for update`)
  ).rows as Array<{ mfa_secret_enc: string | null; enabled: boolean; password_hash: string | null }>;
  if (!row) return null;
  const totp = row.mfa_secret_enc ? (JSON.parse(secrets.open(row.mfa_secret_enc, aad(userId))) as TotpState) : null;
  return { userId, enabled: row.enabled, totp, passwordHash: row.password_hash };
}

/** Locks a person's user row and tells whether MFA is on (without opening the secret). */
export async function lockMfaEnabled(tx: Tx, userId: string): Promise<boolean> {
  const [row] = (
    await tx.execute(sql`select mfa_enabled_at is not null as enabled from users where id = ${userId} for update`)
  ).rows as Array<{ enabled: boolean }>;
  return row?.enabled ?? false;
}

/** Stores a TOTP state (sealed); `enable` also marks MFA on. */
export async function saveTotpState(
  tx: Tx,
  secrets: SecretBox,
  userId: string,
  state: TotpState,
  options: { enable?: boolean } = {},
): Promise<void> {
  const sealed = secrets.seal(JSON.stringify(state), aad(userId));
  await tx.execute(sql`update users set mfa_secret_enc = ${sealed},
                              mfa_enabled_at = ${options.enable ? sql`now()` : sql`mfa_enabled_at`}
                        where id = ${userId}`);
}

/**
 * Checks a TOTP code of a locked record at `nowMs` and, when it is good, remembers its step so
 * the same code is refused from now on. Call with a record from `loadMfaForUpdate`.
 */
export async function consumeTotp(
  tx: Tx,
  secrets: SecretBox,
  record: MfaRecord,
  code: string,
  nowMs: number,
  options: { enable?: boolean } = {},
): Promise<TotpCheck> {
  if (!record.totp) return { ok: false, reason: 'invalid' };
  const check = checkTotp(record.totp.secret, code, nowMs, record.totp.lastStep);
  if (check.ok) await saveTotpState(tx, secrets, record.userId, { ...record.totp, lastStep: check.step }, options);
  return check;
}

/** Turns MFA off: forgets the secret and every recovery code. */
export async function clearMfa(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`update users set mfa_secret_enc = null, mfa_enabled_at = null where id = ${userId}`);
  await tx.execute(sql`delete from mfa_recovery_codes where user_id = ${userId}`);
}

/** Replaces a person's recovery codes with a fresh set; returns the codes (only their hashes are kept). */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes(RECOVERY_CODE_COUNT);
  await tx.execute(sql`delete from mfa_recovery_codes where user_id = ${userId}`);
  for (const code of codes)
    await tx.execute(
      sql`insert into mfa_recovery_codes (user_id, code_hash) values (${userId}, ${recoveryCodeHash(code)})`,
    );
  return codes;
}

/** Uses up a recovery code; false when it is not one of the person's unused codes. Atomic. */
export async function consumeRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const result = await tx.execute(sql`update mfa_recovery_codes set used_at = now()
                                       where user_id = ${userId} and code_hash = ${recoveryCodeHash(code)}
                                         and used_at is null`);
  return (result.rowCount ?? 0) > 0;
}

/** How many unused recovery codes a person has left. */
export async function remainingRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const [row] = (
    await tx.execute(
      sql`select count(*)::int as n from mfa_recovery_codes where user_id = ${userId} and used_at is null`,
    )
  ).rows as Array<{ n: number }>;
  return row?.n ?? 0;
}

/**
 * The orgs where a person is an active member and whose policy requires MFA of their role. Reads
 * across orgs, so call it through the system door.
 */
export async function orgsRequiringMfa(tx: Tx, userId: string): Promise<Array<{ id: string; name: string }>> {
  const rows = (
    await tx.execute(sql`select o.id, o.name, m.role, o.settings->>'requireMfa' as require_mfa
                           from memberships m join organizations o on o.id = m.org_id
                          where m.user_id = ${userId} and m.status = 'active' and o.status = 'active'`)
  ).rows as Array<{ id: string; name: string; role: Role; require_mfa: string | null }>;
  return rows.filter((r) => mfaRequiredFor(r.role, r.require_mfa)).map((r) => ({ id: r.id, name: r.name }));
}

/** The orgs other than `orgId` where a person is an active member (system door). */
export async function otherActiveOrgs(tx: Tx, userId: string, orgId: string): Promise<number> {
  const [row] = (
    await tx.execute(sql`select count(*)::int as n from memberships
                          where user_id = ${userId} and org_id <> ${orgId} and status = 'active'`)
  ).rows as Array<{ n: number }>;
  return row?.n ?? 0;
}
