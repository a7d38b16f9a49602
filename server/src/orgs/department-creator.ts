import type { Database } from '../db/database.ts';
import { departments } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Creates a department, optionally under a parent of the same org (RLS hides other orgs' parents). */
export async function departmentCreator(
  db: Database,
  orgId: string,
  input: { name: string; parentId?: string | null },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_request', 'name: must not be empty');
  return db.withOrg(orgId, async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values({ orgId, name, parentId: input.parentId ?? null })
      .onConflictDoNothing()
      .returning({ id: departments.id });
    if (!row) throw new AppError('conflict', `A department named "${name}" already exists there.`);
    return row;
  });
}
