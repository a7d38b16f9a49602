import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { Database } from '../db/database.ts';
import { departments, organizations, users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { memberCreator, type Role } from '../identity/user-creator.ts';
import { apiKeyCreator } from '../keys/key-creator.ts';
import { secretBoxFor, ssrfPolicy, startGatehouse } from '../main.ts';
import { modelCreator } from '../models/model-creator.ts';
import { departmentCreator } from '../orgs/department-creator.ts';
import { orgCreator } from '../orgs/org-creator.ts';
import { PROVIDER_KINDS, providerCreator } from '../providers/provider-creator.ts';
import { startBanner } from './banner.ts';
import { verifyAuditChain } from '../audit/audit-writer.ts';
import { runPiiScan } from '../privacy/detectors/pii-scan.ts';
import { budgetCommand, creditsCommand, METERING_FLAGS, METERING_HELP } from './metering-commands.ts';

const HELP = `Usage: gatehouse <command> [options]

Commands:
  start                         run the server (migrates and, on an empty database, bootstraps a demo org)
  migrate                       apply database migrations and exit
  create-org --slug S --name N [--timezone Europe/Berlin]
  create-department --org S --name N [--parent NAME]
  create-user --org S --email E --role owner|admin|manager|member|viewer [--name N] [--password-env VAR] [--department NAME]
  create-provider --org S --name N --kind ${PROVIDER_KINDS.join('|')} [--base-url URL] [--api-key-env VAR]
  create-model --org S --alias A --provider NAME --upstream MODEL [--kind chat|embedding]
               [--price-input USD_PER_M] [--price-output USD_PER_M] [--price-cached USD_PER_M]
               [--context-window N] [--max-output N]
  create-key --org S --name N (--owner-email E | --department NAME) [--models a,b] [--expires ISO_DATE]
${METERING_HELP}
  audit verify [--org S]        check every org's (or one org's) audit hash chain; exit 1 if broken
  pii scan [--region DE]        read JSON lines {"id","text"} on stdin, write the entities found per line

Secrets are read from environment variables (--api-key-env, --password-env), never from arguments,
so they stay out of shell history. Configuration comes from the environment (see the README).`;

type Flags = Record<string, string | undefined>;

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (!value) throw new AppError('invalid_request', `--${name} is required`);
  return value;
}

function secretFromEnv(flags: Flags, flag: string): string | undefined {
  const name = flags[flag];
  if (!name) return undefined;
  const value = process.env[name];
  if (!value) throw new AppError('invalid_request', `--${flag}: the environment variable ${name} is empty or unset`);
  return value;
}

/** USD per million tokens (decimal) → integer micro-units per million tokens. */
function usdPerMillion(flags: Flags, name: string): number | null {
  const raw = flags[name];
  if (raw === undefined) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new AppError('invalid_request', `--${name}: not a price: ${raw}`);
  return Math.round(value * 1_000_000);
}

function positiveInt(flags: Flags, name: string): number | null {
  const raw = flags[name];
  if (raw === undefined) return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new AppError('invalid_request', `--${name}: not a positive integer: ${raw}`);
  return value;
}

async function orgId(db: Database, slug: string): Promise<string> {
  const rows = await db.withSystem((tx) =>
    tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)),
  );
  if (!rows[0]) throw new AppError('not_found', `--org: no organization with the slug "${slug}"`);
  return rows[0].id;
}

async function departmentId(db: Database, org: string, name: string): Promise<string> {
  const rows = await db.withOrg(org, (tx) =>
    tx
      .select({ id: departments.id })
      .from(departments)
      .where(sql`lower(${departments.name}) = lower(${name})`),
  );
  if (rows.length !== 1) throw new AppError('not_found', `no single department named "${name}" in this organization`);
  return rows[0]!.id;
}

