import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The Postgres error under a Drizzle "Failed query" wrapper, if there is one. */
function pgError(error: unknown): PgError | null {
  const e = error as { code?: unknown; cause?: unknown };
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e as PgError;
  if (e?.cause) return pgError(e.cause);
  return null;
}

/**
 * Translates validation and database errors into our closed set, once, at the edge: a schema
 * violation names the field, a unique violation is a 409, a broken reference a 400.
 */
export function translateApiError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0]!;
    const where = (first.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    const part = error.validationContext ?? 'body';
    const field = where ? `${part === 'body' ? '' : `${part}.`}${where}` : part;
    return new AppError('invalid_request', `${field}: ${first.message ?? 'invalid value'}`, { param: field });
  }
  const pg = pgError(error);
  if (pg?.code === '23505')
    return new AppError('conflict', `That already exists (${pg.constraint ?? 'unique constraint'}).`);
  if (pg?.code === '23503')
    return new AppError('invalid_request', `A referenced resource does not exist (${pg.constraint ?? 'foreign key'}).`);
  if (pg?.code === '22P02' || pg?.code === '22001')
    return new AppError('invalid_request', `A value has the wrong format or is too long: ${pg.detail ?? ''}`.trim());
  return null;
}
