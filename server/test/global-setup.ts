import type { TestProject } from 'vitest/node';
import { Database } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where every test file's database lives: DATABASE_URL in CI, else one shared embedded PGlite. */
    databaseUrl: string;
    databaseEngine: 'postgres' | 'pglite';
  }
}

let embedded: EmbeddedPostgres | null = null;

/**
 * One database for the whole run, migrated once. Test files never truncate: each builds its own
 * org with the factories, so files run in parallel against the same database.
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: null, maxConnections: 64 });
    const c = embedded.connection;
    url = `postgres://${c.user}@${c.host}:${c.port}/${c.database}`;
  }
  const db = await Database.open({ url, poolSize: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  project.provide('databaseUrl', url);
  project.provide('databaseEngine', embedded ? 'pglite' : 'postgres');
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
