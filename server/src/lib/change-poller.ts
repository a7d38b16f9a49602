import type { Logger } from 'pino';

/** How far each look goes back before the previous one started: a transaction that committed late carries an older timestamp. */
const LOOK_BACK_MS = 3_000;

/**
 * Runs `check(since)` every `intervalMs` — the one polling loop behind the in-memory caches of the
 * hot path (keys, models, privacy policies), which is how a change made by any process reaches
 * every process within about a second. Never overlaps itself; a failed look keeps the caches as
 * they are and is retried next time.
 */
export class ChangePoller {
  private timer: NodeJS.Timeout | null = null;
  private since = new Date(Date.now() - 5_000);
  private running = false;

  constructor(
    private readonly what: string,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly check: (since: Date) => Promise<void>,
    /** True when nothing is cached, so there is nothing to look for. */
    private readonly idle: () => boolean = () => false,
  ) {}

  start(): void {
    this.since = new Date(Date.now() - 5_000);
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look now (also called by tests). */
  async poll(): Promise<void> {
    if (this.running || this.idle()) return;
    this.running = true;
    const started = new Date();
    try {
      await this.check(new Date(this.since.getTime() - LOOK_BACK_MS));
      this.since = started;
    } catch (error) {
      this.logger.warn({ err: error }, `${this.what} refresh failed; keeping the previous state`);
    } finally {
      this.running = false;
    }
  }
}
