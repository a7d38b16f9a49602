import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import type { Role } from '../identity/user-creator.ts';
import { ROLES } from './member-rules.ts';

/** A person in an org, as the API shows them. */
export const personOut = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  status: z.enum(['invited', 'active', 'disabled']).describe('The membership in this org'),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  joinedAt: z.string(),
});

/** A membership joined with its person and department, as queried. */
export interface PersonRow {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  department_id: string | null;
  department_name: string | null;
  status: 'invited' | 'active' | 'disabled';
  mfa_enabled: boolean;
  last_login_at: string | null;
  created_at: string;
}

/** The columns of a PersonRow, over `memberships m join users u left join departments d`. */
export const PERSON_COLUMNS = sql`m.user_id, u.email, u.name, m.role, m.department_id, d.name as department_name,
  m.status, (u.mfa_enabled_at is not null) as mfa_enabled, u.last_login_at, m.created_at`;

/** The tables a PersonRow is read from (the org's memberships, through the tenant door). */
export const PERSON_FROM = sql`memberships m join users u on u.id = m.user_id left join departments d on d.id = m.department_id`;

/** Names each field of a person the API shows: never a password hash or an MFA secret. */
export function presentPerson(row: PersonRow) {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    departmentId: row.department_id,
    departmentName: row.department_name,
    status: row.status,
    mfaEnabled: Boolean(row.mfa_enabled),
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    joinedAt: new Date(row.created_at).toISOString(),
  };
}

/** A uuid[] parameter (drizzle would expand a JS array into a list of parameters). */
export function uuidArray(ids: Iterable<string>): SQL {
  return sql`string_to_array(${[...ids].join(',')}, ',')::uuid[]`;
}

/** The people of the current org with these user ids, optionally locked for an update. */
export async function loadPeople(tx: Tx, userIds: readonly string[], lock = false): Promise<PersonRow[]> {
  return (
    await tx.execute(sql`select ${PERSON_COLUMNS} from ${PERSON_FROM}
                          where m.user_id = any(${uuidArray(userIds)}) ${lock ? sql`for update of m` : sql``}`)
  ).rows as unknown as PersonRow[];
}
