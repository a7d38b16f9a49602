import type { Tx } from '../db/database.ts';
import { apiKeys } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { generateKeySecret } from '../security/api-key-secret.ts';

/** What a new key may do and whose spend it is. */
export interface KeyInput {
  name: string;
  kind?: 'virtual' | 'license';
  ownerUserId?: string | null;
  ownerDepartmentId?: string | null;
  /** Model aliases; omit or null for every model of the org. */
  allowedModels?: string[] | null;
  scopes?: string[];
  expiresAt?: Date | null;
  createdBy?: string | null;
}

/**
 * Creates a virtual key in the caller's transaction (so its audit event commits with it). The
 * secret is returned once and never stored (only its SHA-256).
 */
export async function apiKeyCreator(
  tx: Tx,
  orgId: string,
  input: KeyInput,
): Promise<{ id: string; secret: string; prefix: string }> {
  if (!input.name.trim()) throw new AppError('invalid_request', 'name: must not be empty');
  if (!input.ownerUserId && !input.ownerDepartmentId)
    throw new AppError('invalid_request', 'owner: a key belongs to a user or a department');
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new AppError('invalid_request', 'expiresAt: must be in the future');
  const kind = input.kind ?? 'virtual';
  const { secret, prefix, hash } = generateKeySecret(kind);
  const [row] = await tx
    .insert(apiKeys)
    .values({
      orgId,
      kind,
      name: input.name.trim(),
      prefix,
      secretHash: hash,
      ownerUserId: input.ownerUserId ?? null,
      ownerDepartmentId: input.ownerDepartmentId ?? null,
      allowedModels: input.allowedModels ?? null,
      scopes: input.scopes ?? [],
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning({ id: apiKeys.id });
  return { id: row!.id, secret, prefix };
}
