/**
 * Security and audit tests generated from the registered /api routes (issue 5's acceptance):
 * missing scope → 403, another org's resource → 404, exactly one audit event per change, and an
 * OpenAPI document that validates and lists every route. The route list is read from the app
 * itself; the tables below say only how to make a resource or a valid body, or why a route is
 * exempt. A new route without an entry fails with a message naming the table to extend.
 */
import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'drizzle-orm';
import Fastify, { type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApi } from '../src/api/api-plugin.ts';
import type { ApiDeps } from '../src/api/api-types.ts';
import { ACTIONS, reachOf, type Action } from '../src/auth/policy.ts';
import type { Role } from '../src/identity/user-creator.ts';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { eventually, json, type LooseJson } from './usage.ts';

/** One registered /api route, as Fastify saw it. */
interface ApiRoute {
  method: string;
  /** Fastify's path, e.g. `/api/keys/:id/revoke`. */
  url: string;
  action?: Action;
  public: boolean;
}

/**
 * Every /api route with its `config`, collected by registering the API on a bare Fastify with an
 * onRoute hook (registration reads no dependency, so empty deps do).
 */
async function registeredApiRoutes(): Promise<ApiRoute[]> {
  const probe = Fastify();
  const routes: ApiRoute[] = [];
  probe.addHook('onRoute', (r: RouteOptions) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD' || !r.url.startsWith('/api/')) continue;
      routes.push({ method, url: r.url, action: r.config?.action, public: r.config?.public === true });
    }
  });
  registerApi(probe, {} as ApiDeps);
  await probe.ready();
  await probe.close();
  return routes;
}

/**
 * The `METHOD url` of every /api route the running app serves, read from `printRoutes()` (a tree
 * whose nodes hold path fragments), so a route added outside registerApi is noticed too.
 */
function servedApiRoutes(gh: Gatehouse): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of gh.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)[└├]── (.*) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('').replace(/^\/+/, '/');
    if (!url.startsWith('/api/')) continue;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.add(`${method} ${url}`);
  }
  return out;
}

/** Routes that need a second scope on top of their config.action (the handler checks both). */
const ALSO_NEEDS: Record<string, Action[]> = {
  'GET /api/models/export': ['provider.read'],
  'POST /api/models/import': ['provider.manage'],
};

/** Routes no API key may use whatever its scopes, and why (the missing-scope half still applies). */
const PEOPLE_ONLY: Record<string, string> = {
  'POST /api/people/:userId/mfa/reset': 'resetting MFA needs a signed-in owner or admin, never a key (mfaResetter)',
};

/**
 * Non-public routes without a config.action decide in the handler who may call them; keyed by path
 * prefix (any method). `keys` is what an API key gets: `never` (a person's own things; 403 even
 * with every scope), `always` (about the caller itself), or the scopes that let a key in.
 */
