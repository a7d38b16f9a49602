import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { organizations } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Org slugs: lowercase letters, digits and dashes, as they appear in URLs. */
export const orgSlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'slug: use 1-63 lowercase letters, digits and dashes');

/** Creates a tenant. An org does not exist yet, so this goes through the system door. */
export async function orgCreator(
  db: Database,
  input: { slug: string; name: string; timezone?: string },
): Promise<{ id: string; slug: string; name: string }> {
  const slug = orgSlugSchema.parse(input.slug);
  if (!input.name.trim()) throw new AppError('invalid_request', 'name: must not be empty');
  const settings = { timezone: input.timezone ?? 'UTC' };
  return db.withSystem(async (tx) => {
    const [row] = await tx
      .insert(organizations)
      .values({ slug, name: input.name.trim(), settings })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id, slug: organizations.slug, name: organizations.name });
    if (!row) throw new AppError('conflict', `An organization with the slug "${slug}" already exists.`);
    return row;
  });
}
