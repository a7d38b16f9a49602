import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

// Every tenant-owned table has org_id, RLS ENABLE + FORCE and the tenant policy (see the custom
// SQL migration). Money is integer micro-units (1 USD = 1 000 000); prices are micro-units per
// million tokens. Timestamps are timestamptz.

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A tenant: a client organization. Suspended orgs are refused everywhere. */
export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  /** timezone, privacy policy, allowed IPs, branding — validated by the settings schema. */
  settings: jsonb('settings').notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A global identity; belongs to organizations through memberships. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    /** argon2id PHC string; null until the person has set a password (invited). */
    passwordHash: text('password_hash'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    /** TOTP secret, AES-256-GCM encrypted under the master key. */
    mfaSecretEnc: text('mfa_secret_enc'),
    mfaEnabledAt: timestamp('mfa_enabled_at', { withTimezone: true }),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** The person's UI language, saved from the web app; null = not chosen (the device decides). */
    language: text('language', { enum: ['en', 'de'] }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)],
);

/** A tree of departments per org; a request must pass its department and every ancestor. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => departments.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('departments_org_idx').on(t.orgId),
    uniqueIndex('departments_sibling_name_idx').on(
      t.orgId,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`lower(${t.name})`,
    ),
  ],
);

/** A user's place in an org: role, department, status. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'member', 'viewer'] }).notNull(),
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['invited', 'active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('memberships_org_user_idx').on(t.orgId, t.userId), index('memberships_user_idx').on(t.userId)],
);

/** Refresh-token families of signed-in people; reuse of a rotated token revokes the family. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The org the session acts in (a person may belong to several). */
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    /** SHA-256 (hex) of the refresh token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_family_idx').on(t.familyId)],
);

/** Virtual API keys and license keys. Only the SHA-256 of the secret is stored. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['virtual', 'license'] })
      .notNull()
      .default('virtual'),
    name: text('name').notNull(),
    /** The first characters of the secret, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 (hex) of the whole secret. */
    secretHash: text('secret_hash').notNull().unique(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerDepartmentId: uuid('owner_department_id').references(() => departments.id, { onDelete: 'set null' }),
    /** Model aliases this key may call; null means every model the org offers. */
    allowedModels: text('allowed_models').array(),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('api_keys_org_idx').on(t.orgId),
    index('api_keys_updated_idx').on(t.updatedAt),
    check('api_keys_owner_check', sql`${t.ownerUserId} is not null or ${t.ownerDepartmentId} is not null`),
  ],
);

/** An upstream LLM provider account of an org. Credentials are AES-256-GCM encrypted. */
export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['openai', 'openai-compatible', 'anthropic', 'gemini', 'mock'] }).notNull(),
    baseUrl: text('base_url'),
    /** `v1.<iv>.<tag>.<ciphertext>` (base64url) of the API key; null for keyless providers. */
    credentialsEnc: text('credentials_enc'),
    /** Adapter options (extra headers, API version, mock pacing), validated per kind. */
    settings: jsonb('settings').notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    /** The org's default provider of its kind (at most one per kind). */
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('providers_org_name_idx').on(t.orgId, sql`lower(${t.name})`),
    uniqueIndex('providers_default_per_kind_idx')
      .on(t.orgId, t.kind)
      .where(sql`${t.isDefault}`),
    index('providers_updated_idx').on(t.updatedAt),
  ],
);

/** A public model alias of an org → provider + upstream model, with prices and limits. */
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'restrict' }),
    upstreamModel: text('upstream_model').notNull(),
    kind: text('kind', { enum: ['chat', 'embedding'] })
      .notNull()
      .default('chat'),
    /** Micro-units per million input tokens; null = unpriced (never silently free). */
    priceInput: bigint('price_input', { mode: 'number' }),
    priceOutput: bigint('price_output', { mode: 'number' }),
    priceCachedInput: bigint('price_cached_input', { mode: 'number' }),
    contextWindow: integer('context_window'),
    maxOutputTokens: integer('max_output_tokens'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('models_org_alias_idx').on(t.orgId, t.alias), index('models_updated_idx').on(t.updatedAt)],
);

