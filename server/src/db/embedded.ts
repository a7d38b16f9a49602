import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A running embedded PostgreSQL (PGlite in a worker thread) and how to reach it with `pg`. */
export interface EmbeddedPostgres {
  /** `pg` connection settings: a Unix socket directory + port, or loopback host + port. */
  connection: { host: string; port: number; user: string; database: string };
  maxConnections: number;
  stop(): Promise<void>;
}

/** Thrown when another live process already holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is in use by another Gatehouse process (pid ${pid}). ` +
        'Embedded PostgreSQL allows one process per data directory: stop the other one, choose another DATA_DIR, or use DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/gatehouse.lock` with O_EXCL. PGlite has no lock of its own, and two processes on
 * one data directory silently lose rows; a lock left by a dead process is taken over.
 */
function acquireLock(dir: string): () => void {
  const lockPath = join(dir, 'gatehouse.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(pid) && processAlive(pid)) throw new DataDirLockedError(dir, pid);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

/** Longest Unix socket path the kernel accepts (sun_path is 108 bytes with the terminator). */
const MAX_SOCKET_PATH = 103;

/**
 * Starts PGlite on `dataDir` (or in memory when `dataDir` is null) in a worker thread, serving
 * the Postgres protocol on a Unix socket inside the data directory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | null;
  maxConnections?: number;
  relaxedDurability?: boolean;
}): Promise<EmbeddedPostgres> {
  const maxConnections = options.maxConnections ?? 8;
  let release = () => {};
  let pgDir = 'memory://';
  let socketDir: string | null = null;
  if (options.dataDir) {
    const root = resolve(options.dataDir);
    mkdirSync(root, { recursive: true });
    release = acquireLock(root);
    pgDir = join(root, 'pg');
    const candidate = join(root, 'run');
    if (Buffer.byteLength(join(candidate, '.s.PGSQL.5432')) <= MAX_SOCKET_PATH) {
      mkdirSync(candidate, { recursive: true, mode: 0o700 });
      rmSync(join(candidate, '.s.PGSQL.5432'), { force: true });
      socketDir = candidate;
    }
  }
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: {
      dataDir: pgDir,
      socketPath: socketDir ? join(socketDir, '.s.PGSQL.5432') : null,
      maxConnections,
      relaxedDurability: options.relaxedDurability ?? false,
    },
  });
  try {
    const address = await new Promise<string>((resolveReady, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`embedded PostgreSQL worker exited with code ${code}`)));
      worker.on('message', (message: { type: string; address?: string; message?: string }) => {
        if (message.type === 'ready' && message.address) resolveReady(message.address);
        if (message.type === 'error') reject(new Error(`embedded PostgreSQL failed to start: ${message.message}`));
      });
    });
    worker.removeAllListeners('exit');
    const connection = socketDir
      ? { host: socketDir, port: 5432, user: 'postgres', database: 'postgres' }
      : {
          host: '127.0.0.1',
          port: Number(address.split(':').at(-1)),
          user: 'postgres',
          database: 'postgres',
        };
    let stopped = false;
    return {
      connection,
      maxConnections,
      async stop() {
        if (stopped) return;
        stopped = true;
        await new Promise<void>((done) => {
          const timer = setTimeout(() => void worker.terminate().then(() => done()), 10_000);
          worker.on('message', (message: { type: string }) => {
            if (message.type === 'stopped' || message.type === 'error') {
              clearTimeout(timer);
              void worker.terminate().then(() => done());
            }
          });
          worker.postMessage({ type: 'stop' });
        });
        release();
      },
    };
  } catch (error) {
    await worker.terminate();
    release();
    throw error;
  }
}