async function withDb<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    await db.migrate();
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: false,
    options: Object.fromEntries(
      [
        'slug',
        'name',
        'timezone',
        'org',
        'parent',
        'email',
        'role',
        'password-env',
        'department',
        'kind',
        'base-url',
        'api-key-env',
        'alias',
        'provider',
        'upstream',
        'price-input',
        'price-output',
        'price-cached',
        'context-window',
        'max-output',
        'owner-email',
        'models',
        'expires',
        'region',
        ...METERING_FLAGS,
      ].map((n) => [n, { type: 'string' as const }]),
    ),
  });
  const flags = values as Flags;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return;
  }
  if (command === 'pii') {
    // Needs no configuration or database: the detectors with every type on, for evaluation and
    // for admins trying their data.
    if (rest[0] !== 'scan')
      throw new AppError('invalid_request', 'usage: gatehouse pii scan [--region DE] < lines.jsonl');
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    await runPiiScan(lines, (line) => process.stdout.write(`${line}\n`), { region: flags.region ?? 'DE' });
    return;
  }
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  switch (command) {
    case 'start': {
      const gatehouse = await startGatehouse(config);
      console.log(startBanner(config, gatehouse));
      let signals = 0;
      const shutdown = (signal: string) => {
        if (++signals > 1) process.exit(1);
        gatehouse.logger.info({ signal }, 'shutting down: draining in-flight requests');
        gatehouse.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            gatehouse.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      return;
    }
    case 'migrate':
      await withDb(config, async () => console.log('Migrations applied.'));
      return;
    case 'create-org':
      await withDb(config, async (db) => {
        const org = await orgCreator(db, {
          slug: required(flags, 'slug'),
          name: required(flags, 'name'),
          timezone: flags.timezone,
        });
        console.log(`Created organization ${org.slug} (${org.id}).`);
      });
      return;
    case 'create-department':
      await withDb(config, async (db) => {
        const org = await orgId(db, required(flags, 'org'));
        const parentId = flags.parent ? await departmentId(db, org, flags.parent) : null;
        const dep = await departmentCreator(db, org, { name: required(flags, 'name'), parentId });
        console.log(`Created department ${flags.name} (${dep.id}).`);
      });
      return;
    case 'create-user':
      await withDb(config, async (db) => {
        const org = await orgId(db, required(flags, 'org'));
        const role = required(flags, 'role') as Role;
        if (!['owner', 'admin', 'manager', 'member', 'viewer'].includes(role))
          throw new AppError('invalid_request', `--role: must be owner, admin, manager, member or viewer`);
        const dep = flags.department ? await departmentId(db, org, flags.department) : null;
        const created = await memberCreator(db, org, {
          email: required(flags, 'email'),
          name: flags.name,
          role,
          password: secretFromEnv(flags, 'password-env'),
          departmentId: dep,
        });
        console.log(`Added ${flags.email} as ${role} (user ${created.userId}).`);
      });
      return;
    case 'create-provider':
      await withDb(config, async (db) => {
        const org = await orgId(db, required(flags, 'org'));
        const kind = required(flags, 'kind') as ProviderKind;
        if (!PROVIDER_KINDS.includes(kind))
          throw new AppError('invalid_request', `--kind: must be one of ${PROVIDER_KINDS.join(', ')}`);
        const created = await providerCreator(
          db,
          org,
          {
            name: required(flags, 'name'),
            kind,
            baseUrl: flags['base-url'],
            apiKey: secretFromEnv(flags, 'api-key-env'),
          },
          { secrets: secretBoxFor(config, logger), ssrf: ssrfPolicy(config) },
        );
        console.log(`Created provider ${flags.name} (${created.id}).`);
      });
      return;
    case 'create-model':
      await withDb(config, async (db) => {
        const org = await orgId(db, required(flags, 'org'));
        const providerName = required(flags, 'provider');
        const rows = await db.withOrg(org, (tx) =>
          tx.execute(sql`select id from providers where lower(name) = lower(${providerName})`),
        );
        const providerId = rows.rows[0]?.id as string | undefined;
        if (!providerId)
          throw new AppError('not_found', `--provider: no provider named "${providerName}" in this organization`);
        const kind = (flags.kind ?? 'chat') as 'chat' | 'embedding';
        const created = await modelCreator(db, org, {
          alias: required(flags, 'alias'),
          providerId,
          upstreamModel: required(flags, 'upstream'),
          kind,
          priceInput: usdPerMillion(flags, 'price-input'),
          priceOutput: usdPerMillion(flags, 'price-output'),
          priceCachedInput: usdPerMillion(flags, 'price-cached'),
          contextWindow: positiveInt(flags, 'context-window'),
          maxOutputTokens: positiveInt(flags, 'max-output'),
        });
        const unpriced = flags['price-input'] === undefined || flags['price-output'] === undefined;
        console.log(
          `Created model ${flags.alias} (${created.id})${unpriced ? ' — unpriced: its usage is recorded as "unpriced", not free' : ''}.`,
        );
      });
      return;
    case 'create-key':
      await withDb(config, async (db) => {
        const org = await orgId(db, required(flags, 'org'));
        let ownerUserId: string | null = null;
        if (flags['owner-email']) {
          const email = flags['owner-email'].toLowerCase();
          const found = await db.withSystem((tx) =>
            tx
              .select({ id: users.id })
              .from(users)
              .where(sql`lower(${users.email}) = ${email}`),
          );
          if (!found[0]) throw new AppError('not_found', `--owner-email: no user ${email}`);
          ownerUserId = found[0].id;
        }
        const ownerDepartmentId = flags.department ? await departmentId(db, org, flags.department) : null;
        let expiresAt: Date | null = null;
        if (flags.expires) {
          expiresAt = new Date(flags.expires);
          if (Number.isNaN(expiresAt.getTime()))
            throw new AppError('invalid_request', `--expires: not a date: ${flags.expires}`);
        }
        const key = await db.withOrg(org, (tx) =>
          apiKeyCreator(tx, org, {
            name: required(flags, 'name'),
            ownerUserId,
            ownerDepartmentId,
            allowedModels: flags.models
              ? flags.models
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : null,
            expiresAt,
          }),
        );
        console.log(`Created key ${key.prefix}… (${key.id}). The secret is shown once:\n${key.secret}`);
      });
      return;
    case 'budget':
      await withDb(config, (db) => budgetCommand(db, rest, flags, { orgId, departmentId }));
      return;
    case 'credits':
      await withDb(config, (db) => creditsCommand(db, rest, flags, { orgId, departmentId }));
      return;
    case 'audit': {
      if (rest[0] !== 'verify') throw new AppError('invalid_request', 'usage: gatehouse audit verify [--org SLUG]');
      const broken = await withDb(config, async (db) => {
        const orgs = (await db.withSystem((tx) =>
          tx
            .select({ id: organizations.id, slug: organizations.slug })
            .from(organizations)
            .where(flags.org ? eq(organizations.slug, flags.org) : sql`true`),
        )) as Array<{ id: string; slug: string }>;
        if (flags.org && orgs.length === 0)
          throw new AppError('not_found', `--org: no organization with the slug "${flags.org}"`);
        let bad = 0;
        for (const org of orgs) {
          const status = await db.withOrg(org.id, (tx) => verifyAuditChain(tx, org.id));
          if (status.intact) console.log(`${org.slug}: intact (${status.events} events)`);
          else {
            bad++;
            console.log(
              `${org.slug}: BROKEN at event ${status.brokenAtSeq}: ${status.reason} (${status.events} events)`,
            );
          }
        }
        return bad;
      });
      if (broken > 0) process.exitCode = 1;
      return;
    }
    default:
      throw new AppError('invalid_request', `unknown command "${command}". Run "gatehouse help".`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
