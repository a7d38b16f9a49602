// Gatehouse as a bench target: state set up with the CLI (org, owner, provider pointing at the mock,
// priced model, API key) in a temp data dir, then `gatehouse start` in its own pinned process.
// The metered targets use a second org set up the same way, plus a department (the key's owner is a
// member of it), one cost budget per scope and a rate limit on the key, written with SQL while no
// Gatehouse process has the database open.
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { Database } from '../src/db/database.ts';
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

/** One bench organization as set up by the CLI. */
export interface BenchOrg {
  slug: string;
  /** The key owner's email. */
  email: string;
  /** The department the key's owner belongs to (metered org only). */
  department: string | null;
  keyName: string;
  /** The API key's secret. */
  apiKey: string;
  model: string;
}

/**
 * Creates a bench organization, owner, provider (→ the mock), model and API key with the CLI and
 * returns the key's secret and the model alias. A random suffix keeps runs apart on a shared Postgres.
 * `metered`: a second org ("bench-metered") whose key owner is a member of a department, so a
 * request passes org, department, user and key scopes (the limits come from `addMeteringLimits`).
 */
export async function setUpGatehouse(
  g: GatehouseEnv,
  mockBaseUrl: string,
  say: (line: string) => void,
  options: { metered?: boolean } = {},
): Promise<BenchOrg> {
  const suffix = g.databaseUrl ? `-${randomBytes(3).toString('hex')}` : '';
  const name = options.metered ? 'bench-metered' : 'bench';
  const org = `${name}${suffix}`;
  const email = `${name}${suffix}@example.com`;
  const department = options.metered ? 'Bench department' : null;
  const model = 'gpt-4o-mini';
  const steps: string[][] = [
    ['create-org', '--slug', org, '--name', options.metered ? 'Bench metered' : 'Bench'],
    ...(department ? [['create-department', '--org', org, '--name', department]] : []),
    [
      'create-user',
      ...['--org', org, '--email', email, '--role', 'owner'],
      ...(department ? ['--department', department] : []),
    ],
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
  return { slug: org, email, department, keyName: 'bench', apiKey, model };
}

/**
 * The metering the metered targets run with. Far above what a bench run spends or sends, so nothing
 * is refused: every request still reserves against all of it (6 lines, one store round trip).
 */
export const METERING_LIMITS = {
  /** Monthly cost budget on each scope, micro-units (1e15 = 1,000,000,000.00 in the org currency). */
  budgetMicros: 1e15,
  requestsPerMinute: 1_000_000_000,
  tokensPerMinute: 1_000_000_000,
};

/**
 * One cost budget (month) per scope — org, the key owner's department, the owner, the key — and a
 * rate limit (requests and tokens per minute) on the key, inserted with SQL. Embedded PGlite allows
 * one process per data dir: call it while no Gatehouse process runs on `g.dataDir`.
 */
export async function addMeteringLimits(g: GatehouseEnv, org: BenchOrg, say: (line: string) => void): Promise<void> {
  if (!org.department) throw new Error(`addMeteringLimits: org ${org.slug} has no department`);
  const db = await Database.open(g.databaseUrl ? { url: g.databaseUrl, poolSize: 1 } : { dataDir: g.dataDir });
  try {
    await db.withSystem(async (tx) => {
      const rows = (
        await tx.execute(sql`
          select o.id as org_id, d.id as department_id, u.id as user_id, k.id as key_id
            from organizations o
            join departments d on d.org_id = o.id and d.name = ${org.department}
            join users u on lower(u.email) = lower(${org.email})
            join memberships m on m.org_id = o.id and m.user_id = u.id and m.department_id = d.id
            join api_keys k on k.org_id = o.id and k.name = ${org.keyName} and k.owner_user_id = u.id
           where o.slug = ${org.slug}`)
      ).rows as Array<{ org_id: string; department_id: string; user_id: string; key_id: string }>;
      if (rows.length !== 1)
        throw new Error(
          `addMeteringLimits: expected one org/department/member/key row for ${org.slug}, got ${rows.length}`,
        );
      const ids = rows[0]!;
      const scopes = [
        ['org', null],
        ['department', ids.department_id],
        ['user', ids.user_id],
        ['key', ids.key_id],
      ] as const;
      for (const [scopeType, scopeId] of scopes) {
        await tx.execute(sql`
          insert into budgets (org_id, name, scope_type, scope_id, metric, period, limit_amount)
          values (${ids.org_id}, ${`bench ${scopeType}`}, ${scopeType}, ${scopeId}, 'cost', 'month',
                  ${METERING_LIMITS.budgetMicros})`);
      }
      await tx.execute(sql`
        insert into rate_limits (org_id, scope_type, scope_id, requests_per_minute, tokens_per_minute)
        values (${ids.org_id}, 'key', ${ids.key_id}, ${METERING_LIMITS.requestsPerMinute},
                ${METERING_LIMITS.tokensPerMinute})`);
    });
  } finally {
    await db.close();
  }
  say(
    `# metering on ${org.slug}: cost budgets (month, ${METERING_LIMITS.budgetMicros / 1e6} each) on org, department, user, key; ` +
      `key rate limit ${METERING_LIMITS.requestsPerMinute} req/min, ${METERING_LIMITS.tokensPerMinute} tokens/min`,
  );
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
  options: {
    port: number;
    cpus: string | null;
    durability: 'sync' | 'async';
    nodeFlags: string[];
    /** The server folder to run from (default GATEHOUSE_DIR). */
    dir?: string | undefined;
    /** Extra environment, e.g. METERING_STORE and REDIS_URL. */
    env?: Record<string, string>;
  },
): Promise<Started> {
  const env = envFor(g, { PORT: String(options.port), USAGE_DURABILITY: options.durability, ...options.env });
  const proc = procs.start(name, process.execPath, [...options.nodeFlags, CLI, 'start'], {
    cpus: options.cpus,
    cwd: options.dir ?? GATEHOUSE_DIR,
    env,
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/ready`, proc, 120_000);
  return proc;
}
