// The shapes of the /api answers the web app reads (see /openapi.json for the full contract).

/** Allowed admin actions (resource.verb), as GET /api/me lists them. */
export type Action =
  | 'org.read'
  | 'org.update'
  | 'platform.manage'
  | 'department.read'
  | 'department.manage'
  | 'member.read'
  | 'member.manage'
  | 'key.read'
  | 'key.manage'
  | 'provider.read'
  | 'provider.manage'
  | 'model.read'
  | 'model.manage'
  | 'audit.read'
  | 'usage.read'
  | 'budget.manage'
  | 'credits.manage'
  | 'privacy.manage';

/** How far an allowed action reaches. */
export type Reach = 'org' | 'department' | 'own';

/** The answer of sign-in, refresh and invitation accept. */
export interface Session {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; name: string };
  org: { id: string; slug: string; name: string };
}

/** GET /api/me for a signed-in person. */
export interface Me {
  actor:
    | {
        kind: 'user';
        userId: string;
        email: string;
        role: string;
        departmentId: string | null;
        isPlatformAdmin: boolean;
      }
    | { kind: 'key'; keyId: string; scopes: string[] };
  orgId: string;
  abilities: Partial<Record<Action, Reach>>;
  mfa: { enabled: boolean; required: boolean } | null;
  /** The person's saved UI language (null: never chosen, or an API key's session). */
  language?: 'en' | 'de' | null;
}

/** Org branding from settings.branding (colours are #rrggbb). */
export interface Branding {
  displayName?: string;
  logoUrl?: string;
  primaryColor?: string;
  accentColor?: string;
}

/** GET /api/org. */
export interface Org {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  settings: { timezone?: string; language?: 'en' | 'de'; currency?: string; branding?: Branding };
  createdAt: string;
}

/** One budget of GET /api/me/quota; amounts in its metric (cost: micro-units of the currency). */
export interface QuotaBudget {
  budgetId: string;
  scope: string;
  scopeType: 'org' | 'department' | 'user' | 'key';
  metric: 'cost' | 'tokens' | 'requests';
  period: 'day' | 'week' | 'month' | 'total';
  limit: number;
  temporaryIncrease: number;
  used: number;
  reserved: number;
  remaining: number;
  resetsAt: string | null;
}

/** One rate limit of GET /api/me/quota, for the current minute. */
export interface QuotaRate {
  scope: string;
  scopeType: 'org' | 'department' | 'user' | 'key';
  measure: 'requests' | 'tokens';
  perMinute: number;
  remaining: number;
  resetsAt: string;
}

/** GET /api/me/quota. */
export interface Quota {
  currency: string;
  timeZone: string;
  budgets: QuotaBudget[];
  rates: QuotaRate[];
  credits: { creditedMicros: number; consumedMicros: number; heldMicros: number; availableMicros: number } | null;
}

/** Roles of a membership. */
export type Role = 'owner' | 'admin' | 'manager' | 'member' | 'viewer';

/** One person of GET /api/people. */
export interface Person {
  userId: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  status: 'invited' | 'active' | 'disabled';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  joinedAt: string;
}

/** A page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** One department of GET /api/departments. */
export interface Department {
  id: string;
  name: string;
  parentId: string | null;
}
