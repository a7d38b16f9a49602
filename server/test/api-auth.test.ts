import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { TEST_PASSWORD, buildMember, buildOrg, openTestDb } from './helpers.ts';
import { json } from './usage.ts';

describe('/api/auth: sign-in, refresh rotation, sign-out', () => {
  let db: Database;
  let gh: Gatehouse;
  let org: { id: string; slug: string };
  let admin: { userId: string; email: string };

  beforeAll(async () => {
    db = await openTestDb();
    org = await buildOrg(db);
    admin = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  const refresh = (cookie: string, headers: Record<string, string> = {}) =>
    fetch(`${gh.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('signs in with e-mail and password; the refresh token is an httpOnly, SameSite=Strict cookie', async () => {
    const res = await fetch(`${gh.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email.toUpperCase(), password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      expiresIn: 900,
      user: { id: admin.userId, email: admin.email },
      org: { id: org.id, slug: org.slug },
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gh_refresh=ghr_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await json(await api(gh, 'GET', '/api/me', body.accessToken));
    expect(me).toMatchObject({ actor: { kind: 'user', userId: admin.userId, role: 'admin' }, orgId: org.id });
    expect(me.abilities['key.manage']).toBe('org');
    expect(me.abilities['platform.manage']).toBeUndefined();
  });

  it('refuses a wrong password with one message for unknown e-mails and wrong passwords', async () => {
    const wrong = await api(gh, 'POST', '/api/auth/login', null, { email: admin.email, password: 'nope' });
    const unknown = await api(gh, 'POST', '/api/auth/login', null, { email: 'nobody@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await json(wrong)).error.message).toBe((await json(unknown)).error.message);
  });

  it('rate-limits failed sign-ins per account with a clear 429 and Retry-After', async () => {
    const victim = await buildMember(db, org.id, 'member', null, { withPassword: true });
    for (let i = 0; i < 5; i++)
      await api(gh, 'POST', '/api/auth/login', null, { email: victim.email, password: 'guess' + i });
    const res = await api(gh, 'POST', '/api/auth/login', null, { email: victim.email, password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(res)).error.message).toMatch(/Too many failed sign-ins/);
  });

  it('rotates the refresh token; reusing a rotated one revokes the whole family', async () => {
    const first = await signIn(gh, admin.email);
    const r1 = await refresh(first.cookie);
    expect(r1.status).toBe(200);
    const second = r1.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    const token2 = (await json(r1)).accessToken as string;
    expect((await api(gh, 'GET', '/api/me', token2)).status).toBe(200);

    const replay = await refresh(first.cookie);
    expect(replay.status).toBe(401);
    expect((await json(replay)).error.message).toMatch(/already used/);
    // The family is gone: the newest refresh token and the access tokens of the family stop working.
    expect((await refresh(second)).status).toBe(401);
    expect((await api(gh, 'GET', '/api/me', token2)).status).toBe(401);
  });

  it('accepts refresh only as a same-origin JSON POST', async () => {
    const s = await signIn(gh, admin.email);
    const form = await fetch(`${gh.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const crossSite = await refresh(s.cookie, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const get = await fetch(`${gh.url}/api/auth/refresh`, { headers: { cookie: s.cookie } });
    expect(get.status).toBe(404);
  });

  it('signs out everywhere', async () => {
    const a = await signIn(gh, admin.email);
    const b = await signIn(gh, admin.email);
    const res = await api(gh, 'POST', '/api/auth/logout-all', a.token);
    expect(res.status).toBe(200);
    expect((await json(res)).revokedSessions).toBeGreaterThanOrEqual(2);
    expect((await api(gh, 'GET', '/api/me', b.token)).status).toBe(401);
    expect((await refresh(b.cookie)).status).toBe(401);
  });

  it('names the wrong field on bad input', async () => {
    const res = await api(gh, 'POST', '/api/auth/login', null, { email: 42 });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/^email: /);
    expect(body.error.requestId).toMatch(/^req_/);
  });
});
