import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { auditEvents } from '../db/schema.ts';

/** Where a change came from, for the audit trail. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** What changed: `resource.verb`, the target, and its state before and after (secrets removed). */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
// 'token' but not 'tokens' (tokensPerMinute is a limit, not a credential).
const SECRET_KEY = /(secret|password|token(?!s)|credential|hash|apikey|api_key|private)/i;

/** Removes anything that looks like a secret from audit snapshots, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[removed]' : withoutSecrets(v);
    return out;
  }
  return value;
}

/** JSON with object keys sorted, so a hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fields of an audit event that its hash covers. */
export interface HashedFields {
  orgId: string;
  seq: number;
  createdAt: Date;
  actorType: 'user' | 'key' | 'system';
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** SHA-256 over the previous hash and the event's canonical form: the link of the chain. */
export function auditHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({ ...e, createdAt: e.createdAt.toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends an audit event in the caller's transaction (so the change and its record commit or fail
 * together), linked to the org's previous event. A transaction-level advisory lock per org keeps
 * concurrent writers from forking the chain.
 */
export async function writeAudit(
  tx: Tx,
  orgId: string,
  actor: Actor | null,
  entry: AuditEntry,
  ctx: RequestContext,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${orgId}`}, 0))`);
  const [last] = (
    await tx.execute(sql`select seq, hash from audit_events where org_id = ${orgId} order by seq desc limit 1`)
  ).rows as Array<{ seq: string; hash: string }>;
  const fields: HashedFields = {
    orgId,
    seq: last ? Number(last.seq) + 1 : 1,
    createdAt: new Date(),
    actorType: actor ? actor.kind : 'system',
    actorId: actor ? (actor.kind === 'user' ? actor.userId : actor.keyId) : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before === undefined ? null : withoutSecrets(entry.before),
    after: entry.after === undefined ? null : withoutSecrets(entry.after),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx.insert(auditEvents).values({ ...fields, prevHash, hash: auditHash(prevHash, fields) });
}

/** Result of checking an org's chain. */
export type ChainStatus =
  { intact: true; events: number } | { intact: false; events: number; brokenAtSeq: number; reason: string };

/** Recomputes every link of an org's audit chain; reports the first event that does not match. */
export async function verifyAuditChain(tx: Tx, orgId: string): Promise<ChainStatus> {
  const rows = (
    await tx.execute(sql`
      select seq, created_at, actor_type, actor_id, action, target_type, target_id, before, after, ip,
             user_agent, request_id, prev_hash, hash
        from audit_events where org_id = ${orgId} order by seq`)
  ).rows as Array<Record<string, unknown>>;
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const r of rows) {
    const seq = Number(r.seq);
    if (seq !== expectedSeq)
      return { intact: false, events: rows.length, brokenAtSeq: seq, reason: `sequence gap before ${seq}` };
    if (r.prev_hash !== prev)
      return { intact: false, events: rows.length, brokenAtSeq: seq, reason: 'previous hash does not match' };
    const fields: HashedFields = {
      orgId,
      seq,
      createdAt: new Date(r.created_at as string),
      actorType: r.actor_type as HashedFields['actorType'],
      actorId: (r.actor_id as string | null) ?? null,
      action: r.action as string,
      targetType: (r.target_type as string | null) ?? null,
      targetId: (r.target_id as string | null) ?? null,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: (r.ip as string | null) ?? null,
      userAgent: (r.user_agent as string | null) ?? null,
      requestId: (r.request_id as string | null) ?? null,
    };
    if (auditHash(prev, fields) !== r.hash)
      return { intact: false, events: rows.length, brokenAtSeq: seq, reason: 'event content does not match its hash' };
    prev = r.hash as string;
    expectedSeq++;
  }
  return { intact: true, events: rows.length };
}
