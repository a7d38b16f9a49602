import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, UserActor } from '../auth/actor.ts';
import { ACTIONS, abilities } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { ApiDeps, ApiInstance } from './api-types.ts';

const reach = z.enum(['org', 'department', 'own']);

/** The UI languages a person can choose. */
const uiLanguage = z.enum(['en', 'de']);

/** The saved UI language of a person (null: never chosen). */
async function savedLanguage(tx: Tx, userId: string): Promise<'en' | 'de' | null> {
  const [row] = (await tx.execute(sql`select language from users where id = ${userId}`)).rows as Array<{
    language: 'en' | 'de' | null;
  }>;
  return row?.language ?? null;
}

/** Preferences belong to a person; a program using a key has none. */
function personOnly(actor: Actor): UserActor {
  if (actor.kind !== 'user')
    throw new AppError('forbidden', 'Preferences belong to a signed-in person; an API key has none.');
  return actor;
}

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
            language: uiLanguage
              .nullable()
              .describe(
                'The UI language the person chose (saved with PATCH /api/me/preferences); null: not chosen, or a key',
              ),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.actor!;
      const language =
        actor.kind === 'user' ? await deps.db.withOrg(actor.orgId, (tx) => savedLanguage(tx, actor.userId)) : null;
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
        language,
      };
    },
  );

  api.patch(
    '/me/preferences',
    {
      schema: {
        tags: ['me'],
        summary: "Save the signed-in person's own preferences (their UI language, in every org and on every device)",
        body: z.object({
          language: uiLanguage
            .nullable()
            .optional()
            .describe('The web app shows itself and sends mails in this language; null forgets the choice'),
        }),
        response: { 200: z.object({ language: uiLanguage.nullable() }) },
      },
    },
    async (req) => {
      const actor = personOnly(req.actor!);
      const language = await deps.db.withOrg(actor.orgId, async (tx) => {
        if (req.body.language !== undefined)
          await tx.execute(sql`update users set language = ${req.body.language} where id = ${actor.userId}`);
        return savedLanguage(tx, actor.userId);
      });
      return { language };
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
