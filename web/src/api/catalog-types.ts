// The shapes of the /api answers of providers, models, their access matrix and import/export, and
// the privacy policy (see /openapi.json for the full contract).

/** The provider kinds an admin can connect. */
export const PROVIDER_KINDS = ['openai', 'openai-compatible', 'anthropic', 'gemini', 'mock'] as const;
/** One provider kind. */
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A provider of GET /api/providers: the credential only masked, never the secret. */
export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  /** Null = the vendor's default API address. */
  baseUrl: string | null;
  /** The API key masked ("sk-…abcd"); null when none is stored. */
  credential: string | null;
  settings: Record<string, unknown>;
  enabled: boolean;
  /** The default provider of its kind (at most one per kind). */
  isDefault: boolean;
  /** How many model aliases use this provider. */
  models: number;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/providers/:id/test. */
export interface ConnectionTest {
  ok: boolean;
  /** Until the provider answered, in milliseconds. */
  latencyMs: number;
  model: string;
  status?: number;
  error?: { code: string; message: string };
}

/** A model alias of GET /api/models; prices in micro-units of the org currency per million tokens. */
export interface Model {
  id: string;
  alias: string;
  providerId: string;
  provider: { id: string; name: string; kind: ProviderKind };
  upstreamModel: string;
  kind: 'chat' | 'embedding';
  priceInput: number | null;
  priceOutput: number | null;
  priceCachedInput: number | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One list price of GET /api/price-catalog (micro-units of `currency` per million tokens). */
export interface CatalogPrice {
  model: string;
  provider: string;
  input: number | null;
  output: number | null;
  cachedInput: number | null;
}

/** GET /api/price-catalog: the bundled list prices, dated. */
export interface PriceCatalog {
  asOf: string;
  currency: string;
  models: CatalogPrice[];
}

/** The roles a matrix rule can name. */
export type MatrixRole = 'owner' | 'admin' | 'manager' | 'member' | 'viewer';

/** A cell of the access matrix: an explicit allow or deny, or no rule (the default or a parent applies). */
export type AccessCell = 'allowed' | 'denied' | 'default';

/** GET/PUT /api/models/access. */
export interface AccessMatrix {
  modelAccessDefault: 'allow' | 'deny';
  roles: MatrixRole[];
  departments: Array<{ id: string; name: string; parentId: string | null }>;
  models: Array<{
    id: string;
    alias: string;
    enabled: boolean;
    roles: Record<string, AccessCell>;
    /** By department id. */
    departments: Record<string, AccessCell>;
  }>;
}

/** One change of PUT /api/models/access; `allowed: null` removes the rule. */
export interface AccessChange {
  modelId: string;
  subjectType: 'role' | 'department';
  subject: string;
  allowed: boolean | null;
}

/** The answer of POST /api/models/import (what changed, or in a dry run what would). */
export interface ImportResult {
  mode: 'merge' | 'replace';
  dryRun: boolean;
  providers: { created: string[]; updated: string[]; deleted: string[]; unchanged: number };
  models: { created: string[]; updated: string[]; deleted: string[]; unchanged: number };
  access: { rulesChanged: number; modelAccessDefault: { from: 'allow' | 'deny'; to: 'allow' | 'deny' } | null };
  warnings: string[];
}

/** One problem of an import document, named by its JSON path (`models[3].priceInput`). */
export interface ImportProblem {
  path: string;
  problem: string;
}

/** What the privacy policy does with an entity type. */
export const PRIVACY_MODES = ['off', 'mask', 'pseudonymize', 'block'] as const;
/** One privacy mode. */
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

/** The entity types the built-in detectors recognise. */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'IBAN',
  'CREDIT_CARD',
  'IP_ADDRESS',
  'DE_TAX_ID',
  'DE_TAX_NUMBER',
  'PERSON',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'URL_CREDENTIALS',
] as const;
/** One built-in entity type. */
export type PiiType = (typeof PII_TYPES)[number];

/** An org's own pattern: a regular expression in RE2 syntax with flags from "ims". */
export interface CustomPattern {
  name: string;
  pattern: string;
  flags: string;
  mode?: PrivacyMode;
}

/** GET/PUT /api/privacy/policy. */
export interface PrivacyPolicy {
  mode: { default: PrivacyMode; byType: Partial<Record<PiiType, PrivacyMode>> };
  minScore: number;
  region: string;
  customPatterns: CustomPattern[];
  allowList: string[];
}

/** A region of a previewed text the policy acts on (UTF-16 offsets, `end` exclusive). */
export interface PreviewFinding {
  /** A detector type, or CUSTOM:<NAME>. */
  type: string;
  mode: Exclude<PrivacyMode, 'off'>;
  start: number;
  end: number;
}

/** POST /api/privacy/preview. */
export interface PrivacyPreview {
  entities: Array<{ type: string; start: number; end: number; score: number }>;
  findings: PreviewFinding[];
  /** The text as the provider would receive it; null when blocked. */
  sent: string | null;
  blockedTypes: string[];
  counts: Record<string, number>;
}
