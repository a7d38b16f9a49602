import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Query parameters of every list endpoint: an opaque cursor and a page size (max 200). */
export const pageQuery = z.object({
  cursor: z.string().max(200).optional().describe("Opaque cursor from the previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A position in a list ordered by (created_at desc, id desc). */
interface Position {
  t: string;
  id: string;
}

/**
 * Encodes the last row of a page as the next page's cursor. Pass created_at as the database's
 * text (microseconds intact) so rows within the same millisecond are neither skipped nor repeated.
 */
export function encodeCursor(createdAt: Date | string, id: string | number): string {
  const t = createdAt instanceof Date ? createdAt.toISOString() : createdAt;
  return Buffer.from(JSON.stringify({ t, id: String(id) })).toString('base64url');
}

/** A keyset condition continuing after `cursor`; order the query by (created_at desc, id::text desc). */
export function afterCursor(cursor: string | undefined, createdAt: SQL, id: SQL): SQL {
  if (!cursor) return sql`true`;
  let pos: Position;
  try {
    pos = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof pos.t !== 'string' || typeof pos.id !== 'string' || Number.isNaN(Date.parse(pos.t)))
      throw new Error('shape');
  } catch {
    throw new AppError('invalid_request', 'cursor: not a cursor returned by this endpoint', { param: 'cursor' });
  }
  return sql`(${createdAt}, ${id}::text) < (${pos.t}::timestamptz, ${pos.id})`;
}

/** Cuts a page fetched with limit + 1 rows and computes its next cursor. */
export function page<T extends { createdAt: Date | string; id: string | number }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}