/** One row per gateway request, append-only (a trigger refuses UPDATE and DELETE). */
export const usageEvents = pgTable(
  'usage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    requestId: text('request_id').notNull(),
    createdAt: createdAt(),
    endpoint: text('endpoint').notNull(),
    departmentId: uuid('department_id'),
    userId: uuid('user_id'),
    keyId: uuid('key_id'),
    modelAlias: text('model_alias'),
    providerId: uuid('provider_id'),
    providerKind: text('provider_kind'),
    upstreamModel: text('upstream_model'),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    tokensCached: integer('tokens_cached').notNull().default(0),
    /** Micro-units; null when the model is unpriced (pricing = 'unpriced'). */
    costMicros: bigint('cost_micros', { mode: 'number' }),
    pricing: text('pricing', { enum: ['priced', 'unpriced'] }).notNull(),
    /** Prices used for cost, so a later price change does not rewrite history. */
    priceSnapshot: jsonb('price_snapshot'),
    /** 'provider' when the provider reported usage, 'estimated' when counted locally. */
    usageSource: text('usage_source', { enum: ['provider', 'estimated', 'none'] }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
    ttftMs: integer('ttft_ms'),
    status: integer('status').notNull(),
    errorCode: text('error_code'),
    stream: boolean('stream').notNull().default(false),
    /** True when the client went away before the answer was complete. */
    clientAborted: boolean('client_aborted').notNull().default(false),
    /** How many values of each personal-data type the privacy shield replaced (never the values). */
    privacyCounts: jsonb('privacy_counts'),
    /**
     * The metering reservation the request held, when limits applied: the reaper settles an abandoned
     * reservation from its event (or writes one at the estimate), so counters and ledger agree.
     */
    reservationId: text('reservation_id'),
  },
  (t) => [
    // (…, created_at, id) serves the usage listing's keyset order (newest first) without a sort.
    index('usage_events_org_time_idx').on(t.orgId, t.createdAt, t.id),
    index('usage_events_key_time_idx').on(t.keyId, t.createdAt, t.id),
    index('usage_events_user_time_idx').on(t.orgId, t.userId, t.createdAt, t.id),
    index('usage_events_request_idx').on(t.requestId),
    uniqueIndex('usage_events_reservation_idx')
      .on(t.orgId, t.reservationId)
      .where(sql`${t.reservationId} is not null`),
  ],
);

/** Hash-chained, append-only audit trail per org (written in the transaction of the change). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
    actorType: text('actor_type', { enum: ['user', 'key', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_events_org_seq_idx').on(t.orgId, t.seq)],
);

/** A pending invitation to an org: single-use token (only its SHA-256 stored) with an expiry. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'member', 'viewer'] }).notNull(),
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org_idx').on(t.orgId), index('invitations_email_idx').on(sql`lower(${t.email})`)],
);

/** A password-reset request: single-use token (only its SHA-256 stored) with an expiry. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** One-time MFA recovery codes (SHA-256 of each code). */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

/**
 * Outgoing e-mail (invitations, password resets). Sent over SMTP when configured; otherwise it
 * stays here for the console to show. A system table: written and read through the system door.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'kept'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_status_idx').on(t.status, t.createdAt),
    index('mail_outbox_org_idx').on(t.orgId, t.createdAt),
  ],
);

/**
 * The model access matrix: whether a role or a department may use a model. Absent rows fall back
 * to the org's default policy for new models (settings.modelAccessDefault).
 */
export const modelAccess = pgTable(
  'model_access',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type', { enum: ['role', 'department'] }).notNull(),
    /** A role name, or a department id. */
    subject: text('subject').notNull(),
    allowed: boolean('allowed').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('model_access_subject_idx').on(t.orgId, t.modelId, t.subjectType, t.subject)],
);

const SCOPE_TYPES = ['org', 'department', 'user', 'key'] as const;

/**
 * A spending limit on one scope (the org, a department and its subtree, a person, a key): a metric,
 * a calendar period in the org's timezone, a hard limit, alert thresholds, and an optional temporary
 * increase that lapses at its expiry. Cost limits are micro-units.
 */
export const budgets = pgTable(
  'budgets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    scopeType: text('scope_type', { enum: SCOPE_TYPES }).notNull(),
    /** Department, user or key id; null for the org scope. */
    scopeId: uuid('scope_id'),
    metric: text('metric', { enum: ['cost', 'tokens', 'requests'] }).notNull(),
    period: text('period', { enum: ['day', 'week', 'month', 'total'] }).notNull(),
    limitAmount: bigint('limit_amount', { mode: 'number' }).notNull(),
    /** Percentages of the limit at which an alert fires, once per period each. */
    alertThresholds: integer('alert_thresholds')
      .array()
      .notNull()
      .default(sql`'{50,80,95}'::integer[]`),
    /** A temporary increase on top of the limit, valid until increaseExpiresAt. */
    increaseAmount: bigint('increase_amount', { mode: 'number' }),
    increaseExpiresAt: timestamp('increase_expires_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('budgets_org_idx').on(t.orgId),
    index('budgets_updated_idx').on(t.updatedAt),
    check('budgets_scope_check', sql`(${t.scopeType} = 'org') = (${t.scopeId} is null)`),
    check('budgets_limit_check', sql`${t.limitAmount} >= 0 and coalesce(${t.increaseAmount}, 0) >= 0`),
  ],
);

