import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { Database } from '../src/db/database.ts';
import { invitationMail, passwordResetMail, pickLanguage } from '../src/mail/mail-templates.ts';
import { OutboxMailer } from '../src/mail/outbox-mailer.ts';
import { SmtpTransport } from '../src/mail/smtp-transport.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildMember, buildOrg, openTestDb } from './helpers.ts';
import { startSmtpCapture } from './smtp-capture.ts';
import { eventually, json } from './usage.ts';

const silent = pino({ level: 'silent' });

/**
 * A database of this file's own: a sender claims every due message of its database, so senders
 * pointed at this file's SMTP servers must not share one with other test files' Gatehouses.
 */
async function openPrivateDb(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (inject('databaseEngine') === 'pglite') {
    const db = await Database.open({ dataDir: null });
    await db.migrate();
    return { db, drop: () => db.close() };
  }
  const url = new URL(inject('databaseUrl'));
  const name = `gh_mail_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  url.pathname = `/${name}`;
  const db = await Database.open({ url: url.toString(), poolSize: 4 });
  await db.migrate();
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

interface OutboxRow {
  status: string;
  attempts: number;
  error: string | null;
  sent_at: string | null;
  org_id: string | null;
}

describe('mail templates', () => {
  it('picks the language from an explicit choice, the org setting or Accept-Language; English otherwise', () => {
    expect(pickLanguage(undefined, null, 'de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(pickLanguage('fr-FR,en;q=0.5,de;q=0.9')).toBe('de');
    expect(pickLanguage('fr, it;q=0.5')).toBe('en');
    expect(pickLanguage('de;q=0, en')).toBe('en');
    expect(pickLanguage('en', 'de')).toBe('en');
    expect(pickLanguage(undefined, 'de', 'en-US')).toBe('de');
    expect(pickLanguage()).toBe('en');
  });

  it('writes invitations in English and German, text and HTML, with the link and escaped names', () => {
    const input = {
      orgName: 'Müller & <Söhne>',
      inviterName: 'Ada',
      role: 'member' as const,
      acceptUrl: 'https://gh.example.com/invite#token=ghi_abc',
      expiresAt: new Date('2026-12-01T10:00:00Z'),
      timeZone: 'Europe/Berlin',
    };
    const en = invitationMail({ ...input, language: 'en' });
    expect(en.subject).toBe('You are invited to Müller & <Söhne> on Gatehouse');
    expect(en.text).toContain('Ada invited you to join Müller & <Söhne> on Gatehouse as member.');
    expect(en.text).toContain('https://gh.example.com/invite#token=ghi_abc');
    expect(en.text).toMatch(/expires on 1 December 2026/);
    expect(en.html).toContain('Müller &#38; &#60;Söhne&#62;');
    expect(en.html).not.toContain('<Söhne>');
    expect(en.html).toContain('href="https://gh.example.com/invite#token=ghi_abc"');
    const de = invitationMail({ ...input, language: 'de' });
    expect(de.subject).toBe('Einladung zu Müller & <Söhne> in Gatehouse');
    expect(de.text).toContain('Ada hat Sie eingeladen, Müller & <Söhne> in Gatehouse als Mitglied beizutreten.');
    expect(de.text).toMatch(/läuft am 1\. Dezember 2026 um 11:00 MEZ ab/);
  });

  it('writes password resets in both languages', () => {
    const input = { email: 'a@example.com', resetUrl: 'http://x/reset-password#token=t', expiresInMinutes: 60 };
    expect(passwordResetMail({ ...input, language: 'en' }).text).toContain('expires in 60 minutes');
    const de = passwordResetMail({ ...input, language: 'de' });
    expect(de.subject).toBe('Gatehouse-Passwort zurücksetzen');
    expect(de.text).toContain('läuft in 60 Minuten ab');
    expect(de.html).toContain('href="http://x/reset-password#token=t"');
  });
});

describe('configuration of mail', () => {
  const base = { NODE_ENV: 'test' };
  it('accepts smtp:// and smtps:// URLs, defaults MAIL_FROM and never prints the SMTP URL', () => {
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.com' }).SMTP_URL).toBe(
      'smtps://u:p@mail.example.com',
    );
    expect(loadConfig(base).MAIL_FROM).toBe('Gatehouse <no-reply@localhost>');
    try {
      loadConfig({ ...base, SMTP_URL: 'http://user:secret@mail' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/SMTP_URL=\(hidden\): must be an smtp:\/\//);
      expect((error as Error).message).not.toContain('secret');
    }
    const production = { NODE_ENV: 'production', MASTER_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(() => loadConfig({ ...production, SMTP_URL: 'smtp://mail:25' })).toThrow(
      /PUBLIC_URL: required with SMTP_URL/,
    );
    expect(
      loadConfig({ ...production, SMTP_URL: 'smtp://mail:25', PUBLIC_URL: 'https://gh.example.com' }).PUBLIC_URL,
    ).toBe('https://gh.example.com');
  });
});

describe('the outbox sender over real SMTP', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  const mailers: OutboxMailer[] = [];
  const row = async (id: string) =>
    (
      await db.withSystem((tx) =>
        tx.execute(sql`select status, attempts, error, sent_at, org_id from mail_outbox where id = ${id}`),
      )
    ).rows[0] as unknown as OutboxRow;
  const mailer = (url: string | null, options: ConstructorParameters<typeof OutboxMailer>[4] = {}) => {
    const m = new OutboxMailer(db, silent, url ? new SmtpTransport(url, 'Gatehouse <gh@test.local>') : null, null, {
      pollMs: 30,
      retryBaseMs: 40,
      ...options,
    });
    m.start();
    mailers.push(m);
    return m;
  };
  const message = (to: string) => ({
    orgId: null,
    to,
    subject: 'Hello\r\nBcc: evil@example.com',
    text: 'hi',
    html: null,
  });

  beforeAll(async () => {
    ({ db, drop } = await openPrivateDb());
    smtp = await startSmtpCapture();
  });
  afterEach(async () => {
    // One sender at a time: each claims every due message of the database.
    for (const m of mailers.splice(0)) await m.stop();
  });
  afterAll(async () => {
    await smtp?.stop();
    await drop?.();
  });

  it('keeps messages in the outbox when no SMTP is configured', async () => {
    const queued = await mailer(null).send(message('kept@example.com'));
    expect(queued.status).toBe('kept');
    expect(await row(queued.id)).toMatchObject({ status: 'kept', attempts: 0, org_id: null });
  });

  it('delivers at once over SMTP: the message arrives, parsed, and the row is marked sent', async () => {
    const m = mailer(smtp.url);
    const queued = await m.send({
      orgId: null,
      to: 'ada@example.com',
      subject: 'Grüße',
      text: 'Hallo Ada\nhttp://x/invite#token=abc',
      html: '<p>Hallo <b>Ada</b></p>',
    });
    expect(queued.status).toBe('pending');
    const got = await smtp.waitFor('ada@example.com');
    expect(got.subject).toBe('Grüße');
    expect(got.text).toContain('http://x/invite#token=abc');
    expect(got.html).toContain('<b>Ada</b>');
    expect(got.raw).toMatch(/^From: Gatehouse <gh@test\.local>/m);
    const sent = await eventually(
      () => row(queued.id),
      (r) => r.status === 'sent',
    );
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, error: null });
    const stored = (await db.withSystem((tx) => tx.execute(sql`select text from mail_outbox where id = ${queued.id}`)))
      .rows[0] as { text: string };
    expect(stored.text).toBe('Hallo Ada\nhttp://x/invite#token=[delivered]');
    expect(sent.sent_at).not.toBeNull();
  });

  it('puts a subject on one line (no header injection)', async () => {
    await mailer(smtp.url).send(message('inject@example.com'));
    const got = await smtp.waitFor('inject@example.com');
    expect(got.subject).toBe('Hello Bcc: evil@example.com');
    expect(got.to).toEqual(['inject@example.com']);
  });

  it('retries a temporary refusal with backoff, then delivers', async () => {
    const m = mailer(smtp.url, { retryBaseMs: 300 });
    smtp.failNext(451);
    const queued = await m.send(message('retry@example.com'));
    const first = await eventually(
      () => row(queued.id),
      (r) => r.attempts === 1 && r.error !== null,
      2_000,
    );
    expect(first.status).toBe('pending');
    expect(first.error).toMatch(/451/);
    await smtp.waitFor('retry@example.com');
    const done = await eventually(
      () => row(queued.id),
      (r) => r.status === 'sent',
    );
    expect(done.attempts).toBe(2);
    expect(smtp.count('retry@example.com')).toBe(1);
  });

  it('marks a permanent refusal (5xx) failed at once, with the error', async () => {
    const m = mailer(smtp.url);
    smtp.failNext(550);
    const queued = await m.send(message('nobody@example.com'));
    const failed = await eventually(
      () => row(queued.id),
      (r) => r.status === 'failed',
    );
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/550/);
  });

  it('gives up after the last attempt when the server cannot be reached', async () => {
    const closed = await startSmtpCapture();
    await closed.stop();
    const m = mailer(closed.url, { maxAttempts: 3, retryBaseMs: 20 });
    const queued = await m.send(message('down@example.com'));
    const failed = await eventually(
      () => row(queued.id),
      (r) => r.status === 'failed',
      8_000,
    );
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('builds links under PUBLIC_URL when configured, else under the request origin', () => {
    const withUrl = new OutboxMailer(db, silent, null, 'https://gh.example.com/');
    expect(withUrl.link('/invite#token=x', 'http://127.0.0.1:1')).toBe('https://gh.example.com/invite#token=x');
    const without = new OutboxMailer(db, silent, null, null);
    expect(without.link('invite', 'http://127.0.0.1:1')).toBe('http://127.0.0.1:1/invite');
  });
});

describe('GET /api/mail/outbox', () => {
  let db: Database;
  let gh: Gatehouse;
  let org: { id: string };
  let owner: string;
  let admin: string;
  let manager: string;
  let platform: string;
  let otherAdmin: string;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
    org = await buildOrg(db);
    const dept = (
      await db.withOrg(org.id, (tx) =>
        tx.execute(sql`insert into departments (org_id, name) values (${org.id}, 'Ops') returning id`),
      )
    ).rows[0] as { id: string };
    const o = await buildMember(db, org.id, 'owner', null, { withPassword: true });
    const a = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    const m = await buildMember(db, org.id, 'manager', dept.id, { withPassword: true });
    owner = (await signIn(gh, o.email)).token;
    admin = (await signIn(gh, a.email)).token;
    manager = (await signIn(gh, m.email)).token;
    const other = await buildOrg(db);
    otherAdmin = (await signIn(gh, (await buildMember(db, other.id, 'admin', null, { withPassword: true })).email))
      .token;
    const p = await buildMember(db, other.id, 'owner', null, { withPassword: true, platformAdmin: true });
    platform = (await signIn(gh, p.email)).token;
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it("shows an org's kept mail to its admins only, hides owner-invitation links from non-owners", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const invited = await json(await api(gh, 'POST', '/api/invitations', admin, { email, role: 'member' }));
    expect(invited.mail.status).toBe('kept');
    const bossEmail = `boss-${randomUUID().slice(0, 8)}@example.com`;
    expect((await api(gh, 'POST', '/api/invitations', owner, { email: bossEmail, role: 'owner' })).status).toBe(201);

    const listed = await json(await api(gh, 'GET', '/api/mail/outbox', admin));
    const toMember = listed.items.find((m: { to: string }) => m.to === email);
    expect(toMember).toMatchObject({ status: 'kept', attempts: 0, orgId: org.id });
    expect(toMember.text).toMatch(/#token=ghi_[A-Za-z0-9_-]{20,}/);
    const toBoss = listed.items.find((m: { to: string }) => m.to === bossEmail);
    expect(toBoss.text).toContain('#token=[hidden]');
    expect(toBoss.html).not.toMatch(/ghi_/);
    const asOwner = await json(await api(gh, 'GET', '/api/mail/outbox', owner));
    expect(asOwner.items.find((m: { to: string }) => m.to === bossEmail).text).toMatch(/#token=ghi_/);

    const foreign = await json(await api(gh, 'GET', '/api/mail/outbox', otherAdmin));
    expect(foreign.items.some((m: { to: string }) => m.to === email)).toBe(false);
    expect((await api(gh, 'GET', '/api/mail/outbox', manager)).status).toBe(403);
  });

  it('keeps password-reset mail (no org) for platform operators with ?all=true', async () => {
    const person = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const res = await api(gh, 'POST', '/api/auth/password-reset/request', null, { email: person.email });
    expect(res.status).toBe(202);
    const find = async (token: string, query = '') =>
      (await json(await api(gh, 'GET', `/api/mail/outbox?limit=200${query}`, token))).items?.find(
        (m: { to: string }) => m.to === person.email,
      );
    const seen = await eventually(
      () => find(platform, '&all=true'),
      (m) => m !== undefined,
    );
    expect(seen).toMatchObject({ orgId: null, subject: 'Reset your Gatehouse password', status: 'kept' });
    expect(await find(owner)).toBeUndefined();
    expect((await api(gh, 'GET', '/api/mail/outbox?all=true', owner)).status).toBe(403);
  });
});
