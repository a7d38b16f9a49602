import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type ApiDeps, type ApiInstance } from '../api/api-types.ts';
import { AppError } from '../errors.ts';
import { mfaSignInCheck } from './mfa-sign-in.ts';
import type { IssuedSession } from './session-service.ts';

/** The refresh cookie: httpOnly, SameSite=Strict, only sent to the auth endpoints. */
export const REFRESH_COOKIE = 'gh_refresh';

const sessionResponse = z.object({
  accessToken: z.string().describe('Bearer token for /api requests; expires after expiresIn seconds'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  org: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
});

function present(session: IssuedSession) {
  return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user, org: session.org };
}

function setRefreshCookie(reply: FastifyReply, session: IssuedSession, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/api/auth',
    expires: session.refreshExpiresAt,
  });
}

/**
 * Cookie-authenticated endpoints accept only JSON POSTs from our own origin: a cross-site form can
 * neither send application/json nor fake the Origin header.
 */
function assertSameOriginJson(req: FastifyRequest): void {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    throw new AppError('unsupported_media_type', 'Send this request with Content-Type: application/json.');
  const origin = req.headers.origin;
  if (origin) {
    const host = req.headers.host;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host)
      throw new AppError('forbidden', 'Cross-origin requests may not use the session cookie.');
  }
}

const userAgent = (req: FastifyRequest) =>
  typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : null;

/** Sign-in, refresh, sign-out and "sign out everywhere". */
export function registerAuthRoutes(api: ApiInstance, deps: ApiDeps): void {
  api.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password (plus a second factor when MFA is on)',
        body: z.object({
          email: z.string().min(1).max(320).describe('E-mail address'),
          password: z.string().min(1).max(1024),
          org: z
            .string()
            .max(63)
            .optional()
            .describe('Slug of the organization to sign in to (default: the first one)'),
          totp: z
            .string()
            .max(16)
            .optional()
            .describe('The 6-digit code of your authenticator app, when the answer was 401 mfa_required'),
          recoveryCode: z
            .string()
            .max(64)
            .optional()
            .describe('Or one of your one-time recovery codes instead of the authenticator code'),
        }),
        response: { 200: sessionResponse },
      },
    },
    async (req, reply) => {
      const session = await deps.sessions.login(
        { ...req.body, ip: req.ip, userAgent: userAgent(req) },
        mfaSignInCheck(deps, requestContext(req)),
      );
      setRefreshCookie(reply, session, deps.secureCookies);
      return present(session);
    },
  );

  api.post(
    '/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange the refresh cookie for a new access token (rotates the cookie)',
        response: { 200: sessionResponse },
      },
    },
    async (req, reply) => {
      assertSameOriginJson(req);
      const token = req.cookies[REFRESH_COOKIE];
      if (!token) throw new AppError('missing_credentials', 'No session cookie: sign in again.');
      try {
        const session = await deps.sessions.refresh(token, { ip: req.ip, userAgent: userAgent(req) });
        setRefreshCookie(reply, session, deps.secureCookies);
        return present(session);
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
        throw error;
      }
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null() } },
    },
    async (req, reply) => {
      assertSameOriginJson(req);
      const token = req.cookies[REFRESH_COOKIE];
      if (token) await deps.sessions.logout(token);
      reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/auth/logout-all',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out every session of the signed-in person',
        response: { 200: z.object({ revokedSessions: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      if (actor.kind !== 'user')
        throw new AppError('forbidden', 'Only a signed-in person can sign out their sessions.');
      const revokedSessions = await deps.sessions.revokeAll(actor.userId);
      reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
      return { revokedSessions };
    },
  );
}
