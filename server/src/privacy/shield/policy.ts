// The per-org privacy policy: what the shield does with each entity type, which values are never
// touched, and the org's own patterns. Parsed with defaults wherever it is read; validated (patterns
// compiled in RE2) when an admin saves it, so a policy that parses is one the gateway can run.
import { z } from 'zod';
import { CUSTOM_PATTERN_LIMITS, customPatternProblem } from './custom-patterns.ts';
import { PII_TYPES, type EntityType, type PrivacyMode } from './entity-types.ts';

const MODES = ['off', 'mask', 'pseudonymize', 'block'] as const satisfies readonly PrivacyMode[];

/** off: send as is · mask: `[EMAIL]`, never restored · pseudonymize: `<EMAIL_1>`, restored in the answer · block: refuse (422). */
export const privacyModeSchema = z.enum(MODES);

const validFlags = (flags: string): boolean => /^[ims]*$/.test(flags) && new Set(flags).size === flags.length;

const customPatternSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'Name must be 1-32 letters, digits or "_", starting with a letter')
      .transform((name) => name.toUpperCase())
      .describe('Shown in placeholders as <CUSTOM_NAME_1>; stored upper-case'),
    pattern: z
      .string()
      .min(1, 'Pattern must not be empty')
      .max(
        CUSTOM_PATTERN_LIMITS.maxPatternLength,
        `Pattern must be at most ${CUSTOM_PATTERN_LIMITS.maxPatternLength} characters`,
      )
      .describe('A regular expression in RE2 syntax (JavaScript-like, without lookaround or backreferences)'),
    flags: z
      .string()
      .refine(validFlags, 'Flags must be distinct letters from "i", "m", "s"')
      .default('')
      .describe('i: ignore case · m: ^ and $ match at line breaks · s: . matches line breaks'),
    mode: privacyModeSchema.optional().describe("Defaults to the policy's default mode"),
  })
  .superRefine((custom, ctx) => {
    if (!validFlags(custom.flags)) return; // reported on `flags` already
    const problem = customPatternProblem(custom.pattern, custom.flags);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

/** The per-org privacy policy; every field has a default, so `{}` is the default policy. */
export const privacyPolicySchema = z
  .object({
    mode: z
      .object({
        default: privacyModeSchema.default('pseudonymize').describe('Mode of every type without an override'),
        byType: z.partialRecord(z.enum(PII_TYPES), privacyModeSchema).default({}).describe('Per-type overrides'),
      })
      .prefault({}),
    minScore: z.number().min(0).max(1).default(0.5).describe('Detector findings scoring below this are ignored'),
    region: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Region must be an ISO 3166-1 alpha-2 code such as "DE"')
      .default('DE')
      .describe('Decides national phone formats and region-specific detectors'),
    customPatterns: z
      .array(customPatternSchema)
      .max(CUSTOM_PATTERN_LIMITS.maxPatterns, `At most ${CUSTOM_PATTERN_LIMITS.maxPatterns} custom patterns`)
      .default([]),
    allowList: z
      .array(z.string().trim().min(1).max(100))
      .max(200, 'At most 200 allow-list entries')
      .default([])
      .describe('Values never masked, e.g. the firm name; compared ignoring case, spaces and phone punctuation'),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.customPatterns.forEach((custom, index) => {
      if (seen.has(custom.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['customPatterns', index, 'name'],
          message: `Duplicate name ${custom.name}`,
        });
      }
      seen.add(custom.name);
    });
  });

/** A parsed policy (defaults filled in). */
export type PrivacyPolicy = z.output<typeof privacyPolicySchema>;

/** A policy as an admin sends it (every field optional). */
export type PrivacyPolicyInput = z.input<typeof privacyPolicySchema>;

/** The policy of an org that never configured one. */
export const DEFAULT_PRIVACY_POLICY: PrivacyPolicy = privacyPolicySchema.parse({});

/** The mode the policy gives `type` (custom patterns: their own mode, else the default). */
export function modeFor(policy: PrivacyPolicy, type: EntityType): PrivacyMode {
  if (type.startsWith('CUSTOM:')) {
    const name = type.slice(7);
    const custom = policy.customPatterns.find((p) => p.name === name);
    return custom?.mode ?? policy.mode.default;
  }
  return policy.mode.byType[type as (typeof PII_TYPES)[number]] ?? policy.mode.default;
}
