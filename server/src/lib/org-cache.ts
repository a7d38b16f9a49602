import type { Logger } from 'pino';
import { ChangePoller } from './change-poller.ts';

/**
 * A per-org cache for the hot path (models, privacy policies, metering limits): an org's value is
 * loaded on first use and dropped when a poll finds the org changed — or at once, in the process
 * that made a change, by `invalidate` — so a change reaches every process within a poll interval.
 * Concurrent first requests share one load; a failed load is not kept.
 */
export class OrgCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private readonly poller: ChangePoller;

  constructor(
    what: string,
    logger: Logger,
    refreshMs: number,
    private readonly load: (orgId: string) => Promise<T>,
    /** The orgs whose data changed since `since`; `cached` lists the orgs held now. */
    changedOrgs: (since: Date, cached: readonly string[]) => Promise<Iterable<string>>,
  ) {
    this.poller = new ChangePoller(
      what,
      logger,
      refreshMs,
      async (since) => {
        for (const orgId of await changedOrgs(since, [...this.entries.keys()])) this.entries.delete(orgId);
      },
      () => this.entries.size === 0,
    );
  }

  /** The org's value, from cache when warm. */
  get(orgId: string): Promise<T> {
    let entry = this.entries.get(orgId);
    if (!entry) {
      entry = this.load(orgId);
      this.entries.set(orgId, entry);
      entry.catch(() => {
        if (this.entries.get(orgId) === entry) this.entries.delete(orgId);
      });
    }
    return entry;
  }

  /** The cached entry without loading (undefined when cold). */
  peek(orgId: string): Promise<T> | undefined {
    return this.entries.get(orgId);
  }

  /** Drops an org so its next use reloads it. */
  invalidate(orgId: string): void {
    this.entries.delete(orgId);
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  /** One look for changes now (tests). */
  poll(): Promise<void> {
    return this.poller.poll();
  }
}
