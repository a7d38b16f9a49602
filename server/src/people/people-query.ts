import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { afterCursor } from '../api/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { containsPattern } from '../lib/like.ts';
import { departmentSubtree } from '../orgs/department-tree.ts';
import { ROLES } from './member-rules.ts';
import { PERSON_COLUMNS, PERSON_FROM, uuidArray, type PersonRow } from './person-presenter.ts';

/** The filters of the people list and its CSV export. */
export const peopleFilters = z.object({
  q: z.string().trim().max(200).optional().describe('Search in name and e-mail (case-insensitive substring)'),
  role: z.enum(ROLES).optional(),
  departmentId: z.uuid().optional().describe('People of exactly this department'),
  status: z.enum(['invited', 'active', 'disabled']).optional(),
});

/** Parsed people filters. */
export type PeopleFilters = z.infer<typeof peopleFilters>;

/**
 * The condition selecting the people the actor may read that match the filters: the whole org,
 * or for a manager only the departments of their subtree (RLS keeps it to the org either way).
 */
export async function peopleCondition(tx: Tx, actor: Actor, f: PeopleFilters): Promise<SQL> {
  const reach = authorize(actor, 'member.read');
  const scope =
    reach === 'org'
      ? sql`true`
      : sql`m.department_id = any(${uuidArray(await departmentSubtree(tx, actor.departmentId))})`;
  const q = f.q ? containsPattern(f.q) : null;
  return sql`${scope}
    and (${q}::text is null or u.email ilike ${q} or u.name ilike ${q})
    and (${f.role ?? null}::text is null or m.role = ${f.role ?? null})
    and (${f.departmentId ?? null}::uuid is null or m.department_id = ${f.departmentId ?? null})
    and (${f.status ?? null}::text is null or m.status = ${f.status ?? null})`;
}

/** One page of matching people, newest members first (keyset on joined time and user id). */
export async function peoplePage(tx: Tx, where: SQL, cursor: string | undefined, limit: number): Promise<PersonRow[]> {
  return (
    await tx.execute(sql`select ${PERSON_COLUMNS} from ${PERSON_FROM}
                          where ${where} and ${afterCursor(cursor, sql`m.created_at`, sql`m.user_id::text`)}
                          order by m.created_at desc, m.user_id::text desc limit ${limit}`)
  ).rows as unknown as PersonRow[];
}

/** How many people match (for "1–50 of 312"). */
export async function peopleCount(tx: Tx, where: SQL): Promise<number> {
  const [row] = (await tx.execute(sql`select count(*)::int as n from ${PERSON_FROM} where ${where}`)).rows as Array<{
    n: number;
  }>;
  return Number(row?.n ?? 0);
}
