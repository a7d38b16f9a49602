import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from './database.ts';
import { DataDirLockedError, startEmbeddedPostgres } from './embedded.ts';

// Runs in every test run, whatever DATABASE_URL says: the embedded default must keep working.
describe('embedded PostgreSQL (PGlite in a worker thread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the same migrations, keeps data across restarts and locks its data directory', async () => {
    const db = await Database.open({ dataDir: dir });
    try {
      expect(db.engine).toBe('pglite');
      await db.migrate();
      await db.pool.query(`insert into organizations (slug, name) values ('persisted', 'Persisted')`);
      expect(readFileSync(join(dir, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid));
      // A second opener in this process or another must be refused, not silently share the files.
      await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await db.close();
    }
    const again = await Database.open({ dataDir: dir });
    try {
      await again.migrate();
      const rows = await again.pool.query(`select name from organizations where slug = 'persisted'`);
      expect(rows.rows).toEqual([{ name: 'Persisted' }]);
      const roles = await again.pool.query(
        `select rolname, rolbypassrls from pg_roles where rolname like 'gatehouse_%' order by 1`,
      );
      expect(roles.rows).toEqual([
        { rolname: 'gatehouse_app', rolbypassrls: false },
        { rolname: 'gatehouse_system', rolbypassrls: false },
      ]);
    } finally {
      await again.close();
    }
  });

  it('takes over a lock left behind by a process that no longer exists', async () => {
    const stale = mkdtempSync(join(tmpdir(), 'gatehouse-stale-'));
    try {
      writeFileSync(join(stale, 'gatehouse.lock'), '999999999');
      const pg = await startEmbeddedPostgres({ dataDir: stale });
      expect(readFileSync(join(stale, 'gatehouse.lock'), 'utf8')).toBe(String(process.pid));
      await pg.stop();
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
  });

  it('does not block the event loop while the database works', async () => {
    const db = await Database.open({ dataDir: null });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = Date.now();
      await db.pool.query('select count(*) from generate_series(1, 3000000)');
      const elapsed = Date.now() - started;
      clearInterval(timer);
      // The timer kept firing during the query: the work ran on the worker thread.
      expect(ticks).toBeGreaterThan(Math.floor(elapsed / 5 / 4));
    } finally {
      await db.close();
    }
  });
});
