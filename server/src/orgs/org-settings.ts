import { isIP } from 'node:net';
import { z } from 'zod';
import { MFA_REQUIREMENTS } from '../auth/mfa-policy.ts';

/** True for IANA zone names this runtime knows (Europe/Berlin, UTC, …). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IPv4/IPv6 address or CIDR range. */
const cidr = z.string().refine((v) => {
  const [addr, bits, extra] = v.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128);
}, 'not an IP address or CIDR range');

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a hex colour like #1a2b3c');

/** An organization's settings; every field optional on update, validated on the way in. */
export const orgSettingsSchema = z.object({
  timezone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Berlin)').optional(),
  language: z.enum(['en', 'de']).optional().describe('Language of e-mails to people of this organization'),
  weekStartsOn: z.number().int().min(0).max(6).optional().describe('0 = Sunday, 1 = Monday (budget weeks)'),
  defaultPiiRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. DE')
    .optional(),
  allowedIpRanges: z
    .object({ gateway: z.array(cidr).max(100).optional(), console: z.array(cidr).max(100).optional() })
    .optional(),
  branding: z
    .object({
      displayName: z.string().max(100).optional(),
      logoUrl: z.url().max(2000).optional(),
      primaryColor: color.optional(),
      accentColor: color.optional(),
    })
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. EUR')
    .optional()
    .describe('Currency of prices, budgets and credits (default USD); amounts are micro-units of it'),
  unpricedModels: z
    .enum(['refuse', 'allow'])
    .optional()
    .describe("Models without a price: 'refuse' (default) or 'allow' (requests are flagged unpriced, never $0)"),
  credits: z
    .object({
      enforced: z.boolean().describe('Requests need prepaid credits (refused with 402 when the balance is used up)'),
      lowBalanceMicros: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('An alert fires when the balance falls below this many micro-units'),
    })
    .optional(),
  requireMfa: z
    .enum(MFA_REQUIREMENTS)
    .optional()
    .describe("Who must use two-factor authentication: 'none' (default), 'admins' (owners and admins) or 'all'"),
});

/** Stored settings of an org. */
export type OrgSettings = z.infer<typeof orgSettingsSchema>;
