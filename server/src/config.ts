import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Why a configuration could not be loaded: every wrong variable, each with its reason. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every environment variable Gatehouse reads, with its default. The README documents each. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8080),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Gatehouse <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 500).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  MASTER_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 random bytes, base64-encoded (openssl rand -base64 32)',
    )
    .optional(),
  BODY_LIMIT_BYTES: int(1024, 200 * 1024 * 1024).default(10 * 1024 * 1024),
  UPSTREAM_TIMEOUT_MS: int(1000, 3_600_000).default(600_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: int(100, 120_000).default(10_000),
  USAGE_DURABILITY: z.enum(['sync', 'async']).default('sync'),
  CACHE_REFRESH_MS: int(50, 60_000).default(500),
  METERING_STORE: z
    .enum(['auto', 'memory', 'redis'])
    .default('auto')
    .describe('Where budget, rate-limit and credit counters live: redis when REDIS_URL is set (auto), else in-process'),
  METERING_RESERVATION_TIMEOUT_MS: int(1_000, 86_400_000).optional(),
  METERING_REAP_INTERVAL_MS: int(100, 3_600_000).default(5_000),
  METERING_REDIS_PREFIX: z
    .string()
    .min(1)
    .max(100)
    .default('{gatehouse:metering}:')
    .describe('Prefix of the metering keys in Redis: one per Gatehouse deployment sharing a Redis'),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(30_000),
  SSRF_ALLOW_PRIVATE: bool.default(true),
  SSRF_ALLOW_LINK_LOCAL: bool.default(false),
  SSRF_ALLOWED_HOSTS: list.default([]),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs',
    )
    .default('false'),
  BOOTSTRAP: bool.default(true),
  BOOTSTRAP_OWNER_EMAIL: z.email().default('owner@example.com'),
});

/** Fastify's trustProxy from TRUST_PROXY: which proxies may set X-Forwarded-For (client IPs for allow-lists and logs). */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}

/** The validated configuration, read once at start-up and passed to whoever needs it. */
export type Config = z.infer<typeof envSchema> & { masterKey: Buffer | null };

type Env = Record<string, string | undefined>;

/** Resolves `NAME_FILE` variables (Docker/Kubernetes secrets) into `NAME`; a value set both ways is an error. */
function withFileSecrets(env: Env, problems: string[]): Env {
  const out: Env = { ...env };
  for (const [name, path] of Object.entries(env)) {
    if (!name.endsWith('_FILE') || !path) continue;
    const target = name.slice(0, -'_FILE'.length);
    if (!(target in envSchema.shape)) continue;
    if (env[target] !== undefined) {
      problems.push(`${target}: set both ${target} and ${name}; choose one`);
      continue;
    }
    try {
      out[target] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      problems.push(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  return out;
}

/**
 * Parses the environment. Throws ConfigError listing every invalid variable at once, so an
 * operator fixes them in one go. An empty string counts as unset.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const resolved = withFileSecrets(env, problems);
  const present = Object.fromEntries(
    Object.entries(resolved).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      const shown = name === 'MASTER_KEY' || name === 'SMTP_URL' ? '(hidden)' : JSON.stringify(present[name]);
      problems.push(`${name}=${shown}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const data = parsed.data;
  if (data.NODE_ENV === 'production' && !data.MASTER_KEY) {
    throw new ConfigError([
      'MASTER_KEY: required when NODE_ENV=production (it encrypts provider credentials at rest); generate one with: openssl rand -base64 32',
    ]);
  }
  if (data.NODE_ENV === 'production' && data.SMTP_URL && !data.PUBLIC_URL) {
    throw new ConfigError([
      "PUBLIC_URL: required with SMTP_URL when NODE_ENV=production (links in mails must not come from a request's Host header)",
    ]);
  }
  if (data.METERING_STORE === 'redis' && !data.REDIS_URL) {
    throw new ConfigError(['METERING_STORE="redis": needs REDIS_URL (e.g. redis://127.0.0.1:6379)']);
  }
  return { ...data, masterKey: data.MASTER_KEY ? Buffer.from(data.MASTER_KEY, 'base64') : null };
}