/** Requests and tokens per minute on one scope; null = no limit on that measure. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    scopeType: text('scope_type', { enum: SCOPE_TYPES }).notNull(),
    scopeId: uuid('scope_id'),
    requestsPerMinute: integer('requests_per_minute'),
    tokensPerMinute: integer('tokens_per_minute'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('rate_limits_scope_idx').on(
      t.orgId,
      t.scopeType,
      sql`coalesce(${t.scopeId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('rate_limits_updated_idx').on(t.updatedAt),
    check('rate_limits_scope_check', sql`(${t.scopeType} = 'org') = (${t.scopeId} is null)`),
  ],
);

/**
 * The prepaid credit ledger of an org, append-only: the balance is the sum of `amount_micros`
 * (positive adds, negative consumes). Every entry has an idempotency key unique in its org, so a
 * retried grant or a settle written twice counts once. Manual entries carry an actor and reason.
 */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    entryType: text('entry_type', {
      enum: ['purchase', 'grant', 'reserve', 'settle', 'release', 'refund', 'adjustment'],
    }).notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    requestId: text('request_id'),
    actorUserId: uuid('actor_user_id'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('credit_ledger_idempotency_idx').on(t.orgId, t.idempotencyKey),
    index('credit_ledger_org_time_idx').on(t.orgId, t.createdAt),
  ],
);

/**
 * Usage rollups, maintained in the transaction that writes the usage events: per hour (UTC) and
 * per local day of the org, × department, user, key and model. Summaries read these, never raw events.
 */
export const usageRollups = pgTable(
  'usage_rollups',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    grain: text('grain', { enum: ['hour', 'day'] }).notNull(),
    /** The hour's first instant (UTC), or the local day's date at 00:00 UTC for grain 'day'. */
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    departmentId: uuid('department_id'),
    userId: uuid('user_id'),
    keyId: uuid('key_id'),
    modelAlias: text('model_alias').notNull().default(''),
    requests: bigint('requests', { mode: 'number' }).notNull().default(0),
    errors: bigint('errors', { mode: 'number' }).notNull().default(0),
    tokensIn: bigint('tokens_in', { mode: 'number' }).notNull().default(0),
    tokensOut: bigint('tokens_out', { mode: 'number' }).notNull().default(0),
    tokensCached: bigint('tokens_cached', { mode: 'number' }).notNull().default(0),
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull().default(0),
    unpricedRequests: bigint('unpriced_requests', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('usage_rollups_key_idx').on(
      t.orgId,
      t.grain,
      t.bucket,
      sql`coalesce(${t.departmentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.userId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.keyId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.modelAlias,
    ),
  ],
);

/**
 * Durable alert outbox of metering: a budget threshold crossed (once per budget, period and
 * threshold) or a low credit balance. Delivery (mail, webhooks) reads from here.
 */
export const meteringAlerts = pgTable(
  'metering_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['budget_threshold', 'low_balance'] }).notNull(),
    /** What makes it fire once: 'b:<budgetId>:<periodKey>:<threshold>' or 'credits:<day>'. */
    dedupeKey: text('dedupe_key').notNull(),
    budgetId: uuid('budget_id').references(() => budgets.id, { onDelete: 'set null' }),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('metering_alerts_dedupe_idx').on(t.orgId, t.dedupeKey),
    index('metering_alerts_pending_idx').on(t.deliveredAt, t.createdAt),
  ],
);

/**
 * A person's web chat conversation. Private to its owner (policy in code: another person's or
 * org's conversation is a 404); deleting it deletes its messages and feedback.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull().default(''),
    /** The model alias the next message goes to (the picker's choice). */
    modelAlias: text('model_alias'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('conversations_owner_idx').on(t.orgId, t.userId, t.updatedAt)],
);

/**
 * One message of a conversation. Assistant answers carry the model, the gateway request id (the
 * usage event's), how they ended (complete, stopped by the person, or refused/failed with the
 * error) and their tokens. `seq` orders messages within a conversation.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant', 'system'] }).notNull(),
    content: text('content').notNull(),
    modelAlias: text('model_alias'),
    requestId: text('request_id'),
    status: text('status', { enum: ['complete', 'stopped', 'error'] })
      .notNull()
      .default('complete'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    tokensIn: integer('tokens_in'),
    tokensOut: integer('tokens_out'),
    createdAt: createdAt(),
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.seq)],
);

/** A person's thumbs up or down on an assistant answer, kept with the model and request id. */
export const messageFeedback = pgTable(
  'message_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: text('rating', { enum: ['up', 'down'] }).notNull(),
    reason: text('reason'),
    modelAlias: text('model_alias'),
    requestId: text('request_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('message_feedback_message_idx').on(t.messageId),
    index('message_feedback_org_idx').on(t.orgId, t.createdAt),
  ],
);
