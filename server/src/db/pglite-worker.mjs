// Embedded PostgreSQL (PGlite) served over the Postgres wire protocol from a worker thread.
// Plain JavaScript on purpose: a worker is started by Node itself, with no TypeScript loader, in
// the server, the CLI and the test runner alike. The main thread talks to it with `pg` like to any
// other Postgres, so a heavy query never blocks the event loop and there is one driver to test.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string, socketPath: string | null, maxConnections: number, relaxedDurability: boolean }} */
const options = workerData;

async function start() {
  const db = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { vector },
    relaxedDurability: options.relaxedDurability,
  });
  // A Unix socket inside the data directory keeps other local users out (the embedded server has
  // no authentication); loopback TCP is the fallback where the path would be too long.
  const server = new PGLiteSocketServer({
    db,
    ...(options.socketPath ? { path: options.socketPath } : { host: '127.0.0.1', port: 0 }),
    maxConnections: options.maxConnections,
  });
  await server.start();
  parentPort?.postMessage({ type: 'ready', address: server.getServerConn() });

  parentPort?.on('message', async (message) => {
    if (message?.type !== 'stop') return;
    try {
      await server.stop();
      await db.close();
      parentPort?.postMessage({ type: 'stopped' });
    } catch (error) {
      parentPort?.postMessage({ type: 'error', message: String(error?.stack ?? error) });
    }
  });
}

start().catch((error) => {
  parentPort?.postMessage({ type: 'error', message: String(error?.stack ?? error) });
});
