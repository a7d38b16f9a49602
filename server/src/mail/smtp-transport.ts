import nodemailer from 'nodemailer';
import type { MailTransport } from './mailer.ts';

/** How long to wait for the mail server before a delivery attempt counts as failed (ms). */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Delivers over SMTP with nodemailer: `smtp://` (STARTTLS when the server offers it) or `smtps://`
 * (TLS from the first byte); credentials come in the URL. One connection per message: mail here is
 * rare (invitations, resets), so a pool would only hold idle sockets.
 */
export class SmtpTransport implements MailTransport {
  private readonly transporter: ReturnType<typeof nodemailer.createTransport>;

  constructor(url: string, from: string) {
    this.transporter = nodemailer.createTransport({ url, ...TIMEOUTS }, { from });
  }

  async deliver(mail: { to: string; subject: string; text: string; html: string | null }): Promise<void> {
    await this.transporter.sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
    });
  }

  close(): void {
    this.transporter.close();
  }
}
