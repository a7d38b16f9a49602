import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Role } from '../identity/user-creator.ts';
import { ChangePoller } from '../lib/change-poller.ts';
import { compileIpRanges, type IpRanges } from '../lib/ip-ranges.ts';
import { hashKeySecret } from '../security/api-key-secret.ts';

/** What the hot path knows about a key: identity, ownership and what it may do. */
export interface KeyRecord {
  id: string;
  orgId: string;
  orgSlug: string;
  orgStatus: 'active' | 'suspended';
  kind: 'virtual' | 'license';
  name: string;
  ownerUserId: string | null;
  /** The department the key's spend belongs to: its own, or its owner's membership department. */
  departmentId: string | null;
  /** The owner's role in the org, for the model access matrix (null for department keys). */
  ownerRole: Role | null;
  /** The owner's own (membership) department, for the model access matrix. */
  memberDepartmentId: string | null;
  /** Aliases this key may call; null = every model of the org. */
  allowedModels: ReadonlySet<string> | null;
  scopes: readonly string[];
  /** Epoch ms, or null for no expiry. */
  expiresAt: number | null;
  revoked: boolean;
  /** False when the owner's membership in the org is disabled. */
  ownerActive: boolean;
  /** The org's allowed client addresses for the gateway; null = any. */
  gatewayRanges: IpRanges;
  /** The org's allowed client addresses for the admin API; null = any. */
  consoleRanges: IpRanges;
}

/** Result of checking a presented secret; failures carry the key when it was identified. */
export type KeyCheck =
  | { ok: true; key: KeyRecord }
  | { ok: false; code: 'invalid_api_key' }
  | { ok: false; code: 'revoked_api_key' | 'expired_api_key' | 'org_suspended' | 'forbidden'; key: KeyRecord };

interface KeyRow {
  id: string;
  org_id: string;
  org_slug: string;
  org_status: 'active' | 'suspended';
  kind: 'virtual' | 'license';
  name: string;
  secret_hash: string;
  owner_user_id: string | null;
  department_id: string | null;
  owner_role: Role | null;
  member_department_id: string | null;
  allowed_models: string[] | null;
  scopes: string[];
  /** Raw query rows carry timestamps as strings (Drizzle leaves them unparsed). */
  expires_at: string | Date | null;
  revoked_at: string | Date | null;
  owner_status: string | null;
  changed_at: string | Date;
  gateway_ranges: unknown;
  console_ranges: unknown;
}

const KEY_SELECT = sql`
  select k.id, k.org_id, o.slug as org_slug, o.status as org_status, k.kind, k.name, k.secret_hash,
         k.owner_user_id, coalesce(k.owner_department_id, m.department_id) as department_id,
         m.role as owner_role, m.department_id as member_department_id,
         k.allowed_models, k.scopes, k.expires_at, k.revoked_at, m.status as owner_status,
         o.settings->'allowedIpRanges'->'gateway' as gateway_ranges,
         o.settings->'allowedIpRanges'->'console' as console_ranges,
         greatest(k.updated_at, o.updated_at, coalesce(m.updated_at, k.updated_at)) as changed_at
    from api_keys k
    join organizations o on o.id = k.org_id
    left join memberships m on m.org_id = k.org_id and m.user_id = k.owner_user_id`;

function toRecord(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    orgSlug: row.org_slug,
    orgStatus: row.org_status,
    kind: row.kind,
    name: row.name,
    ownerUserId: row.owner_user_id,
    departmentId: row.department_id,
    ownerRole: row.owner_role,
    memberDepartmentId: row.member_department_id,
    allowedModels: row.allowed_models ? new Set(row.allowed_models) : null,
    scopes: row.scopes,
    expiresAt: row.expires_at ? new Date(row.expires_at).getTime() : null,
    revoked: row.revoked_at !== null,
    // A person's key works only while they are an active member: removed (no membership) or disabled stops it.
    ownerActive: row.owner_user_id === null || row.owner_status === 'active',
    gatewayRanges: compileIpRanges(row.gateway_ranges),
    consoleRanges: compileIpRanges(row.console_ranges),
  };
}

/** Longest a secret may be; anything longer is rejected before hashing. */
const MAX_SECRET_LENGTH = 256;

/**
 * Authenticates virtual keys without a database round trip when warm: keys are cached by the
 * SHA-256 of their secret, and every process polls for keys, orgs and memberships changed since
 * its last look (every CACHE_REFRESH_MS), so a revoke or a suspension takes effect everywhere
 * within about a second. A cache miss costs one indexed lookup.
 */
