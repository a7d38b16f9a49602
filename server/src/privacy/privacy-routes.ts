import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { AppError } from '../errors.ts';
import { detectPii } from './detectors/index.ts';
import { DEFAULT_PRIVACY_POLICY, privacyPolicySchema, type PrivacyPolicy } from './shield/index.ts';

const policyOut = z
  .unknown()
  .describe('The privacy policy (modes per entity type, threshold, custom patterns, allow-list)');

async function storedPolicy(deps: ApiDeps, orgId: string): Promise<PrivacyPolicy> {
  const [row] = (await deps.db.withOrg(
    orgId,
    async (tx) => (await tx.execute(sql`select settings->'privacy' as privacy from organizations`)).rows,
  )) as Array<{ privacy: unknown }>;
  if (!row?.privacy) return DEFAULT_PRIVACY_POLICY;
  return privacyPolicySchema.parse(row.privacy);
}

/** The org's privacy policy and a "try it" preview of what the shield would do to a text. */
export function registerPrivacyRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { privacy } = deps;
  api.get(
    '/privacy/policy',
    {
      config: { action: 'org.read' },
      schema: { tags: ['privacy'], summary: "The organization's privacy policy", response: { 200: policyOut } },
    },
    async (req) => storedPolicy(deps, req.actor!.orgId),
  );

  api.put(
    '/privacy/policy',
    {
      config: { action: 'privacy.manage' },
      schema: {
        tags: ['privacy'],
        summary: 'Replace the privacy policy (custom patterns are compiled and checked before saving)',
        body: z.unknown(),
        response: { 200: policyOut },
      },
    },
    async (req) => {
      const parsed = privacyPolicySchema.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const path = issue.path.map(String).join('.');
        throw new AppError('invalid_request', path ? `${path}: ${issue.message}` : issue.message, {
          param: path || undefined,
        });
      }
      const orgId = req.actor!.orgId;
      const before = await storedPolicy(deps, orgId);
      await deps.db.withOrg(orgId, async (tx) => {
        await tx.execute(
          sql`update organizations set settings = jsonb_set(settings, '{privacy}', ${JSON.stringify(parsed.data)}::jsonb)`,
        );
        await writeAudit(
          tx,
          orgId,
          req.actor,
          { action: 'privacy.update', targetType: 'org', targetId: orgId, before, after: parsed.data },
          requestContext(req),
        );
      });
      privacy.policies.invalidate(orgId);
      return parsed.data;
    },
  );

  api.post(
    '/privacy/preview',
    {
      config: { action: 'privacy.manage' },
      schema: {
        tags: ['privacy'],
        summary: 'Show what the shield would find and send for a pasted text (nothing is stored or sent)',
        body: z.object({
          text: z.string().max(100_000),
          policy: z.unknown().optional().describe('A policy to try instead of the saved one'),
        }),
        response: {
          200: z.object({
            entities: z.array(z.object({ type: z.string(), start: z.number(), end: z.number(), score: z.number() })),
            sent: z.string().nullable().describe('The text as the provider would receive it; null when blocked'),
            blockedTypes: z.array(z.string()),
            counts: z.record(z.string(), z.number()),
          }),
        },
      },
    },
    async (req) => {
      let policy: PrivacyPolicy;
      if (req.body.policy !== undefined) {
        const parsed = privacyPolicySchema.safeParse(req.body.policy);
        if (!parsed.success) throw new AppError('invalid_request', `policy: ${parsed.error.issues[0]!.message}`);
        policy = parsed.data;
      } else policy = await storedPolicy(deps, req.actor!.orgId);
      const entities = detectPii(req.body.text, { region: policy.region, minScore: policy.minScore }).map((s) => ({
        type: s.type,
        start: s.start,
        end: s.end,
        score: s.score,
      }));
      const result = privacy.shield.protectChat(
        { model: 'preview', messages: [{ role: 'user', content: req.body.text }] },
        policy,
      );
      if (!result.ok) return { entities, sent: null, blockedTypes: result.blockedTypes, counts: {} };
      const message = result.request.messages[0]!;
      const sent = typeof message.content === 'string' ? message.content : '';
      const counts = Object.fromEntries(
        Object.entries(result.counts).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
      return { entities, sent, blockedTypes: [], counts };
    },
  );
}
