import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { AppError } from '../errors.ts';
import { pickLanguage } from '../mail/mail-templates.ts';
import { requestOrigin } from './invitation-routes.ts';
import { MAX_PASSWORD_LENGTH } from './password-strength.ts';
import { passwordResetConfirmer, passwordResetRequester } from './password-resetter.ts';

/** Reset requests allowed per address and per IP in 15 minutes (each request counts). */
const RESET_LIMITS = { perAccount: 3, perIp: 20, windowMs: 15 * 60_000 };

/**
 * Public password reset: request a link by e-mail (always 202, whether or not the address has an
 * account; the work happens after the answer so timing does not tell either), and confirm with
 * the link's token and a new password.
 */
export function registerPasswordResetRoutes(api: ApiInstance, deps: ApiDeps): void {
  const limiter = new LoginLimiter(RESET_LIMITS);

  api.post(
    '/auth/password-reset/request',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password-reset link by e-mail (the answer is the same for unknown addresses)',
        body: z.object({ email: z.string().trim().min(1).max(320).describe('E-mail address of the account') }),
        response: { 202: z.object({ message: z.string() }) },
      },
    },
    async (req, reply) => {
      const email = req.body.email.toLowerCase();
      const wait = limiter.retryAfter(email, req.ip);
      if (wait > 0)
        throw new AppError('rate_limited', `Too many reset requests. Try again in ${wait} seconds.`, {
          headers: { 'retry-after': String(wait) },
        });
      limiter.fail(email, req.ip);
      const accept = req.headers['accept-language'];
      const input = {
        email,
        language: pickLanguage(typeof accept === 'string' ? accept : undefined),
        origin: requestOrigin(req),
      };
      void passwordResetRequester(deps.db, deps.mailer, input).catch((error: unknown) =>
        req.log.error({ err: error }, 'password reset request failed'),
      );
      return reply
        .code(202)
        .send({ message: 'If an account exists for this address, a link to reset its password is on its way.' });
    },
  );

  api.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the reset link; signs the person out everywhere',
        body: z.object({
          token: z.string().min(1).max(200),
          password: z.string().min(1).max(MAX_PASSWORD_LENGTH).describe('12+ characters, hard to guess'),
        }),
        response: { 200: z.object({ revokedSessions: z.number().int() }) },
      },
    },
    async (req) => passwordResetConfirmer(deps.db, req.body, requestContext(req)),
  );
}
