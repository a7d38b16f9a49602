import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the capture server received and parsed it. */
export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1:<random port> that keeps what it receives, for tests of the
 * whole path (outbox → nodemailer → SMTP). `failNext(code)` makes the next deliveries fail with
 * that SMTP reply code (4xx temporary, 5xx permanent).
 */
export async function startSmtpCapture() {
  const received: CapturedMail[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = failures.shift();
      if (code) {
        const error = Object.assign(new Error(`test refusal ${code}`), { responseCode: code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              raw,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next `times` deliveries are refused with SMTP reply `code`. */
    failNext(code: number, times = 1) {
      for (let i = 0; i < times; i++) failures.push(code);
    },
    /** Waits until a message to `to` arrived (or fails after `timeoutMs`). */
    async waitFor(to: string, timeoutMs = 5_000): Promise<CapturedMail> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter((m) => m.to.includes(to.toLowerCase()) || m.to.includes(to)).at(-1);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** How many messages to `to` arrived. */
    count(to: string): number {
      return received.filter((m) => m.to.includes(to)).length;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The single-use token of the link in a mail (`…#token=<token>`). */
export function tokenIn(mail: { text: string }): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no token link in:\n${mail.text}`);
  return match[1]!;
}
