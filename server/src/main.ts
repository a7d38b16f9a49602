import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { ApiDeps } from './api/api-types.ts';
import { buildApp } from './app.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { SessionService } from './auth/session-service.ts';
import { AccessTokens } from './auth/tokens.ts';
import { bootstrapIfEmpty, type BootstrapResult } from './bootstrap.ts';
import type { Config } from './config.ts';
import { Database } from './db/database.ts';
import { HttpTransport } from './gateway/http-transport.ts';
import type { GatewayDeps } from './gateway/pipeline.ts';
import { KeyDirectory } from './keys/key-directory.ts';
import { OutboxMailer } from './mail/outbox-mailer.ts';
import { AlertDeliverer } from './metering/alert-deliverer.ts';
import { SmtpTransport } from './mail/smtp-transport.ts';
import { Redis } from 'ioredis';
import { MemoryStore } from './metering/engine/memory-store.ts';
import { RedisStore } from './metering/engine/redis-store.ts';
import type { MeteringStore } from './metering/engine/store.ts';
import { LimitsDirectory } from './metering/limits-directory.ts';
import { MeteringService } from './metering/metering-service.ts';
import { UsageWriter } from './metering/usage-writer.ts';
import { Catalog } from './models/catalog.ts';
import { detectPii } from './privacy/detectors/index.ts';
import { PrivacyPolicyCache } from './privacy/policy-cache.ts';
import { PrivacyShield, piiRedactingPinoOptions, type DetectPii } from './privacy/shield/index.ts';
import { Metrics } from './observability/metrics.ts';
import { SecretBox, loadOrCreateDevMasterKey } from './security/secret-box.ts';
import { createGuardedAgent, type SsrfPolicy } from './security/ssrf-guard.ts';

/** A running Gatehouse: the HTTP app, its address and how to stop it gracefully. */
export interface Gatehouse {
  app: FastifyInstance;
  db: Database;
  url: string;
  secrets: SecretBox;
  ssrf: SsrfPolicy;
  bootstrap: BootstrapResult | null;
  logger: Logger;
  /** Budgets, rate limits and credits: the hot-path service and its limits cache. */
  metering: { service: MeteringService; limits: LimitsDirectory; store: MeteringStore; alerts: AlertDeliverer };
  /** Stops accepting, drains in-flight requests and streams, flushes usage, closes the database. */
  stop(): Promise<void>;
}

/** The SSRF policy from configuration. */
export function ssrfPolicy(config: Config): SsrfPolicy {
  return {
    allowPrivate: config.SSRF_ALLOW_PRIVATE,
    allowLinkLocal: config.SSRF_ALLOW_LINK_LOCAL,
    allowedHosts: config.SSRF_ALLOWED_HOSTS,
  };
}

/** The master key from config, or (development only) one kept in the data directory. */
export function masterKeyFor(config: Config, logger: Logger): Buffer {
  if (config.masterKey) return config.masterKey;
  const { key, created } = loadOrCreateDevMasterKey(resolve(config.DATA_DIR));
  if (created)
    logger.warn(
      'MASTER_KEY is not set: generated a development key in the data directory (set MASTER_KEY in production)',
    );
  return key;
}

/** The secret box for provider credentials, under the master key. */
export function secretBoxFor(config: Config, logger: Logger): SecretBox {
  return new SecretBox(masterKeyFor(config, logger));
}

