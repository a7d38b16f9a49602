import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/database.ts';
import { isPermanentMailError, type MailTransport, type Mailer, type OutgoingMail, type QueuedMail } from './mailer.ts';

/** How the sender paces itself; the defaults suit production, tests shorten them. */
export interface SenderOptions {
  /** How often to look for due messages (ms), besides the immediate attempt after each send. */
  pollMs: number;
  /** Backoff base (ms): attempt n+1 is due `base × (2^n − 1)` after the message was queued. */
  retryBaseMs: number;
  /** Attempts before a message is marked failed. */
  maxAttempts: number;
  /** Messages claimed per pass. */
  batch: number;
}

const DEFAULTS: SenderOptions = { pollMs: 5_000, retryBaseMs: 5_000, maxAttempts: 5, batch: 10 };

/**
 * The single-use token of a link in a message (`…#token=<token>`). Once the message is delivered
 * the outbox keeps it without the token: only its hash stays in the database.
 */
const SINGLE_USE_TOKEN = 'token=[A-Za-z0-9_-]+';

/** Longest a shutdown waits for the last delivery pass (ms). */
const STOP_WAIT_MS = 5_000;

interface ClaimedRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

/**
 * The outbox mailer: every message is a `mail_outbox` row first (through the system door). With
 * a transport, a sender claims due rows (`for update skip locked`, so several processes share the
 * work), delivers them and marks them sent, or pending again with the error, or failed after the
 * last attempt or a permanent (5xx) refusal. The backoff needs no extra column: the next attempt
 * is due `retryBaseMs × (2^attempts − 1)` after `created_at`. Delivery is at least once: a crash
 * between the SMTP reply and the status update sends that message again. A delivered message's
 * single-use link token is removed from the outbox.
 * Without a transport, messages are `kept` for the console's outbox view.
 */
export class OutboxMailer implements Mailer {
  private readonly options: SenderOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly transport: MailTransport | null,
    private readonly publicUrl: string | null = null,
    options: Partial<SenderOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Starts the periodic sender (only useful with a transport). */
  start(): void {
    if (!this.transport || this.timer) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
  }

  async send(mail: OutgoingMail): Promise<QueuedMail> {
    const queued = await this.db.withSystem((tx) => this.enqueue(tx, mail));
    if (this.transport) this.kick();
    return queued;
  }

  async enqueue(tx: Tx, mail: OutgoingMail): Promise<QueuedMail> {
    const status = this.transport ? 'pending' : 'kept';
    const [row] = (
      await tx.execute(sql`insert into mail_outbox (org_id, "to", subject, text, html, status)
                           values (${mail.orgId}, ${mail.to}, ${oneLine(mail.subject)}, ${mail.text}, ${mail.html}, ${status})
                           returning id`)
    ).rows as Array<{ id: string }>;
    return { id: row!.id, status };
  }

  link(path: string, requestOrigin: string): string {
    const base = (this.publicUrl ?? requestOrigin).replace(/\/+$/, '');
    return `${base}${path.startsWith('/') ? path : `/${path}`}`;
  }

  async flush(): Promise<void> {
    if (this.transport) await this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.transport) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.run(), new Promise<void>((r) => (timeout = setTimeout(r, STOP_WAIT_MS)))]);
    clearTimeout(timeout);
    this.transport.close();
  }

  /** Starts a delivery pass in the background (not after stop()). */
  private kick(): void {
    if (!this.stopped) void this.run();
  }

  /** Runs a delivery pass now, or once more right after the one running; resolves when it is done. */
  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let more = false;
      do {
        this.again = false;
        more = await this.pass();
      } while (this.again || (more && !this.stopped));
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Claims the due messages and delivers each; true when a full batch was claimed (more may be
   * due). Never throws: failures are logged and recorded on the message.
   */
  private async pass(): Promise<boolean> {
    const transport = this.transport;
    if (!transport) return false;
    let claimed: ClaimedRow[];
    try {
      claimed = await this.claim();
    } catch (error) {
      this.logger.warn({ err: error }, 'mail outbox: claiming due messages failed');
      return false;
    }
    for (const row of claimed) {
      try {
        await transport.deliver(row);
        await this.db.withSystem((tx) =>
          tx.execute(sql`update mail_outbox set status = 'sent', sent_at = now(), error = null,
                                text = regexp_replace(text, ${SINGLE_USE_TOKEN}, 'token=[delivered]', 'g'),
                                html = regexp_replace(html, ${SINGLE_USE_TOKEN}, 'token=[delivered]', 'g')
                          where id = ${row.id}`),
        );
      } catch (error) {
        const last = row.attempts >= this.options.maxAttempts || isPermanentMailError(error);
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        this.logger.warn(
          { mailId: row.id, attempts: row.attempts, final: last, error: message },
          'mail delivery failed',
        );
        await this.db
          .withSystem((tx) =>
            tx.execute(
              sql`update mail_outbox set status = ${last ? 'failed' : 'pending'}, error = ${message} where id = ${row.id}`,
            ),
          )
          .catch((err: unknown) => this.logger.warn({ err }, 'mail outbox: recording a failure failed'));
      }
    }
    return claimed.length === this.options.batch;
  }

  /** Marks up to `batch` due pending messages as attempted and returns them. */
  private async claim(): Promise<ClaimedRow[]> {
    const { retryBaseMs, batch } = this.options;
    return this.db.withSystem(
      async (tx) =>
        (
          await tx.execute(sql`
            update mail_outbox set attempts = attempts + 1
             where id in (select id from mail_outbox
                           where status = 'pending'
                             and created_at + make_interval(secs => ${retryBaseMs / 1000}::float8 * (power(2, attempts) - 1)) <= now()
                           order by created_at limit ${batch} for update skip locked)
            returning id, "to", subject, text, html, attempts`)
        ).rows as unknown as ClaimedRow[],
    );
  }
}

/** A header value on one line: a line break in a subject would start a new header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}
