import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { ChangePoller } from '../lib/change-poller.ts';
import { DEFAULT_PRIVACY_POLICY, privacyPolicySchema, type PrivacyPolicy } from './shield/index.ts';

/**
 * Each org's privacy policy for the hot path (organizations.settings.privacy), cached per org and
 * dropped when the org row changes (polled like the key and model caches), so a policy change
 * reaches every process within a second. A stored policy that no longer validates fails closed:
 * the request is refused rather than sent unscanned.
 */
export class PrivacyPolicyCache {
  private readonly policies = new Map<string, Promise<PrivacyPolicy>>();
  private readonly poller: ChangePoller;

  constructor(
    private readonly db: Database,
    logger: Logger,
    refreshMs: number,
  ) {
    this.poller = new ChangePoller(
      'privacy policy',
      logger,
      refreshMs,
      (since) => this.changed(since),
      () => this.policies.size === 0,
    );
  }

  /** The org's policy (the default policy when it has none); rejects when the stored one is invalid. */
  forOrg(orgId: string): Promise<PrivacyPolicy> {
    let entry = this.policies.get(orgId);
    if (!entry) {
      entry = this.load(orgId);
      this.policies.set(orgId, entry);
      entry.catch(() => this.policies.delete(orgId));
    }
    return entry;
  }

  /** Forgets an org's policy after a change made in this process. */
  invalidate(orgId: string): void {
    this.policies.delete(orgId);
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  private async load(orgId: string): Promise<PrivacyPolicy> {
    const [row] = (await this.db.withSystem(
      async (tx) =>
        (await tx.execute(sql`select settings->'privacy' as privacy from organizations where id = ${orgId}`)).rows,
    )) as Array<{ privacy: unknown }>;
    if (!row || row.privacy === null || row.privacy === undefined) return DEFAULT_PRIVACY_POLICY;
    return privacyPolicySchema.parse(row.privacy);
  }

  private async changed(since: Date): Promise<void> {
    const rows = (await this.db.withSystem(
      async (tx) => (await tx.execute(sql`select id from organizations where updated_at > ${since}`)).rows,
    )) as Array<{ id: string }>;
    for (const row of rows) this.policies.delete(row.id);
  }
}
