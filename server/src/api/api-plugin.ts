import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerAuditRoutes } from '../audit/audit-routes.ts';
import { registerChatRoutes } from '../chat/chat-routes.ts';
import { resolveActor } from '../auth/actor.ts';
import { authorize, type Action } from '../auth/policy.ts';
import { registerAuthRoutes } from '../auth/auth-routes.ts';
import { assertMfaSettled } from '../auth/mfa-policy.ts';
import { registerMfaRoutes } from '../auth/mfa-routes.ts';
import { AppError, renderApiError } from '../errors.ts';
import { registerKeyRoutes } from '../keys/key-routes.ts';
import { registerBudgetRoutes } from '../metering/budget-routes.ts';
import { registerCreditRoutes } from '../metering/credit-routes.ts';
import { registerRateLimitRoutes } from '../metering/rate-limit-routes.ts';
import { registerUsageRoutes } from '../metering/usage-routes.ts';
import { registerModelRoutes } from '../models/model-routes.ts';
import { registerDepartmentRoutes } from '../orgs/department-routes.ts';
import { registerOrgRoutes } from '../orgs/org-routes.ts';
import { registerProviderRoutes } from '../providers/provider-routes.ts';
import { registerPeopleRoutes } from '../people/people-routes.ts';
import { registerPrivacyRoutes } from '../privacy/privacy-routes.ts';
import { toAppError } from '../gateway/v1-routes.ts';
import type { ApiDeps } from './api-types.ts';
import { translateApiError } from './errors.ts';
import { registerMeRoutes } from './me-routes.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** True for /api routes that need no credential (sign-in, refresh). */
    public?: boolean;
    /**
     * The action a route performs, checked before the body is read or validated, so a wrong role
     * gets 403 whatever it sent. Rules that depend on the target (own key, department subtree)
     * are checked again by the handler.
     */
    action?: Action;
  }
}

/**
 * The workspace and admin API under /api: zod-validated, documented in /openapi.json, every route
 * behind the same actor resolution and policy layer, errors in our shape with the request id.
 */
export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  app.register(
    async (scope) => {
      const api = scope.withTypeProvider<ZodTypeProvider>();
      api.setValidatorCompiler(validatorCompiler);
      api.setSerializerCompiler(serializerCompiler);
      await api.register(cookie);
      api.decorateRequest('actor', null);
      api.addHook('onRequest', async (req) => {
        if (req.routeOptions.config.public || !req.routeOptions.url) return;
        req.actor = await resolveActor(deps, req.headers.authorization, req.ip);
        assertMfaSettled(req.actor, req.routeOptions.url);
        const action = req.routeOptions.config.action;
        if (action) authorize(req.actor, action);
      });
      api.setErrorHandler((error, req, reply) => {
        const appError = translateApiError(error) ?? toAppError(error, req);
        reply.code(appError.status).headers(appError.options.headers ?? {});
        return reply.send(renderApiError(appError, req.id));
      });
      api.setNotFoundHandler((req, reply) =>
        reply
          .code(404)
          .send(renderApiError(new AppError('not_found', `Unknown endpoint ${req.method} ${req.url}.`), req.id)),
      );
      registerAuthRoutes(api, deps);
      registerMeRoutes(api, deps);
      registerOrgRoutes(api, deps);
      registerDepartmentRoutes(api, deps);
      registerKeyRoutes(api, deps);
      registerProviderRoutes(api, deps);
      registerModelRoutes(api, deps);
      registerAuditRoutes(api, deps);
      registerMfaRoutes(api, deps);
      registerPeopleRoutes(api, deps);
      registerPrivacyRoutes(api, deps);
      registerUsageRoutes(api, deps);
      registerBudgetRoutes(api, deps);
      registerRateLimitRoutes(api, deps);
      registerCreditRoutes(api, deps);
      registerChatRoutes(api, deps);
    },
    { prefix: '/api' },
  );
}
