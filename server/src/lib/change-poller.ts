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
  /** The look in flight, if any. */
  private current: Promise<void> | null = null;
  /** Looks started and finished so far. */
  private started = 0;
  private finished = 0;

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
    // The timer skips a beat while a look is in flight instead of queueing another.
    this.timer = setInterval(() => {
      if (this.current === null) void this.poll();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One look that starts now (also called by tests and after a change this process made). A look
   * already in flight may have started before the caller's change committed, so it is awaited and
   * followed by a fresh one rather than taken as the answer.
   */
  async poll(): Promise<void> {
    // Looks run one at a time and are numbered; the caller needs one numbered after those started so far.
    const needed = this.started + 1;
    while (this.finished < needed) {
      if (this.current !== null) {
        await this.current;
        continue;
      }
      if (this.idle()) return;
      const look = this.look();
      this.current = look;
      try {
        await look;
      } finally {
        this.current = null;
      }
    }
  }

  private async look(): Promise<void> {
    const number = ++this.started;
    const started = new Date();
    try {
      await this.check(new Date(this.since.getTime() - LOOK_BACK_MS));
      this.since = started;
    } catch (error) {
      this.logger.warn({ err: error }, `${this.what} refresh failed; keeping the previous state`);
    } finally {
      this.finished = number;
    }
  }
}