const HANDLER_CHECKED: Record<string, { why: string; keys: 'never' | 'always' | Action[] }> = {
  '/api/auth/logout-all': { why: "signs out the person's own sessions", keys: 'never' },
  '/api/me': { why: 'who the caller is and its own quota, for a person or a key alike', keys: 'always' },
  '/api/me/preferences': { why: "a person's own UI language; a key has no preferences", keys: 'never' },
  '/api/mfa': { why: "one's own two-factor settings", keys: 'never' },
  '/api/credits': { why: 'credits.manage or org-wide usage.read, checked in the handler', keys: ['usage.read'] },
  '/api/chat': { why: "a signed-in person's own chat; programs call /v1", keys: 'never' },
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const name = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const params = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const fill = (url: string, values: Record<string, string>) => url.replace(/:(\w+)/g, (_, p: string) => values[p]!);
const THIS_FILE = 'server/test/api-security-generated.test.ts';

/** A tenant the tests act in: an org, its signed-in owner, a mock provider, a priced model and a key. */
interface Tenant {
  orgId: string;
  ownerUserId: string;
  token: string;
  providerId: string;
  modelAlias: string;
  keySecret: string;
}

/** Where a created resource lives, to compare its row before and after a foreign call. */
interface Made {
  params: Record<string, string>;
  table: string;
  column: string;
  id: string;
}

let gh: Gatehouse;
let db: Database;

const ok = async (res: Response, what: string): Promise<LooseJson> => {
  if (res.status >= 300) throw new Error(`${what} → ${res.status} ${await res.text()}`);
  return json(res);
};

async function chatMessage(t: Tenant): Promise<Made> {
  const conv = await ok(await api(gh, 'POST', '/api/chat/conversations', t.token, {}), 'conversation');
  const sent = await api(gh, 'POST', `/api/chat/conversations/${conv.id}/messages`, t.token, {
    content: 'hello',
    model: t.modelAlias,
  });
  await sent.text();
  const full = await ok(await api(gh, 'GET', `/api/chat/conversations/${conv.id}`, t.token), 'conversation');
  const last = (full.messages as Array<{ id: string }>).at(-1)!;
  return { params: { id: conv.id, messageId: last.id }, table: 'messages', column: 'id', id: last.id };
}

/**
 * How to create, in a given org, the tenant resource a path parameter names. Keys are route
 * prefixes; the longest matching prefix wins (so `/api/people/:userId/mfa/reset` uses
 * `/api/people/:userId`).
 */
const RESOURCES: Record<string, (t: Tenant) => Promise<Made>> = {
  '/api/departments/:id': async (t) => {
    const d = await ok(
      await api(gh, 'POST', '/api/departments', t.token, { name: `d-${randomUUID().slice(0, 8)}` }),
      'dept',
    );
    return { params: { id: d.id }, table: 'departments', column: 'id', id: d.id };
  },
  '/api/keys/:id': async (t) => {
    const k = await buildKey(db, t.orgId, t.ownerUserId);
    return { params: { id: k.id }, table: 'api_keys', column: 'id', id: k.id };
  },
  '/api/providers/:id': async (t) => {
    const p = await buildProvider(db, t.orgId);
    return { params: { id: p.id }, table: 'providers', column: 'id', id: p.id };
  },
  '/api/models/:id': async (t) => {
    const m = await buildModel(db, t.orgId, t.providerId);
    return { params: { id: m.id }, table: 'models', column: 'id', id: m.id };
  },
  '/api/people/:userId': async (t) => {
    const m = await buildMember(db, t.orgId, 'member');
    return { params: { userId: m.userId }, table: 'memberships', column: 'user_id', id: m.userId };
  },
  '/api/invitations/:id': async (t) => {
    const i = await ok(
      await api(gh, 'POST', '/api/invitations', t.token, {
        email: `i-${randomUUID().slice(0, 8)}@example.com`,
        role: 'member',
      }),
      'invitation',
    );
    return { params: { id: i.id }, table: 'invitations', column: 'id', id: i.id };
  },
  '/api/usage/:requestId': async (t) => {
    const res = await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.keySecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: t.modelAlias, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await ok(res, 'gateway call');
    const requestId = res.headers.get('x-request-id')!;
    await eventually(
      () => api(gh, 'GET', `/api/usage/${requestId}`, t.token).then((r) => r.status),
      (s) => s === 200,
    );
    return { params: { requestId }, table: 'usage_events', column: 'request_id', id: requestId };
  },
  '/api/budgets/:id': async (t) => {
    const m = await buildMember(db, t.orgId, 'member');
    const body = { scopeType: 'user', scopeId: m.userId, metric: 'requests', period: 'week', limit: 1000 };
    const b = await ok(await api(gh, 'POST', '/api/budgets', t.token, body), 'budget');
    return { params: { id: b.id }, table: 'budgets', column: 'id', id: b.id };
  },
  '/api/rate-limits/:id': async (t) => {
    const m = await buildMember(db, t.orgId, 'member');
    const rl = await ok(
      await api(gh, 'PUT', '/api/rate-limits', t.token, {
        scopeType: 'user',
        scopeId: m.userId,
        requestsPerMinute: 10,
      }),
      'rate limit',
    );
    return { params: { id: rl.id }, table: 'rate_limits', column: 'id', id: rl.id };
  },
  '/api/chat/conversations/:id': async (t) => {
    const c = await ok(await api(gh, 'POST', '/api/chat/conversations', t.token, { title: 'theirs' }), 'conversation');
    return { params: { id: c.id }, table: 'conversations', column: 'id', id: c.id };
  },
  '/api/chat/conversations/:id/messages/:messageId': chatMessage,
};

/** Routes whose path parameter is not a resource inside a tenant, and why. */
const NOT_TENANT_RESOURCES: Record<string, string> = {
  '/api/orgs/:id': 'platform operator route: the parameter is a tenant, and operators act on every tenant',
  '/api/platform/orgs/:orgId': 'platform operator route: the parameter is a tenant, and operators act on every tenant',
};

/**
 * Body fields that name a tenant resource by id, generated from the OpenAPI request bodies (a
 * top-level uuid or uuid-array property): which resource, and what else the body needs so the
 * field is used. Keys are the field name, or `METHOD url field` for a route's own case.
 */
const BODY_REFERENCES: Record<string, { resource: string; with?: Record<string, unknown> }> = {
  providerId: { resource: '/api/providers/:id' },
  parentId: { resource: '/api/departments/:id' },
  departmentId: { resource: '/api/departments/:id' },
  ownerDepartmentId: { resource: '/api/departments/:id' },
  ownerUserId: { resource: '/api/people/:userId' },
  userIds: { resource: '/api/people/:userId' },
  scopeId: { resource: '/api/people/:userId', with: { scopeType: 'user' } },
  'POST /api/people/bulk departmentId': { resource: '/api/departments/:id', with: { action: 'move' } },
};

/** The top-level uuid (or uuid-array) properties of a route's JSON request body in the OpenAPI document. */
function uuidFields(doc: LooseJson, route: ApiRoute): string[] {
  const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
  const schema = op?.requestBody?.content?.['application/json']?.schema;
  const isUuid = (x: LooseJson): boolean =>
    !!x && (x.format === 'uuid' || (x.anyOf ?? []).some(isUuid) || (x.type === 'array' && isUuid(x.items)));
  return Object.entries((schema?.properties ?? {}) as Record<string, LooseJson>)
    .filter(([, v]) => isUuid(v))
    .map(([k]) => k);
}

/** The longest key of `table` that is a segment prefix of `url`. */
function lookup<T>(table: Record<string, T>, url: string): T | undefined {
  const key = Object.keys(table)
    .filter((k) => url === k || url.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : table[key];
}

/** What the audit test needs about one route: a valid call, and the event it must leave. */
interface AuditSpec {
  /** Which org's owner calls (default `a`), or the platform operator. */
  as?: 'owner' | 'platform';
  /** A valid body; gets the route's resource when the route has a parameter. */
  body?: (made: Made | null) => unknown;
  action: string;
  targetType: string;
  /**
   * Expected target: the path parameter (default for routes with one), the caller's org (default
   * otherwise), the caller themself, or the created row (its id must be the response's `id`).
   */
  target?: 'param' | 'org' | 'self' | 'created';
  /** `create`: before null, after set; `delete`: before set, after null; `update`: both set. */
  shape: 'create' | 'update' | 'delete' | 'after';
  /** Body fields whose new value must show in `after` (and differed in `before`). */
  changed?: string[];
  /** Strings sent or returned that must never reach the audit trail. */
  secrets?: string[];
  /** The org whose chain gets the event (default: the caller's org). */
  auditOrg?: (made: Made | null, res: LooseJson) => string;
  /** A resource for routes without a path parameter (e.g. a model to change access for). */
  needs?: string;
  /** Makes the route's resource when the RESOURCES entry would make a call that changes nothing. */
  make?: (t: Tenant) => Promise<Made>;
}

const PROVIDER_SECRET = `sk-audit-${randomUUID()}`;
const ROTATED_SECRET = `sk-rotated-${randomUUID()}`;

/**
 * A minimal valid call for every mutating route that changes org data. Keys are `METHOD url`.
 */
const AUDITED: Record<string, AuditSpec> = {
  'PATCH /api/org': {
    body: () => ({ name: 'Renamed Org' }),
    action: 'org.update',
    targetType: 'org',
    target: 'org',
    shape: 'update',
    changed: ['name'],
  },
  'POST /api/departments': {
    body: () => ({ name: 'Audited' }),
    action: 'department.create',
    targetType: 'department',
    target: 'created',
    shape: 'create',
  },
  'PATCH /api/departments/:id': {
    body: () => ({ name: 'Renamed' }),
    action: 'department.update',
    targetType: 'department',
    shape: 'update',
    changed: ['name'],
  },
  'DELETE /api/departments/:id': { action: 'department.delete', targetType: 'department', shape: 'delete' },
  'POST /api/keys': {
    body: () => ({ name: 'audited key' }),
    action: 'key.create',
    targetType: 'key',
    target: 'created',
    shape: 'create',
  },
  'POST /api/keys/:id/revoke': { action: 'key.revoke', targetType: 'key', shape: 'update' },
  'POST /api/keys/:id/rotate': { body: () => ({}), action: 'key.rotate', targetType: 'key', shape: 'update' },
  'POST /api/providers': {
    body: () => ({ name: `p-${randomUUID().slice(0, 8)}`, kind: 'mock', apiKey: PROVIDER_SECRET }),
    action: 'provider.create',
    targetType: 'provider',
    target: 'created',
    shape: 'create',
    secrets: [PROVIDER_SECRET],
  },
  'PATCH /api/providers/:id': {
    body: () => ({ name: 'renamed-provider' }),
    action: 'provider.update',
    targetType: 'provider',
    shape: 'update',
    changed: ['name'],
  },
  'DELETE /api/providers/:id': { action: 'provider.delete', targetType: 'provider', shape: 'delete' },
  'POST /api/providers/:id/rotate-credential': {
    body: () => ({ apiKey: ROTATED_SECRET }),
    action: 'provider.rotate_credential',
    targetType: 'provider',
    shape: 'update',
    secrets: [ROTATED_SECRET],
  },
  'POST /api/models': {
    needs: '/api/providers/:id',
    body: (p) => ({ alias: `m-${randomUUID().slice(0, 8)}`, upstreamModel: 'mock-1', providerId: p!.id }),
    action: 'model.create',
    targetType: 'model',
    target: 'created',
    shape: 'create',
  },
  'PATCH /api/models/:id': {
    body: () => ({ enabled: false }),
    action: 'model.update',
    targetType: 'model',
    shape: 'update',
    changed: ['enabled'],
  },
  'DELETE /api/models/:id': { action: 'model.delete', targetType: 'model', shape: 'delete' },
  'PUT /api/models/access': {
    needs: '/api/models/:id',
    body: (m) => ({ changes: [{ modelId: m!.id, subjectType: 'role', subject: 'member', allowed: false }] }),
    action: 'model_access.update',
    targetType: 'model',
    target: 'param',
    shape: 'update',
  },
  'POST /api/mfa/totp/setup': { action: 'mfa.totp_setup', targetType: 'user', target: 'self', shape: 'after' },
  'POST /api/people/:userId/mfa/reset': { action: 'mfa.reset', targetType: 'user', shape: 'after' },
  'PATCH /api/people/:userId': {
    body: () => ({ role: 'viewer' }),
    action: 'member.update',
    targetType: 'member',
    shape: 'update',
    changed: ['role'],
  },
  'DELETE /api/people/:userId': { action: 'member.remove', targetType: 'member', shape: 'delete' },
  'POST /api/people/:userId/revoke-sessions': {
    // With no session to end nothing changes and nothing is written, so the person signs in first.
    make: async (t) => {
      const m = await buildMember(db, t.orgId, 'member', null, { withPassword: true });
      await signIn(gh, m.email);
      return { params: { userId: m.userId }, table: 'memberships', column: 'user_id', id: m.userId };
    },
    action: 'member.revoke_sessions',
    targetType: 'member',
    shape: 'after',
  },
  'POST /api/people/bulk': {
    needs: '/api/people/:userId',
    body: (m) => ({ userIds: [m!.id], action: 'disable' }),
    action: 'member.update',
    targetType: 'member',
    target: 'param',
    shape: 'update',
  },
  'POST /api/invitations': {
    body: () => ({ email: `a-${randomUUID().slice(0, 8)}@example.com`, role: 'member' }),
    action: 'invitation.create',
    targetType: 'invitation',
    target: 'created',
    shape: 'create',
  },
  'POST /api/invitations/:id/resend': {
    body: () => ({}),
    action: 'invitation.resend',
    targetType: 'invitation',
    shape: 'after',
  },
  'POST /api/invitations/:id/revoke': { action: 'invitation.revoke', targetType: 'invitation', shape: 'after' },
  'PUT /api/privacy/policy': {
    body: () => ({}),
    action: 'privacy.update',
    targetType: 'org',
    target: 'org',
    shape: 'after',
  },
  'POST /api/budgets': {
    body: () => ({ scopeType: 'org', metric: 'tokens', period: 'month', limit: 5000 }),
    action: 'budget.create',
    targetType: 'budget',
    target: 'created',
    shape: 'create',
  },
  'PATCH /api/budgets/:id': {
    body: () => ({ limit: 7 }),
    action: 'budget.update',
    targetType: 'budget',
    shape: 'update',
    changed: ['limit'],
  },
  'DELETE /api/budgets/:id': { action: 'budget.delete', targetType: 'budget', shape: 'delete' },
  'PUT /api/rate-limits': {
    body: () => ({ scopeType: 'org', requestsPerMinute: 600 }),
    action: 'rate_limit.set',
    targetType: 'rate_limit',
    target: 'created',
    shape: 'create',
  },
  'DELETE /api/rate-limits/:id': { action: 'rate_limit.delete', targetType: 'rate_limit', shape: 'delete' },
  'POST /api/orgs': {
    as: 'platform',
    body: () => ({ slug: `t-${randomUUID().slice(0, 12)}`, name: 'Audited Org' }),
    action: 'org.create',
    targetType: 'org',
    target: 'created',
    shape: 'create',
    auditOrg: (_m, res) => res.id as string,
  },
  'POST /api/orgs/:id/suspend': {
    as: 'platform',
    action: 'org.suspend',
    targetType: 'org',
    shape: 'update',
    auditOrg: (m) => m!.id,
  },
  'POST /api/orgs/:id/reactivate': {
    as: 'platform',
    action: 'org.reactivate',
    targetType: 'org',
    shape: 'update',
    auditOrg: (m) => m!.id,
  },
  'POST /api/platform/orgs/:orgId/credits': {
    as: 'platform',
    body: () => ({ type: 'grant', amountMicros: 1_000_000, reason: 'audit test', idempotencyKey: randomUUID() }),
    action: 'credits.grant',
    targetType: 'credits',
    target: 'created',
    shape: 'after',
    auditOrg: (m) => m!.id,
  },
  'PATCH /api/platform/orgs/:orgId/credits/settings': {
    as: 'platform',
    body: () => ({ enforced: true }),
    action: 'credits.settings',
    targetType: 'org',
    target: 'org',
    // A fresh org has no credit settings yet: before is null.
    shape: 'after',
    changed: ['enforced'],
    auditOrg: (m) => m!.id,
  },
};

/** Mutating routes that are not a change of org data through the API, and why. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/auth/login': 'sign-in: creates a session, not org data',
  'POST /api/auth/refresh': 'session token rotation, not org data',
  'POST /api/auth/logout': "ends the caller's own session",
  'POST /api/auth/logout-all': "ends the caller's own sessions (an admin revoking someone's is audited)",
  'POST /api/auth/password-reset/request': 'public: only sends an e-mail',
  'POST /api/auth/password-reset/confirm':
    'public single-use token flow (audited as user.password_reset; api-people.test.ts)',
  'POST /api/invitations/accept':
    'public token flow: records invitation.accept and member.create, two targets by design (api-people.test.ts)',
  'POST /api/mfa/totp/confirm': 'needs a live TOTP code (audited as mfa.enable; api-mfa.test.ts)',
  'POST /api/mfa/recovery-codes/regenerate': 'needs a live TOTP code (audited; api-mfa.test.ts)',
  'DELETE /api/mfa/totp': 'needs a live TOTP code (audited; api-mfa.test.ts)',
  'POST /api/providers/:id/test': 'a connection probe: changes nothing',
  'POST /api/privacy/preview': 'a preview: changes nothing',
  'POST /api/models/import':
    'bulk: one model.* event per model it changes (api-model-config-access.test.ts), not one per call',
  'PATCH /api/me/preferences': "a person's own UI language, not org configuration",
  'POST /api/chat/conversations': "a person's own chat workspace, not org configuration",
  'PATCH /api/chat/conversations/:id': "a person's own chat workspace, not org configuration",
  'DELETE /api/chat/conversations/:id': "a person's own chat workspace, not org configuration",
  'POST /api/chat/conversations/:id/messages': 'a chat send (metered in usage_events like any gateway call)',
  'POST /api/chat/conversations/:id/regenerate': 'a chat send (metered in usage_events like any gateway call)',
  'POST /api/chat/conversations/:id/messages/:messageId/resend': 'a chat send (metered in usage_events)',
  'PUT /api/chat/conversations/:id/messages/:messageId/feedback': "a person's rating of an answer in their own chat",
  'DELETE /api/chat/conversations/:id/messages/:messageId/feedback': "a person's rating of an answer in their own chat",
};

/**
 * A valid body for a route, so body validation cannot answer before the lookup or the caller
 * check does.
 */
function validBody(route: ApiRoute, made: Made | null): unknown {
  const spec = AUDITED[name(route)];
  if (spec?.body) return spec.body(made);
  const bodies: Record<string, unknown> = {
    'POST /api/mfa/totp/confirm': { code: '123456' },
    'POST /api/mfa/recovery-codes/regenerate': { code: '123456' },
    'DELETE /api/mfa/totp': { code: '123456' },
    'POST /api/providers/:id/test': {},
    'PATCH /api/chat/conversations/:id': { title: 'mine now' },
    'POST /api/chat/conversations/:id/messages': { content: 'hi' },
    'POST /api/chat/conversations/:id/regenerate': {},
    'POST /api/chat/conversations/:id/messages/:messageId/resend': { content: 'hi' },
    'PUT /api/chat/conversations/:id/messages/:messageId/feedback': { rating: 'up' },
  };
  return name(route) in bodies ? bodies[name(route)] : MUTATING.has(route.method) ? {} : undefined;
}

async function buildTenant(): Promise<Tenant> {
  const org = await buildOrg(db);
  const owner = await buildMember(db, org.id, 'owner', null, { withPassword: true });
  const provider = await buildProvider(db, org.id);
  const model = await buildModel(db, org.id, provider.id, { upstreamModel: 'mock-1' });
  const key = await buildKey(db, org.id, owner.userId);
  return {
    orgId: org.id,
    ownerUserId: owner.userId,
    token: (await signIn(gh, owner.email)).token,
    providerId: provider.id,
    modelAlias: model.alias,
    keySecret: key.secret,
  };
}

async function rowOf(made: Made): Promise<unknown> {
  const r = await db.withSystem((tx) =>
    tx.execute(
      sql`select to_jsonb(t) as row from ${sql.identifier(made.table)} t where ${sql.identifier(made.column)} = ${made.id}`,
    ),
  );
  return (r.rows[0] as { row: unknown } | undefined)?.row ?? null;
}

describe('generated from the registered /api routes', () => {
  let routes: ApiRoute[];
  let a: Tenant;
  let b: Tenant;
  let platformToken: string;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    routes = await registeredApiRoutes();
    [a, b] = [await buildTenant(), await buildTenant()];
    const op = await buildMember(db, (await buildOrg(db)).id, 'admin', null, {
      withPassword: true,
      platformAdmin: true,
    });
    platformToken = (await signIn(gh, op.email)).token;
  });
  afterAll(async () => {
    await gh?.stop();
    await db?.close();
  });

  it('finds the routes (a sanity floor, so an empty list cannot pass)', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.filter((r) => r.action).length).toBeGreaterThan(60);
  });

  describe('missing scope → 403, exactly the scope → past authorization', () => {
    it('for every route with a config.action, with keys of the org', async () => {
      const keyFor = new Map<string, string>();
      const key = async (scopes: Action[]) => {
        const id = scopes.join(',');
        if (!keyFor.has(id)) keyFor.set(id, (await buildKey(db, a.orgId, a.ownerUserId, { scopes })).secret);
        return keyFor.get(id)!;
      };
      const failures: string[] = [];
      let passed = 0;
      for (const r of routes.filter((x) => x.action)) {
        const path = fill(r.url, Object.fromEntries(params(r.url).map((p) => [p, randomUUID()])));
        const body = MUTATING.has(r.method) ? {} : undefined;
        const others = ACTIONS.filter((x) => x !== r.action);
        const denied = await api(gh, r.method, path, await key(others), body);
        const code = denied.status === 403 ? (await json(denied)).error.code : await denied.text();
        if (code !== 'insufficient_scope') failures.push(`${name(r)} without "${r.action}" → ${denied.status} ${code}`);
        // Keys never act as platform operators (reachOf), so platform.manage has no passing half.
        if (r.action === 'platform.manage' || PEOPLE_ONLY[name(r)]) continue;
        const scopes = [r.action!, ...(ALSO_NEEDS[name(r)] ?? [])];
        const allowed = await api(gh, r.method, path, await key(scopes), body);
        await allowed.arrayBuffer();
        if ([401, 403].includes(allowed.status))
          failures.push(`${name(r)} with ${scopes.join('+')} → ${allowed.status}`);
        passed++;
      }
      expect(passed).toBeGreaterThan(50);
      expect(failures).toEqual([]);
    });
  });

  describe('wrong role → 403', () => {
    it('for every role and every route with a config.action the role lacks', async () => {
      const failures: string[] = [];
      let covered = 0;
      for (const role of ['admin', 'manager', 'member', 'viewer'] as Role[]) {
        const person = await buildMember(db, a.orgId, role, null, { withPassword: true });
        const token = (await signIn(gh, person.email)).token;
        const actor = { kind: 'user', role, isPlatformAdmin: false } as Parameters<typeof reachOf>[0];
        for (const r of routes.filter((x) => x.action && !reachOf(actor, x.action))) {
          const path = fill(r.url, Object.fromEntries(params(r.url).map((p) => [p, randomUUID()])));
          const res = await api(gh, r.method, path, token, MUTATING.has(r.method) ? {} : undefined);
          const got = `${res.status} ${res.status === 403 ? (await json(res)).error.code : await res.text()}`;
          if (got !== '403 forbidden') failures.push(`${role} ${name(r)} → ${got.slice(0, 160)}`);
          covered++;
        }
      }
      expect(failures).toEqual([]);
      expect(covered).toBeGreaterThan(60);
    });
  });

  describe('routes that check the caller in the handler', () => {
    it('are each listed, and answer API keys as the table says', async () => {
      const all = (
        await buildKey(db, a.orgId, a.ownerUserId, { scopes: ACTIONS.filter((x) => x !== 'platform.manage') })
      ).secret;
      const none = (await buildKey(db, a.orgId, a.ownerUserId, { scopes: [] })).secret;
      const failures: string[] = [];
      let covered = 0;
      for (const r of routes.filter((x) => !x.public && !x.action)) {
        const entry = lookup(HANDLER_CHECKED, r.url);
        if (!entry) {
          failures.push(
            `${name(r)} has no config.action: give it one, or add to HANDLER_CHECKED in ${THIS_FILE} who may call it`,
          );
          continue;
        }
        const path = fill(r.url, Object.fromEntries(params(r.url).map((p) => [p, randomUUID()])));
        const body = validBody(r, null);
        const call = async (secret: string) => {
          const res = await api(gh, r.method, path, secret, body);
          const text = await res.text();
          return `${res.status} ${res.status === 403 ? JSON.parse(text).error.code : ''}`.trim();
        };
        const expectOf = async (secret: string, want: (got: string) => boolean, label: string) => {
          const got = await call(secret);
          if (!want(got)) failures.push(`${name(r)} with ${label} → ${got}`);
        };
        const through = (got: string) => !/^40[13]/.test(got);
        if (entry.keys === 'never') await expectOf(all, (g) => g === '403 forbidden', 'a key with every scope');
        else if (entry.keys === 'always') await expectOf(none, through, 'a key without scopes');
        else {
          await expectOf(none, (g) => g === '403 insufficient_scope', 'a key without scopes');
          const some = (await buildKey(db, a.orgId, a.ownerUserId, { scopes: entry.keys })).secret;
          await expectOf(some, through, `a key with ${entry.keys.join('+')}`);
        }
        covered++;
      }
      expect(failures).toEqual([]);
      expect(covered).toBeGreaterThan(15);
    });
  });

  describe("another org's resource → 404", () => {
    it('every path parameter has a resolver or a documented exemption', () => {
      const missing = routes
        .filter((r) => params(r.url).length && !lookup(RESOURCES, r.url) && !lookup(NOT_TENANT_RESOURCES, r.url))
        .map(
          (r) =>
            `${name(r)}: add to RESOURCES in ${THIS_FILE} how to create its resource in another org, ` +
            `or to NOT_TENANT_RESOURCES why its parameter is not a tenant resource`,
        );
      expect(missing).toEqual([]);
    });

    it("org A's owner gets 404 on org B's resources, and B's rows stay unchanged", async () => {
      const made = new Map<string, Made>();
      const failures: string[] = [];
      let covered = 0;
      for (const r of routes.filter((x) => params(x.url).length && lookup(RESOURCES, x.url))) {
        const make = lookup(RESOURCES, r.url)!;
        const key = Object.keys(RESOURCES).find((k) => RESOURCES[k] === make)!;
        if (!made.has(key)) made.set(key, await make(b));
        const theirs = made.get(key)!;
        const before = await rowOf(theirs);
        expect(before, `${key} made no row`).not.toBeNull();
        const res = await api(gh, r.method, fill(r.url, theirs.params), a.token, validBody(r, theirs));
        const text = await res.text();
        if (res.status !== 404) failures.push(`${name(r)} → ${res.status} ${text.slice(0, 200)}`);
        else if (JSON.parse(text).error?.code !== 'not_found') failures.push(`${name(r)} → 404 ${text.slice(0, 200)}`);
        expect(await rowOf(theirs), `${name(r)} changed org B's row`).toEqual(before);
        covered++;
      }
      expect(failures).toEqual([]);
      expect(covered).toBeGreaterThan(25);
    });
  });

  describe("another org's resource named in a request body: answered as unknown, nothing written", () => {
    it('for every uuid field of every request body', async () => {
      const doc = await json(await fetch(`${gh.url}/openapi.json`));
      const theirs = new Map<string, Made>();
      const failures: string[] = [];
      let covered = 0;
      for (const r of routes.filter((x) => MUTATING.has(x.method) && !x.public)) {
        for (const field of uuidFields(doc, r)) {
          const ref = BODY_REFERENCES[`${name(r)} ${field}`] ?? BODY_REFERENCES[field];
          if (!ref) {
            failures.push(
              `${name(r)} body field ${field}: add to BODY_REFERENCES in ${THIS_FILE} which resource it names`,
            );
            continue;
          }
          if (!theirs.has(ref.resource)) theirs.set(ref.resource, await RESOURCES[ref.resource]!(b));
          const other = theirs.get(ref.resource)!;
          const spec = AUDITED[name(r)];
          const mine = spec?.make
            ? await spec.make(a)
            : params(r.url).length
              ? await lookup(RESOURCES, r.url)!(a)
              : spec?.needs
                ? await RESOURCES[spec.needs]!(a)
                : null;
          const base = (validBody(r, mine) ?? {}) as Record<string, unknown>;
          const path = mine && params(r.url).length ? fill(r.url, mine.params) : r.url;
          // Another org's id must get exactly the answer an id that exists nowhere gets (no oracle).
          const outcome = async (id: string) => {
            const body = { ...base, ...ref.with, [field]: field.endsWith('Ids') ? [id] : id };
            const res = await api(gh, r.method, path, a.token, body);
            const text = await res.text();
            const written = await db.withSystem((tx) =>
              tx.execute(sql`select 1 from audit_events where request_id = ${res.headers.get('x-request-id')}`),
            );
            const code = res.status >= 400 ? (JSON.parse(text) as LooseJson).error.code : text.slice(0, 120);
            return `${res.status} ${code}${written.rows.length ? ' (audited)' : ''}`;
          };
          const foreign = await outcome(other.id);
          const nowhere = await outcome(randomUUID());
          if (!/^40[04] \w+$/.test(foreign) || foreign !== nowhere)
            failures.push(`${name(r)} ${field}: another org's id → ${foreign}; an unknown id → ${nowhere}`);
          covered++;
        }
      }
      // Nested references (e.g. changes[].modelId): the audited call's body, built around B's resource.
      for (const r of routes.filter((x) => AUDITED[name(x)]?.needs)) {
        const spec = AUDITED[name(r)]!;
        const other = await RESOURCES[spec.needs!]!(b);
        const outcome = async (made: Made) => {
          const res = await api(gh, r.method, r.url, a.token, spec.body!(made));
          const text = await res.text();
          const written = await db.withSystem((tx) =>
            tx.execute(sql`select 1 from audit_events where request_id = ${res.headers.get('x-request-id')}`),
          );
          const code = res.status >= 400 ? (JSON.parse(text) as LooseJson).error.code : text.slice(0, 120);
          return `${res.status} ${code}${written.rows.length ? ' (audited)' : ''}`;
        };
        const foreign = await outcome(other);
        const nowhere = await outcome({ ...other, id: randomUUID() });
        if (!/^40[04] \w+$/.test(foreign) || foreign !== nowhere)
          failures.push(`${name(r)} around ${spec.needs}: another org's → ${foreign}; an unknown one → ${nowhere}`);
        covered++;
      }
      expect(failures).toEqual([]);
      expect(covered).toBeGreaterThan(8);
    });
  });

  describe('audit: exactly one event per change', () => {
    it('every mutating route has an audit spec or a documented exemption', () => {
      const missing = routes
        .filter((r) => MUTATING.has(r.method) && !AUDITED[name(r)] && !NOT_AUDITED[name(r)])
        .map(
          (r) =>
            `${name(r)}: add to AUDITED in ${THIS_FILE} a minimal valid call and the event it writes, ` +
            `or to NOT_AUDITED why it changes no org data`,
        );
      expect(missing).toEqual([]);
      const stale = [...Object.keys(AUDITED), ...Object.keys(NOT_AUDITED)].filter(
        (k) => !routes.some((r) => name(r) === k),
      );
      expect(stale, 'table entries for routes that no longer exist').toEqual([]);
    });

    it('a valid call writes exactly one audit event with the right action, target and before/after', async () => {
      const failures: string[] = [];
      for (const r of routes.filter((x) => AUDITED[name(x)])) {
        const spec = AUDITED[name(r)]!;
        const platform = spec.as === 'platform';
        // Platform routes act on a fresh tenant; the rest on a fresh resource of org A.
        let made: Made | null = null;
        if (platform && params(r.url).length) {
          const org = await buildOrg(db);
          if (r.url.endsWith('/reactivate'))
            await ok(await api(gh, 'POST', `/api/orgs/${org.id}/suspend`, platformToken, undefined), 'suspend');
          made = { params: { id: org.id, orgId: org.id }, table: 'organizations', column: 'id', id: org.id };
        } else if (spec.make) made = await spec.make(a);
        else if (params(r.url).length) made = await lookup(RESOURCES, r.url)!(a);
        else if (spec.needs) made = await RESOURCES[spec.needs]!(a);
        const path = made ? fill(r.url, made.params) : r.url;
        const sent = spec.body?.(made);
        const res = await api(gh, r.method, path, platform ? platformToken : a.token, sent);
        const text = await res.text();
        if (res.status >= 300) {
          failures.push(`${name(r)} → ${res.status} ${text.slice(0, 300)}`);
          continue;
        }
        const body = (text ? JSON.parse(text) : null) as LooseJson;
        const requestId = res.headers.get('x-request-id')!;
        const events = (
          await db.withSystem((tx) =>
            tx.execute(
              sql`select org_id, action, target_type, target_id, before, after from audit_events where request_id = ${requestId}`,
            ),
          )
        ).rows as Array<{
          org_id: string;
          action: string;
          target_type: string;
          target_id: string;
          before: LooseJson;
          after: LooseJson;
        }>;
        const problems: string[] = [];
        if (events.length !== 1)
          problems.push(`${events.length} events (${events.map((e) => `${e.action}→${e.target_id}`).join(', ')})`);
        const e = events[0];
        if (e) {
          const wantOrg = spec.auditOrg ? spec.auditOrg(made, body) : a.orgId;
          const created = body?.id === undefined ? null : String(body.id);
          const wantTarget = (spec.target ?? (params(r.url).length ? 'param' : 'org')) as string;
          if (e.org_id !== wantOrg) problems.push(`in org ${e.org_id}, expected ${wantOrg}`);
          if (!/^[a-z_]+\.[a-z_]+$/.test(e.action) || e.action !== spec.action)
            problems.push(`action ${e.action}, expected ${spec.action}`);
          if (e.target_type !== spec.targetType)
            problems.push(`target type ${e.target_type}, expected ${spec.targetType}`);
          if (wantTarget === 'param' && e.target_id !== made!.id)
            problems.push(`target ${e.target_id}, expected ${made!.id}`);
          if (wantTarget === 'org' && e.target_id !== wantOrg) problems.push(`target ${e.target_id}, expected the org`);
          if (wantTarget === 'self' && e.target_id !== a.ownerUserId)
            problems.push(`target ${e.target_id}, expected the caller`);
          if (wantTarget === 'created' && (!e.target_id || e.target_id !== created))
            problems.push(`target ${e.target_id} is not the created resource ${created}`);
          const want = { create: [false, true], update: [true, true], delete: [true, false], after: [null, true] }[
            spec.shape
          ];
          if (want[0] !== null && (e.before !== null) !== want[0]) problems.push(`before ${JSON.stringify(e.before)}`);
          if ((e.after !== null) !== want[1]) problems.push(`after ${JSON.stringify(e.after)}`);
          if (spec.shape === 'update' && JSON.stringify(e.before) === JSON.stringify(e.after))
            problems.push('before equals after');
          for (const f of spec.changed ?? []) {
            const v = (sent as Record<string, unknown>)[f];
            if (JSON.stringify(e.after?.[f]) !== JSON.stringify(v))
              problems.push(`after.${f} = ${JSON.stringify(e.after?.[f])}, sent ${JSON.stringify(v)}`);
            if (JSON.stringify(e.before?.[f]) === JSON.stringify(v))
              problems.push(`before.${f} already ${JSON.stringify(v)}`);
          }
          const trail = JSON.stringify([e.before, e.after]);
          const returnedSecrets = Object.entries((body ?? {}) as Record<string, unknown>)
            .filter(([k, v]) => /secret|token|password/i.test(k) && typeof v === 'string')
            .map(([, v]) => v as string);
          for (const s of [...(spec.secrets ?? []), ...returnedSecrets])
            if (trail.includes(s)) problems.push(`a secret reached the audit trail: ${s.slice(0, 12)}…`);
        }
        if (problems.length) failures.push(`${name(r)}: ${problems.join('; ')}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('OpenAPI', () => {
    it('/openapi.json validates against the OpenAPI 3.1 schema', async () => {
      const doc = await json(await fetch(`${gh.url}/openapi.json`));
      const validator = new Validator();
      const result = await validator.validate(doc);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(validator.version).toBe('3.1');
    });

    it('documents every registered /api route, and nothing that is not registered', async () => {
      const doc = (await json(await fetch(`${gh.url}/openapi.json`))) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = new Set(
        Object.entries(doc.paths)
          .filter(([p]) => p.startsWith('/api/'))
          .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
      );
      const registered = new Set(routes.map(name));
      const served = servedApiRoutes(gh);
      expect(served.size).toBeGreaterThan(80);
      expect(
        [...served].filter((r) => !registered.has(r)),
        'served /api routes outside registerApi',
      ).toEqual([]);
      expect([...registered].filter((r) => !served.has(r))).toEqual([]);
      expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
      expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
    });
  });
});
