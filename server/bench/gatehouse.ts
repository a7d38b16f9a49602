// Gatehouse as a bench target: state set up with the CLI (org, owner, provider pointing at the mock,
// priced model, API key) in a temp data dir, then `gatehouse start` in its own pinned process.
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, waitForHttp, type Processes, type Started } from './procs.ts';

/** The server package folder (where bin/gatehouse.mjs lives). */
export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The server folder Gatehouse runs from: this one, or GATEHOUSE_DIR (another checkout, for A/B runs). */
export const GATEHOUSE_DIR = process.env.GATEHOUSE_DIR ? resolve(process.env.GATEHOUSE_DIR) : SERVER_DIR;
const CLI = 'bin/gatehouse.mjs';

export interface GatehouseEnv {
  dataDir: string;
  /** External Postgres instead of the embedded PGlite (then its CPU is not counted). */
  databaseUrl: string | null;
  masterKey: string;
  logLevel: string;
}

function envFor(g: GatehouseEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: g.dataDir,
    BOOTSTRAP: 'false',
    LOG_LEVEL: g.logLevel,
    HOST: '127.0.0.1',
    SSRF_ALLOW_PRIVATE: 'true',
    MASTER_KEY: g.masterKey,
    ...extra,
  };
  if (g.databaseUrl) env.DATABASE_URL = g.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

async function cli(g: GatehouseEnv, args: string[]): Promise<string> {
  const out = await runCommand(process.execPath, [CLI, ...args], { cwd: GATEHOUSE_DIR, env: envFor(g) });
  if (out.code !== 0) throw new Error(`gatehouse ${args[0]} failed (exit ${out.code}):\n${out.stderr}${out.stdout}`);
  return out.stdout;
}

export const newMasterKey = () => randomBytes(32).toString('base64');

/**
 * Creates the bench organization, owner, provider (→ the mock), model and API key with the CLI and
 * returns the key's secret and the model alias. A random suffix keeps runs apart on a shared Postgres.
 */
export async function setUpGatehouse(
  g: GatehouseEnv,
  mockBaseUrl: string,
  say: (line: string) => void,
): Promise<{ apiKey: string; model: string }> {
  const suffix = g.databaseUrl ? `-${randomBytes(3).toString('hex')}` : '';
  const org = `bench${suffix}`;
  const email = `bench${suffix}@example.com`;
  const model = 'gpt-4o-mini';
  const steps: string[][] = [
    ['create-org', '--slug', org, '--name', 'Bench'],
    ['create-user', '--org', org, '--email', email, '--role', 'owner'],
    ['create-provider', '--org', org, '--name', 'upstream', '--kind', 'openai-compatible', '--base-url', mockBaseUrl],
    [
      'create-model',
      ...['--org', org, '--alias', model, '--provider', 'upstream', '--upstream', 'gpt-4o-mini'],
      ...['--price-input', '0.15', '--price-output', '0.6'],
    ],
    ['create-key', '--org', org, '--name', 'bench', '--owner-email', email],
  ];
  let output = '';
  for (const step of steps) {
    say(`# gatehouse ${step.join(' ')}`);
    output = await cli(g, step);
  }
  const apiKey = output.trim().split('\n').at(-1)!.trim(); // create-key prints the secret last
  if (!apiKey || /\s/.test(apiKey)) throw new Error(`could not read the API key from create-key's output:\n${output}`);
  return { apiKey, model };
}

/** A copy of a set-up (not running) PGlite data dir, so a second instance starts with the same state. */
export function cloneDataDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

/** `gatehouse start` pinned to `cpus`, waited for until GET /ready answers 200. */
export async function startGatehouse(
  procs: Processes,
  name: string,
  g: GatehouseEnv,
  options: { port: number; cpus: string | null; durability: 'sync' | 'async'; nodeFlags: string[] },
): Promise<Started> {
  const env = envFor(g, { PORT: String(options.port), USAGE_DURABILITY: options.durability });
  const proc = procs.start(name, process.execPath, [...options.nodeFlags, CLI, 'start'], {
    cpus: options.cpus,
    cwd: GATEHOUSE_DIR,
    env,
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/ready`, proc, 120_000);
  return proc;
}
