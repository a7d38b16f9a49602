import { z } from 'zod';
import { ACTIONS, abilities } from '../auth/policy.ts';
import type { ApiDeps, ApiInstance } from './api-types.ts';

const reach = z.enum(['org', 'department', 'own']);

/** GET /api/me: who is calling and what they may do, so the web app hides what they cannot. */
export function registerMeRoutes(api: ApiInstance, deps: ApiDeps): void {
  api.get(
    '/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in person (or key) and their abilities',
        response: {
          200: z.object({
            actor: z.discriminatedUnion('kind', [
              z.object({
                kind: z.literal('user'),
                userId: z.uuid(),
                email: z.string(),
                role: z.string(),
                departmentId: z.uuid().nullable(),
                isPlatformAdmin: z.boolean(),
              }),
              z.object({ kind: z.literal('key'), keyId: z.uuid(), scopes: z.array(z.string()) }),
            ]),
            orgId: z.uuid(),
            abilities: z.partialRecord(z.enum(ACTIONS), reach).describe('Allowed actions and how far each reaches'),
            mfa: z
              .object({ enabled: z.boolean(), required: z.boolean() })
              .nullable()
              .describe('Two-factor authentication of the person (null for keys); required and off: enrol first'),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return {
        actor:
          actor.kind === 'user'
            ? {
                kind: 'user' as const,
                userId: actor.userId,
                email: actor.email,
                role: actor.role,
                departmentId: actor.departmentId,
                isPlatformAdmin: actor.isPlatformAdmin,
              }
            : { kind: 'key' as const, keyId: actor.keyId, scopes: [...actor.scopes] },
        orgId: actor.orgId,
        abilities: abilities(actor),
        mfa: actor.kind === 'user' ? (actor.mfa ?? { enabled: false, required: false }) : null,
      };
    },
  );

  api.get(
    '/me/quota',
    {
      schema: {
        tags: ['me'],
        summary: 'My usage: the budgets, rate limits and credits that apply to me, with used, remaining and reset time',
        response: { 200: z.unknown() },
      },
    },
    async (req) => {
      const actor = req.actor!;
      return deps.metering.quota(
        actor.kind === 'user'
          ? { orgId: actor.orgId, departmentId: actor.departmentId, userId: actor.userId, keyId: null }
          : { orgId: actor.orgId, departmentId: actor.departmentId, userId: actor.ownerUserId, keyId: actor.keyId },
      );
    },
  );
}
