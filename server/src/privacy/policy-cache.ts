import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { OrgCache } from '../lib/org-cache.ts';
import { DEFAULT_PRIVACY_POLICY, privacyPolicySchema, type PrivacyPolicy } from './shield/index.ts';

/**
 * Each org's privacy policy for the hot path (organizations.settings.privacy), cached per org and
 * dropped when the org row changes (polled like the key and model caches), so a policy change
 * reaches every process within a second. A stored policy that no longer validates fails closed:
 * the request is refused rather than sent unscanned.
 */
export class PrivacyPolicyCache {
  private readonly cache: OrgCache<PrivacyPolicy>;

  constructor(
    private readonly db: Database,
    logger: Logger,
    refreshMs: number,
  ) {
    this.cache = new OrgCache(
      'privacy policy',
      logger,
      refreshMs,
      (orgId) => this.load(orgId),
      (since) => this.changed(since),
    );
  }

  /** The org's policy (the default policy when it has none); rejects when the stored one is invalid. */
  forOrg(orgId: string): Promise<PrivacyPolicy> {
    return this.cache.get(orgId);
  }

  /** Forgets an org's policy after a change made in this process. */
  invalidate(orgId: string): void {
    this.cache.invalidate(orgId);
  }

  start(): void {
    this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  private async load(orgId: string): Promise<PrivacyPolicy> {
    const [row] = (await this.db.withSystem(
      async (tx) =>
        (await tx.execute(sql`select settings->'privacy' as privacy from organizations where id = ${orgId}`)).rows,
    )) as Array<{ privacy: unknown }>;
    if (!row || row.privacy === null || row.privacy === undefined) return DEFAULT_PRIVACY_POLICY;
    return privacyPolicySchema.parse(row.privacy);
  }

  private async changed(since: Date): Promise<string[]> {
    const rows = (await this.db.withSystem(
      async (tx) => (await tx.execute(sql`select id from organizations where updated_at > ${since}`)).rows,
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
