import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { trustProxySetting, type Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError, renderApiError } from './errors.ts';
import type { GatewayDeps } from './gateway/pipeline.ts';
import { registerV1Routes, toAppError } from './gateway/v1-routes.ts';
import type { Metrics } from './observability/metrics.ts';
import { VERSION } from './version.ts';
import { randomId } from './lib/ids.ts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { registerApi } from './api/api-plugin.ts';
import type { ApiDeps } from './api/api-types.ts';
import { registerWebApp } from './web/web-app.ts';

/** Everything the HTTP app needs, built once by main.ts (or a test). */
export interface AppDeps {
  config: Pick<Config, 'BODY_LIMIT_BYTES' | 'NODE_ENV' | 'TRUST_PROXY'>;
  db: Database;
  logger: Logger;
  metrics: Metrics;
  gateway: GatewayDeps;
  api: ApiDeps;
  /** False while draining for shutdown: /ready answers 503 so the load balancer stops sending. */
  isReady: () => boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A client's X-Request-ID when it is sane, else a fresh `req_…` id. */
function requestId(header: string | string[] | undefined): string {
  if (typeof header === 'string' && REQUEST_ID.test(header)) return header;
  return randomId('req_');
}

/** Builds the Fastify app: gateway under /v1, operations endpoints, one error renderer each. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const started = Date.now();
  const trustProxy = trustProxySetting(deps.config.TRUST_PROXY);
  const app = Fastify({
    // Fastify's overloads narrow on this field's type; at run time it takes every form trustProxySetting returns.
    ...(trustProxy === false ? {} : { trustProxy: trustProxy as true }),
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One log line per request, written by our onResponse hook with org, key and user.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    return503OnClosing: true,
    forceCloseConnections: false,
  });

  // Callback-style hooks: they run on every request, and an async hook costs a promise each time.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const call = req.call;
    // Gateway calls are counted by gatehouse_gateway_requests_total; everything else here.
    if (!call) deps.metrics.countHttp(route, reply.statusCode);
    if (!deps.logger.isLevelEnabled('info')) return done();
    req.log.info(
      {
        method: req.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ...(call?.key ? { orgId: call.key.orgId, keyId: call.key.id, userId: call.key.ownerUserId } : {}),
      },
      'request',
    );
    done();
  });

  app.setErrorHandler((error, req, reply) => {
    const appError = toAppError(error, req);
    reply.code(appError.status).headers(appError.options.headers ?? {});
    return reply.send(renderApiError(appError, req.id));
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send(renderApiError(new AppError('not_found', `Unknown endpoint ${req.method} ${req.url}.`), req.id)),
  );

  app.get('/health', async (_req, reply) => {
    const db = await deps.db.ping();
    reply.code(db.ok ? 200 : 503);
    return {
      status: db.ok ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      database: { engine: deps.db.engine, ...db },
      usageBacklog: deps.gateway.usage.backlog,
    };
  });
  app.get('/ready', async (_req, reply) => {
    if (!deps.isReady()) return reply.code(503).send({ ready: false, reason: 'shutting down' });
    const db = await deps.db.ping();
    reply.code(db.ok ? 200 : 503);
    return db.ok ? { ready: true } : { ready: false, reason: 'database unavailable' };
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  // The OpenAPI document is generated from the routes' zod schemas.
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse API',
        version: VERSION,
        description: 'Workspace and admin API (/api) and the gateway (/v1).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerV1Routes(app, deps.gateway);
  registerApi(app, deps.api);
  registerWebApp(app);
  return app;
}
