// Real `gatehouse start` processes for tests that need several gateways or a SIGKILL, and the
// Redis the metering tests share.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { TEST_MASTER_KEY } from './helpers.ts';

export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the test Redis answers (CI must have it; elsewhere its tests are skipped). */
export async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running gateway process. */
export interface Gateway {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

/** Every process started here, killed if the test process exits without stopping them. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

/** A real `gatehouse start` process on the test database. */
export async function startGateway(env: Record<string, string>): Promise<Gateway> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['bin/gatehouse.mjs', 'start'], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: inject('databaseUrl'),
      DATABASE_POOL_SIZE: '4',
      MASTER_KEY: TEST_MASTER_KEY,
      BOOTSTRAP: 'false',
      LOG_LEVEL: 'warn',
      CACHE_REFRESH_MS: '100',
      METERING_RESERVATION_TIMEOUT_MS: '3000',
      METERING_REAP_INTERVAL_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  proc.once('exit', () => started.delete(proc));
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`gatehouse exited early (${proc.exitCode}):\n${out}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`gatehouse did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url, output: () => out };
}

/** SIGTERM and wait for the exit (no-op when already gone). */
export async function stopGateway(g: Gateway | null): Promise<void> {
  if (!g || g.proc.exitCode !== null || g.proc.signalCode !== null) return;
  const exited = new Promise((r) => g.proc.once('exit', r));
  g.proc.kill('SIGTERM');
  await exited;
}
