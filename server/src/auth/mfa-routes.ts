import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type ApiDeps, type ApiInstance } from '../api/api-types.ts';
import { AppError } from '../errors.ts';
import type { Actor, UserActor } from './actor.ts';
import { LoginLimiter } from './login-limiter.ts';
import {
  mfaDisabler,
  mfaResetter,
  recoveryCodesRegenerator,
  totpConfirmer,
  totpSetupStarter,
  type MfaDeps,
} from './mfa-commands.ts';
import { qrSvg } from './mfa-qr.ts';
import { orgsRequiringMfa, otherActiveOrgs } from './mfa-store.ts';

const code = z.string().trim().min(1).max(16).describe('The current 6-digit code of your authenticator app');
const recoveryCodesOut = z.object({
  recoveryCodes: z
    .array(z.string())
    .describe('One-time recovery codes, shown only now: each signs you in once instead of a code'),
});

/** A person, not an API key: MFA belongs to people. */
function person(actor: Actor | null): UserActor {
  if (actor?.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in person has two-factor authentication.');
  return actor;
}

/** Answers carrying a secret or codes must not be kept by any cache. */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/**
 * Two-factor authentication of the signed-in person (TOTP with recovery codes) and an admin's
 * reset. Wrong codes and passwords count per person and IP like sign-ins do (in-process: with N
 * processes the bound is N times the limit, as for the login limiter).
 */
export function registerMfaRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;
  const mfa: MfaDeps = { secrets: deps.secrets };
  const limiter = new LoginLimiter();

  /** Runs a command that checks a code or password, counting its failures against guessing. */
  async function guessLimited<T>(req: FastifyRequest, actor: UserActor, fn: () => Promise<T>): Promise<T> {
    const key = `mfa:${actor.userId}`;
    const wait = limiter.retryAfter(key, req.ip);
    if (wait > 0)
      throw new AppError('rate_limited', `Too many wrong codes. Try again in ${wait} seconds.`, {
        headers: { 'retry-after': String(wait) },
      });
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError && (error.code === 'mfa_invalid' || error.code === 'invalid_credentials'))
        limiter.fail(key, req.ip);
      throw error;
    }
  }

  api.post(
    '/mfa/totp/setup',
    {
      schema: {
        tags: ['mfa'],
        summary: 'Start setting up an authenticator app: a new secret, its otpauth:// URL and a QR code',
        response: {
          200: z.object({
            secret: z.string().describe('Base32 secret, for typing into the app; never shown again'),
            otpauthUrl: z.string().describe('The otpauth:// URL the QR code holds'),
            qrSvg: z.string().describe('The QR code as a standalone SVG document'),
          }),
        },
      },
    },
    async (req, reply) => {
      const actor = person(req.actor);
      const setup = await db.withOrg(actor.orgId, (tx) => totpSetupStarter(tx, mfa, actor, requestContext(req)));
      noStore(reply);
      return { ...setup, qrSvg: qrSvg(setup.otpauthUrl) };
    },
  );

  api.post(
    '/mfa/totp/confirm',
    {
      schema: {
        tags: ['mfa'],
        summary: 'Turn two-factor authentication on with a first code; returns the recovery codes once',
        body: z.object({ code }),
        response: { 200: recoveryCodesOut },
      },
    },
    async (req, reply) => {
      const actor = person(req.actor);
      const recoveryCodes = await guessLimited(req, actor, () =>
        db.withOrg(actor.orgId, (tx) => totpConfirmer(tx, mfa, actor, req.body.code, requestContext(req))),
      );
      noStore(reply);
      return { recoveryCodes };
    },
  );

  api.post(
    '/mfa/recovery-codes/regenerate',
    {
      schema: {
        tags: ['mfa'],
        summary: 'Replace every recovery code with a new set (needs a current code)',
        body: z.object({ code }),
        response: { 200: recoveryCodesOut },
      },
    },
    async (req, reply) => {
      const actor = person(req.actor);
      const recoveryCodes = await guessLimited(req, actor, () =>
        db.withOrg(actor.orgId, (tx) => recoveryCodesRegenerator(tx, mfa, actor, req.body.code, requestContext(req))),
      );
      noStore(reply);
      return { recoveryCodes };
    },
  );

  api.delete(
    '/mfa/totp',
    {
      schema: {
        tags: ['mfa'],
        summary: 'Turn two-factor authentication off with a current code or your password (409 when required)',
        body: z
          .object({
            code: code.optional(),
            password: z.string().min(1).max(1024).optional().describe('Your password, instead of a code'),
          })
          .refine((b) => (b.code === undefined) !== (b.password === undefined), 'send either code or password'),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = person(req.actor);
      const requiredBy = await db.withSystem((tx) => orgsRequiringMfa(tx, actor.userId));
      await guessLimited(req, actor, () =>
        db.withOrg(actor.orgId, (tx) => mfaDisabler(tx, mfa, actor, req.body, requiredBy, requestContext(req))),
      );
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/people/:userId/mfa/reset',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['people', 'mfa'],
        summary: "Reset a person's two-factor authentication (owners and admins), e.g. after a lost phone",
        params: z.object({ userId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = req.actor!;
      const otherOrgs = await db.withSystem((tx) => otherActiveOrgs(tx, req.params.userId, actor.orgId));
      await db.withOrg(actor.orgId, (tx) => mfaResetter(tx, actor, req.params.userId, otherOrgs, requestContext(req)));
      return reply.code(204).send(null);
    },
  );
}
