import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

/** A Drizzle handle bound to one transaction, as handed out by the two doors below. */
export type Tx = Parameters<Parameters<NodePgDatabase<typeof schema>['transaction']>[0]>[0];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant; serializes migrations when several processes or test files start together. */
const MIGRATION_LOCK = 7_420_113;

/**
 * The database: a `pg` pool to PostgreSQL or to the embedded PGlite worker, and the only two
 * doors to data. `withOrg` is for tenant data (RLS-bound role, org set); `withSystem` is the
 * separately named door for cross-tenant system work (key lookup, usage writes, jobs).
 */
export class Database {
  readonly pool: pg.Pool;
  private readonly drizzle: NodePgDatabase<typeof schema>;

  private constructor(
    pool: pg.Pool,
    readonly engine: 'postgres' | 'pglite',
    private readonly embedded: EmbeddedPostgres | null,
  ) {
    this.pool = pool;
    this.drizzle = drizzle(pool, { schema });
  }

  /** Connects to `url`, or starts embedded PGlite on `dataDir` (null = in memory) when no URL is given. */
  static async open(options: {
    url?: string;
    dataDir?: string | null;
    poolSize?: number;
    /** Embedded only: let PGlite flush its files after a commit returns (see embedded.ts). */
    relaxedDurability?: boolean;
  }): Promise<Database> {
    if (options.url) {
      const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
      pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
      return new Database(pool, 'postgres', null);
    }
    const embedded = await startEmbeddedPostgres({
      dataDir: options.dataDir ?? null,
      relaxedDurability: options.relaxedDurability,
    });
    const pool = new pg.Pool({ ...embedded.connection, max: embedded.maxConnections });
    pool.on('error', () => {});
    return new Database(pool, 'pglite', embedded);
  }

  /** Applies pending migrations under an advisory lock; safe to call from many processes at once. */
  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * The one door into tenant data: a transaction running as `gatehouse_app` (no BYPASSRLS) with
   * `app.org_id` set, so RLS hides and refuses every row of another org even if a query forgets
   * its filter.
   */
  async withOrg<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (!UUID.test(orgId)) throw new Error(`withOrg: not an org id: ${JSON.stringify(orgId)}`);
    return this.drizzle.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'gatehouse_app', true), set_config('app.org_id', ${orgId}, true)`);
      return fn(tx);
    });
  }

  /**
   * The system door, for work that is not on behalf of one org: resolving a key by its hash,
   * writing usage events of many orgs in one batch, background jobs. Runs as `gatehouse_system`.
   */
  async withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.drizzle.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'gatehouse_system', true)`);
      return fn(tx);
    });
  }

  /** Round trip to the database, for /health and /ready. */
  async ping(): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
    const started = performance.now();
    try {
      await this.pool.query('select 1');
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.embedded?.stop();
  }
}
