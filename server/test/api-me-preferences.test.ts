import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildOrg, openTestDb } from './helpers.ts';
import { startSmtpCapture } from './smtp-capture.ts';
import { json } from './usage.ts';

describe('/api/me/preferences: the UI language a person keeps across devices (and their mails use)', () => {
  let db: Database;
  let gh: Gatehouse;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  let orgId: string;
  let owner: { userId: string; email: string; token: string };

  beforeAll(async () => {
    db = await openTestDb();
    smtp = await startSmtpCapture();
    gh = await startTestGatehouse({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://gatehouse.example.com' });
    orgId = (await buildOrg(db, 'Sprachen GmbH')).id;
    const m = await buildMember(db, orgId, 'owner', null, { withPassword: true });
    owner = { ...m, token: (await signIn(gh, m.email)).token };
  });
  afterAll(async () => {
    await gh?.stop();
    await smtp?.stop();
    await db?.close();
  });

  it('starts unset, saves a language, shows it in GET /api/me and in every new session, and forgets it with null', async () => {
    const m = await buildMember(db, orgId, 'member', null, { withPassword: true });
    const first = (await signIn(gh, m.email)).token;
    expect((await json(await api(gh, 'GET', '/api/me', first))).language).toBeNull();

    const saved = await api(gh, 'PATCH', '/api/me/preferences', first, { language: 'de' });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toEqual({ language: 'de' });
    // A fresh sign-in (another browser) reads it from the server.
    const second = (await signIn(gh, m.email)).token;
    expect((await json(await api(gh, 'GET', '/api/me', second))).language).toBe('de');

    // An empty body changes nothing; null forgets the choice.
    expect(await json(await api(gh, 'PATCH', '/api/me/preferences', second, {}))).toEqual({ language: 'de' });
    expect(await json(await api(gh, 'PATCH', '/api/me/preferences', second, { language: null }))).toEqual({
      language: null,
    });
    expect((await json(await api(gh, 'GET', '/api/me', first))).language).toBeNull();
  });

  it('refuses a language the app does not have, and API keys (they have no preferences)', async () => {
    const bad = await api(gh, 'PATCH', '/api/me/preferences', owner.token, { language: 'fr' });
    expect(bad.status).toBe(400);
    const key = await buildKey(db, orgId, owner.userId, { scopes: ['org.update', 'member.manage'] });
    const byKey = await api(gh, 'PATCH', '/api/me/preferences', key.secret, { language: 'de' });
    expect(byKey.status).toBe(403);
    expect((await json(byKey)).error.code).toBe('forbidden');
    expect((await json(await api(gh, 'GET', '/api/me', key.secret))).language).toBeNull();
  });

  it("writes the password-reset mail in the person's saved language, whatever the browser asks", async () => {
    const m = await buildMember(db, orgId, 'member', null, { withPassword: true });
    const token = (await signIn(gh, m.email)).token;
    await api(gh, 'PATCH', '/api/me/preferences', token, { language: 'de' });
    const res = await fetch(`${gh.url}/api/auth/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en;q=0.9' },
      body: JSON.stringify({ email: m.email }),
    });
    expect(res.status).toBe(202);
    expect((await smtp.waitFor(m.email)).subject).toBe('Gatehouse-Passwort zurücksetzen');
  });

  it("writes the invitation mail in the invitee's saved language when they already have an account", async () => {
    // Someone of another org who chose German is invited here by an English-speaking owner.
    const elsewhere = await buildOrg(db, 'Other');
    const invitee = await buildMember(db, elsewhere.id, 'member', null, { withPassword: true });
    await api(gh, 'PATCH', '/api/me/preferences', (await signIn(gh, invitee.email)).token, { language: 'de' });
    const invite = await fetch(`${gh.url}/api/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ email: invitee.email, role: 'member' }),
    });
    expect(invite.status).toBe(201);
    expect((await smtp.waitFor(invitee.email)).subject).toBe('Einladung zu Sprachen GmbH in Gatehouse');

    // An explicit language still wins; someone without an account gets the inviter's.
    const stranger = `s-${Date.now()}@example.com`;
    const english = await fetch(`${gh.url}/api/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ email: stranger, role: 'member' }),
    });
    expect(english.status).toBe(201);
    expect((await smtp.waitFor(stranger)).subject).toBe('You are invited to Sprachen GmbH on Gatehouse');
  });
});

describe('/api/keys names the owner', () => {
  let db: Database;
  let gh: Gatehouse;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh?.stop();
    await db?.close();
  });

  it("lists a person's key with their name and e-mail and a department key with the department's name", async () => {
    const org = await buildOrg(db);
    const admin = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    const token = (await signIn(gh, admin.email)).token;
    const dept = await json(await api(gh, 'POST', '/api/departments', token, { name: 'Litigation' }));
    const personal = await json(await api(gh, 'POST', '/api/keys', token, { name: 'mine' }));
    const shared = await json(
      await api(gh, 'POST', '/api/keys', token, { name: 'team', ownerUserId: null, ownerDepartmentId: dept.id }),
    );
    expect(personal).toMatchObject({ ownerUserId: admin.userId, ownerEmail: admin.email, ownerDepartmentName: null });
    expect(shared).toMatchObject({
      ownerUserId: null,
      ownerName: null,
      ownerEmail: null,
      ownerDepartmentName: 'Litigation',
    });
    const list = await json(await api(gh, 'GET', '/api/keys', token));
    const byName = Object.fromEntries(list.items.map((k: { name: string }) => [k.name, k]));
    expect(byName.mine).toMatchObject({ ownerEmail: admin.email });
    expect(byName.team).toMatchObject({ ownerDepartmentName: 'Litigation' });
    expect(JSON.stringify(list)).not.toContain('hash');
  });
});
