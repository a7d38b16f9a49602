import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';

/** The ids of a department and every department below it (the reach of its manager). */
export async function departmentSubtree(tx: Tx, departmentId: string | null): Promise<Set<string>> {
  if (!departmentId) return new Set();
  const rows = (
    await tx.execute(sql`
      with recursive tree as (
        select id from departments where id = ${departmentId}
        union all
        select d.id from departments d join tree t on d.parent_id = t.id
      ) select id from tree`)
  ).rows as Array<{ id: string }>;
  return new Set(rows.map((r) => r.id));
}
