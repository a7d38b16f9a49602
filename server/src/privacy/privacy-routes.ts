import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { AppError } from '../errors.ts';
import { detectPii, PII_TYPES } from './detectors/index.ts';
import { findCustomMatches } from './shield/custom-patterns.ts';
import type { EntitySpan, EntityType } from './shield/entity-types.ts';
import { AllowList } from './shield/identity.ts';
import {
  DEFAULT_PRIVACY_POLICY,
  modeFor,
  privacyModeSchema,
  privacyPolicySchema,
  type PrivacyPolicy,
} from './shield/index.ts';
import { planText } from './shield/pseudonymizer.ts';

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

/**
 * A 400 naming the first problem of a policy by its path (`customPatterns.1.pattern: Invalid
 * regular expression: …`), so the web app can show it at the field; `base` prefixes the path.
 */
function policyError(error: z.ZodError, base?: string): AppError {
  const issue = error.issues[0]!;
  const path = [...(base ? [base] : []), ...issue.path.map(String)].join('.');
  return new AppError('invalid_request', path ? `${path}: ${issue.message}` : issue.message, {
    param: path || undefined,
  });
}

/** A region of a previewed text the policy acts on: its type, the mode applied, UTF-16 offsets (`end` exclusive). */
export interface PreviewFinding {
  type: EntityType;
  mode: 'mask' | 'pseudonymize' | 'block';
  start: number;
  end: number;
}

/**
 * The regions of `text` the shield would act on under `policy`: detector and custom-pattern
 * findings whose mode is not `off` and that the allow-list does not spare, overlapping ones merged
 * (typed by the longest) exactly as the pseudonymizer plans them. Unlike the shield, a blocking
 * finding is listed with the others, so an admin sees what would block and where.
 */
export function previewFindings(text: string, policy: PrivacyPolicy): PreviewFinding[] {
  const active = (type: EntityType) => modeFor(policy, type) !== 'off';
  const spans: EntitySpan[] = detectPii(text, {
    region: policy.region,
    minScore: policy.minScore,
    types: new Set(PII_TYPES.filter(active)),
  });
  for (const custom of policy.customPatterns) {
    const type = `CUSTOM:${custom.name}` as const;
    if (active(type)) spans.push(...findCustomMatches(custom.pattern, custom.flags, type, text));
  }
  // Planned with block read as mask, so blocking findings are merged and kept like the others.
  const plan = planText(text, spans, {
    modeFor: (type) => {
      const mode = modeFor(policy, type);
      return mode === 'block' ? 'mask' : mode;
    },
    allowList: new AllowList(policy.allowList, policy.region),
    region: policy.region,
  });
  if (!plan.ok) return [];
  return plan.replacements.map((r) => ({
    type: r.type,
    mode: modeFor(policy, r.type) as PreviewFinding['mode'],
    start: r.start,
    end: r.end,
  }));
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
      if (!parsed.success) throw policyError(parsed.error);
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
            entities: z
              .array(z.object({ type: z.string(), start: z.number(), end: z.number(), score: z.number() }))
              .describe('Every detector finding, whatever the policy does with it'),
            findings: z
              .array(
                z.object({
                  type: z.string().describe('A detector type, or CUSTOM:<NAME> for a custom pattern'),
                  mode: privacyModeSchema.exclude(['off']),
                  start: z.number().int().describe('UTF-16 offset of the first character'),
                  end: z.number().int().describe('UTF-16 offset after the last character'),
                }),
              )
              .describe('What the policy acts on: findings not off and not allow-listed, overlaps merged'),
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
        if (!parsed.success) throw policyError(parsed.error, 'policy');
        policy = parsed.data;
      } else policy = await storedPolicy(deps, req.actor!.orgId);
      const entities = detectPii(req.body.text, { region: policy.region, minScore: policy.minScore }).map((s) => ({
        type: s.type,
        start: s.start,
        end: s.end,
        score: s.score,
      }));
      const findings = previewFindings(req.body.text, policy);
      const result = privacy.shield.protectChat(
        { model: 'preview', messages: [{ role: 'user', content: req.body.text }] },
        policy,
      );
      if (!result.ok) return { entities, findings, sent: null, blockedTypes: result.blockedTypes, counts: {} };
      const message = result.request.messages[0]!;
      const sent = typeof message.content === 'string' ? message.content : '';
      const counts = Object.fromEntries(
        Object.entries(result.counts).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
      return { entities, findings, sent, blockedTypes: [], counts };
    },
  );
}
