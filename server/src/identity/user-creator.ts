import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { memberships, users } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** The roles a member can hold in an org, most powerful first. */
export type Role = 'owner' | 'admin' | 'manager' | 'member' | 'viewer';

/** Shortest password accepted (length beats composition rules). */
export const MIN_PASSWORD_LENGTH = 12;

/** argon2id with the library's OWASP-aligned defaults (m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * Creates a person (or finds them by e-mail) and makes them a member of an org with a role.
 * A user is global; the membership is tenant data and goes through the org's door.
 */
export async function memberCreator(
  db: Database,
  orgId: string,
  input: {
    email: string;
    name?: string;
    password?: string;
    role: Role;
    departmentId?: string | null;
    platformAdmin?: boolean;
  },
): Promise<{ userId: string; membershipId: string }> {
  const email = z.email('email: not a valid e-mail address').parse(input.email.trim().toLowerCase());
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('invalid_request', `password: use at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const userId = await db.withSystem(async (tx) => {
    const existing = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (existing[0]) return existing[0].id;
    const [row] = await tx
      .insert(users)
      .values({ email, name: input.name ?? '', passwordHash, isPlatformAdmin: input.platformAdmin ?? false })
      .returning({ id: users.id });
    return row!.id;
  });
  const membershipId = await db.withOrg(orgId, async (tx) => {
    const [row] = await tx
      .insert(memberships)
      .values({ orgId, userId, role: input.role, departmentId: input.departmentId ?? null, status: 'active' })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (!row) throw new AppError('conflict', `${email} is already a member of this organization.`);
    return row.id;
  });
  return { userId, membershipId };
}