export class KeyDirectory {
  private readonly byHash = new Map<string, KeyRecord>();
  private readonly hashById = new Map<string, string>();
  private readonly poller: ChangePoller;
  /** Keys used since the last flush of last_used_at. */
  private readonly used = new Set<string>();
  private lastUsedFlushAt = Date.now();

  constructor(
    private readonly db: Database,
    logger: Logger,
    refreshMs: number,
  ) {
    this.poller = new ChangePoller('key cache', logger, refreshMs, (since) => this.changed(since));
  }

  /** Checks a presented secret. Never throws for a bad secret; database errors propagate. */
  async check(secret: string, now = Date.now()): Promise<KeyCheck> {
    if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return { ok: false, code: 'invalid_api_key' };
    const hash = hashKeySecret(secret);
    let key = this.byHash.get(hash);
    if (!key) {
      key = await this.load(hash);
      if (!key) return { ok: false, code: 'invalid_api_key' };
    }
    if (key.revoked) return { ok: false, code: 'revoked_api_key', key };
    if (key.expiresAt !== null && key.expiresAt <= now) return { ok: false, code: 'expired_api_key', key };
    if (key.orgStatus !== 'active') return { ok: false, code: 'org_suspended', key };
    if (!key.ownerActive) return { ok: false, code: 'forbidden', key };
    this.used.add(key.id);
    return { ok: true, key };
  }

  /** Starts polling for changes; call once at start-up. */
  start(): void {
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.poller.stop();
    await this.flushLastUsed();
  }

  /** Drops cached keys matching `predicate`; they are loaded afresh (or found gone) on next use. */
  private forget(predicate: (key: KeyRecord) => boolean): void {
    for (const [hash, key] of this.byHash) {
      if (predicate(key)) {
        this.byHash.delete(hash);
        this.hashById.delete(key.id);
      }
    }
  }

  /** Forgets every cached key (tests, or after a restore). */
  clear(): void {
    this.byHash.clear();
    this.hashById.clear();
  }

  private async load(hash: string): Promise<KeyRecord | undefined> {
    const rows = await this.db.withSystem(
      async (tx) => (await tx.execute(sql`${KEY_SELECT} where k.secret_hash = ${hash}`)).rows,
    );
    const row = rows[0] as KeyRow | undefined;
    if (!row) return undefined;
    const record = toRecord(row);
    this.byHash.set(hash, record);
    this.hashById.set(record.id, hash);
    return record;
  }

  /** One look for changes now (tests). */
  poll(): Promise<void> {
    return this.poller.poll();
  }

  /** Refreshes cached keys whose key, org or owner membership changed, and drops deleted ones. */
  private async changed(since: Date): Promise<void> {
    if (this.byHash.size > 0) {
      const rows = (await this.db.withSystem(
        async (tx) =>
          (
            await tx.execute(
              sql`${KEY_SELECT} where k.updated_at > ${since} or o.updated_at > ${since} or m.updated_at > ${since}`,
            )
          ).rows,
      )) as unknown as KeyRow[];
      for (const row of rows) {
        if (this.hashById.has(row.id)) this.byHash.set(row.secret_hash, toRecord(row));
      }
      const deleted = (await this.db.withSystem(
        async (tx) =>
          (
            await tx.execute(
              sql`select table_name, row_id, org_id from cache_invalidations
                   where at > ${since} and table_name in ('api_keys', 'organizations', 'memberships')`,
            )
          ).rows,
      )) as unknown as Array<{ table_name: string; row_id: string; org_id: string | null }>;
      for (const d of deleted) {
        if (d.table_name === 'api_keys') this.forget((key) => key.id === d.row_id);
        else this.forget((key) => key.orgId === d.org_id);
      }
    }
    if (Date.now() - this.lastUsedFlushAt > 10_000) await this.flushLastUsed();
  }

  /** Writes last_used_at for keys used since the last flush, in one statement. */
  private async flushLastUsed(): Promise<void> {
    this.lastUsedFlushAt = Date.now();
    if (this.used.size === 0) return;
    const ids = [...this.used];
    this.used.clear();
    // last_used_at is informational: it must not look like a change that invalidates caches.
    await this.db.withSystem(async (tx) => {
      await tx.execute(sql`select set_config('gatehouse.skip_touch', 'on', true)`);
      await tx.execute(
        sql`update api_keys set last_used_at = now() where id = any(string_to_array(${ids.join(',')}, ',')::uuid[])`,
      );
    });
  }
}
