import type { Tx } from '../db/database.ts';

/** A message to send: one recipient, a subject, a plain-text body and an optional HTML body. */
export interface OutgoingMail {
  /** The org the message belongs to; null for mail about a global identity (password reset). */
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/** Where a message went: `pending` (SMTP will deliver it) or `kept` (no SMTP; it waits in the outbox). */
export interface QueuedMail {
  id: string;
  status: 'pending' | 'kept';
}

/**
 * Sends e-mail. Every message is written to the outbox first, so nothing is lost when the mail
 * server is down and an admin can see what was sent; delivery happens after, with retries.
 */
export interface Mailer {
  /** Writes the message to the outbox and starts its delivery when SMTP is configured. */
  send(mail: OutgoingMail): Promise<QueuedMail>;
  /**
   * Writes the message to the outbox inside the caller's transaction (system door), so it exists
   * exactly when the caller's own change commits; delivery starts on the sender's next pass or
   * `flush()`.
   */
  enqueue(tx: Tx, mail: OutgoingMail): Promise<QueuedMail>;
  /** An absolute link for a mail: under PUBLIC_URL when configured, else under the request's origin. */
  link(path: string, requestOrigin: string): string;
  /** Delivers every message that is due now (tests and shutdown). */
  flush(): Promise<void>;
  /** Stops the sender after one last delivery pass and closes the connection to the mail server. */
  stop(): Promise<void>;
}

/** Hands one message to a mail server. Throws on failure; `permanent` errors are not retried. */
export interface MailTransport {
  deliver(mail: { to: string; subject: string; text: string; html: string | null }): Promise<void>;
  close(): void;
}

/** A delivery failure the mail server said will not go away by retrying (an SMTP 5xx reply). */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