/** The composition root: config → database → caches and stores → app → listen. */
export async function startGatehouse(
  config: Config,
  options: {
    logger?: Logger;
    listen?: boolean;
    /** The PII detector; tests replace it (e.g. with one that throws, to prove the shield fails closed). */
    detect?: DetectPii;
    /** Where log lines go (default stdout); tests capture them. */
    logDestination?: DestinationStream;
  } = {},
): Promise<Gatehouse> {
  // Every log line passes through the PII detectors before it is written.
  const logger =
    options.logger ??
    pino(
      {
        level: config.LOG_LEVEL,
        base: { service: 'gatehouse' },
        ...piiRedactingPinoOptions(options.detect ?? detectPii),
      },
      // Asynchronous, buffered writes: a write syscall per line cost ~7 % of the gateway's CPU.
      options.logDestination ?? pino.destination({ dest: 1, sync: false }),
    );
  const db = await Database.open({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    await db.migrate();
  } catch (error) {
    await db.close();
    throw error;
  }
  const masterKey = masterKeyFor(config, logger);
  const secrets = new SecretBox(masterKey);
  const ssrf = ssrfPolicy(config);
  const bootstrap = config.BOOTSTRAP
    ? await bootstrapIfEmpty(db, { secrets, ssrf, ownerEmail: config.BOOTSTRAP_OWNER_EMAIL })
    : null;

  const metrics = new Metrics();
  const keys = new KeyDirectory(db, logger, config.CACHE_REFRESH_MS);
  const catalog = new Catalog(db, secrets, logger, config.CACHE_REFRESH_MS);
  const usage = new UsageWriter(db.pool, logger);
  const privacyPolicies = new PrivacyPolicyCache(db, logger, config.CACHE_REFRESH_MS);
  const redis =
    config.METERING_STORE !== 'memory' && config.REDIS_URL
      ? // Auto-pipelining: the commands of concurrent requests share one socket write per tick.
        new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true })
      : null;
  const store: MeteringStore = redis
    ? new RedisStore(redis, { prefix: config.METERING_REDIS_PREFIX })
    : new MemoryStore();
  const limits = new LimitsDirectory(db, logger, config.CACHE_REFRESH_MS);
  const metering = new MeteringService(store, limits, db, usage, logger, {
    // Longer than any request may take, so only abandoned reservations (a killed process) are reaped.
    reservationTimeoutMs: config.METERING_RESERVATION_TIMEOUT_MS ?? config.UPSTREAM_TIMEOUT_MS + 300_000,
    reapIntervalMs: config.METERING_REAP_INTERVAL_MS,
  });
  const agent = createGuardedAgent(ssrf, {
    keepAliveTimeout: 30_000,
    connections: 256,
    connect: { timeout: config.UPSTREAM_CONNECT_TIMEOUT_MS },
  });
  const gateway: GatewayDeps = {
    keys,
    catalog,
    metering,
    usage,
    http: new HttpTransport(agent, { headersMs: config.UPSTREAM_TIMEOUT_MS, bodyMs: config.UPSTREAM_TIMEOUT_MS }),
    metrics,
    logger,
    durability: config.USAGE_DURABILITY,
    privacy: { shield: new PrivacyShield(options.detect ?? detectPii), policies: privacyPolicies },
  };
  const tokens = new AccessTokens(masterKey);
  const mailer = new OutboxMailer(
    db,
    logger,
    config.SMTP_URL ? new SmtpTransport(config.SMTP_URL, config.MAIL_FROM) : null,
    config.PUBLIC_URL ?? null,
  );
  const alerts = new AlertDeliverer(db, mailer, logger, config.PUBLIC_URL ?? null);
  const api: ApiDeps = {
    db,
    tokens,
    sessions: new SessionService(db, tokens, new LoginLimiter()),
    keys,
    catalog,
    secrets,
    ssrf,
    http: gateway.http,
    mailer,
    privacy: gateway.privacy,
    limits,
    metering,
    gateway,
    secureCookies: config.NODE_ENV !== 'test',
  };
  let ready = true;
  const app = buildApp({ config, db, logger, metrics, gateway, api, isReady: () => ready });
  keys.start();
  catalog.start();
  privacyPolicies.start();
  limits.start();
  metering.start();
  mailer.start();
  alerts.start();

  let url = '';
  if (options.listen !== false) url = await app.listen({ host: config.HOST, port: config.PORT });
  else await app.ready();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      const grace = setTimeout(() => {
        logger.warn('shutdown grace period over: closing the remaining connections');
        app.server.closeAllConnections();
      }, config.SHUTDOWN_GRACE_MS);
      grace.unref();
      await app.close();
      clearTimeout(grace);
      await usage.stop();
      await alerts.stop();
      await mailer.stop();
      await keys.stop().catch((error: unknown) => logger.warn({ err: error }, 'last_used_at flush failed'));
      catalog.stop();
      privacyPolicies.stop();
      limits.stop();
      metering.stop();
      await metering.drain();
      redis?.disconnect();
      await agent.close();
      await db.close();
      logger.flush();
    })());
  return {
    app,
    db,
    url,
    secrets,
    ssrf,
    bootstrap,
    logger,
    metering: { service: metering, limits, store, alerts },
    stop,
  };
}
