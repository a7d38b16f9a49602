import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.ts';
import type { Database } from '../src/db/database.ts';
import { memberCreator, type Role } from '../src/identity/user-creator.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { startSmtpCapture, tokenIn } from './smtp-capture.ts';
import { eventually, json } from './usage.ts';

const STRONG = 'violet tractor sings quietly';
const PUBLIC_URL = 'https://gatehouse.example.com';

describe('/api people, invitations, password reset and e-mail', () => {
  let db: Database;
  let gh: Gatehouse;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  let org: { id: string; slug: string; name: string };
  let owner: { userId: string; email: string; token: string };
  let admin: { userId: string; email: string; token: string };
  let manager: { userId: string; email: string; token: string };
  let sales: string;
  let east: string;
  let hr: string;

  const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
  const errorOf = async (res: Response) => ({
    status: res.status,
    message: (await json(res)).error?.message as string,
  });
  const auditActions = async (orgId: string, targetId: string) =>
    (
      (
        await db.withOrg(orgId, (tx) =>
          tx.execute(sql`select action from audit_events where target_id = ${targetId} order by seq`),
        )
      ).rows as Array<{ action: string }>
    ).map((r) => r.action);
  const auditCount = async (orgId: string) =>
    Number((await db.withOrg(orgId, (tx) => tx.execute(sql`select count(*)::int as n from audit_events`))).rows[0]!.n);
  /** A member with a password, signed in. */
  const person = async (role: Role, departmentId: string | null = null, orgId = org.id) => {
    const m = await buildMember(db, orgId, role, departmentId, { withPassword: true });
    return { ...m, token: (await signIn(gh, m.email)).token };
  };
  /** Waits for the n-th mail to `to` (1-based). */
  const mailNo = async (to: string, n: number) => {
    await eventually(
      async () => smtp.count(to),
      (c) => c >= n,
    );
    return smtp.received.filter((m) => m.to.includes(to))[n - 1]!;
  };
  const accept = (token: string, password = STRONG, name = 'New Person') =>
    api(gh, 'POST', '/api/invitations/accept', null, { token, name, password });

  beforeAll(async () => {
    db = await openTestDb();
    smtp = await startSmtpCapture();
    gh = await startTestGatehouse({ SMTP_URL: smtp.url, PUBLIC_URL });
    org = await buildOrg(db, 'Kanzlei Beispiel');
    owner = await person('owner');
    admin = await person('admin');
    const dept = async (name: string, parentId?: string) =>
      (await json(await api(gh, 'POST', '/api/departments', admin.token, { name, parentId }))).id as string;
    sales = await dept('Sales');
    east = await dept('East', sales);
    hr = await dept('HR');
    manager = await person('manager', sales);
    const provider = await buildProvider(db, org.id);
    await buildModel(db, org.id, provider.id, { alias: 'mock-chat', upstreamModel: 'mock-1' });
  });
  afterAll(async () => {
    await gh?.stop();
    await smtp?.stop();
    await db?.close();
  });

  it('invites by e-mail (captured over SMTP), accepts with a strong password and signs in', async () => {
    const to = email('invitee');
    const before = await auditCount(org.id);
    const res = await api(gh, 'POST', '/api/invitations', admin.token, {
      email: to,
      role: 'member',
      departmentId: sales,
    });
    expect(res.status).toBe(201);
    const invitation = await json(res);
    expect(invitation).toMatchObject({ email: to, role: 'member', departmentId: sales, status: 'pending' });
    expect(invitation.mail.status).toBe('pending');
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86400_000);

    const mail = await smtp.waitFor(to);
    expect(mail.subject).toBe('You are invited to Kanzlei Beispiel on Gatehouse');
    expect(mail.text).toContain(`${PUBLIC_URL}/invite#token=`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/invite#token=`);
    const token = tokenIn(mail);
    const stored = (
      await db.withSystem((tx) => tx.execute(sql`select token_hash from invitations where id = ${invitation.id}`))
    ).rows[0] as { token_hash: string };
    expect(stored.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(await json(await api(gh, 'GET', '/api/invitations', admin.token)))).not.toContain(token);

    const short = await errorOf(await accept(token, 'short pass'));
    expect(short).toEqual({ status: 400, message: expect.stringMatching(/^password: use at least 12 characters/) });
    const weak = await errorOf(await accept(token, 'password1234'));
    expect(weak.status).toBe(400);
    expect(weak.message).toMatch(/^password: too easy to guess .*"password" is a common password/);
    const personal = await errorOf(await accept(token, `${to}!`));
    expect(personal.message).toMatch(/is your name, e-mail or organization/);

    const ok = await accept(token);
    expect(ok.status).toBe(200);
    const session = await json(ok);
    expect(session).toMatchObject({ user: { email: to, name: 'New Person' }, org: { id: org.id, slug: org.slug } });
    expect(ok.headers.get('set-cookie')).toMatch(/^gh_refresh=ghr_.*HttpOnly/);
    const me = await json(await api(gh, 'GET', '/api/me', session.accessToken));
    expect(me.actor).toMatchObject({ role: 'member', departmentId: sales });
    expect((await signIn(gh, to, STRONG)).token).toBeTruthy();

    const again = await errorOf(await accept(token));
    expect(again).toEqual({ status: 410, message: expect.stringMatching(/already accepted/) });
    const people = await json(await api(gh, 'GET', `/api/people?q=${encodeURIComponent(to)}`, admin.token));
    expect(people.items).toEqual([expect.objectContaining({ email: to, status: 'active', departmentName: 'Sales' })]);
    expect(await auditActions(org.id, invitation.id)).toEqual(['invitation.create', 'invitation.accept']);
    expect(await auditActions(org.id, session.user.id)).toEqual(['member.create']);
    expect(await auditCount(org.id)).toBe(before + 3);
  });

  it('writes the mail in German when asked, and refuses members, duplicates and bad input naming the field', async () => {
    const to = email('deutsch');
    const res = await fetch(`${gh.url}/api/invitations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin.token}`,
        'content-type': 'application/json',
        'accept-language': 'de-DE,de;q=0.9',
      },
      body: JSON.stringify({ email: to, role: 'viewer' }),
    });
    expect(res.status).toBe(201);
    const mail = await smtp.waitFor(to);
    expect(mail.subject).toBe('Einladung zu Kanzlei Beispiel in Gatehouse');
    expect(mail.text).toContain('als Betrachter beizutreten');

    const member = await errorOf(
      await api(gh, 'POST', '/api/invitations', admin.token, { email: admin.email, role: 'member' }),
    );
    expect(member).toEqual({ status: 409, message: expect.stringMatching(/^email: .* is already a member/) });
    const twice = await errorOf(
      await api(gh, 'POST', '/api/invitations', admin.token, { email: to.toUpperCase(), role: 'member' }),
    );
    expect(twice).toEqual({ status: 409, message: expect.stringMatching(/already has a pending invitation/) });
    const bad = await errorOf(
      await api(gh, 'POST', '/api/invitations', admin.token, { email: 'nope', role: 'member' }),
    );
    expect(bad).toEqual({ status: 400, message: expect.stringMatching(/^email: /) });
    const dept = await errorOf(
      await api(gh, 'POST', '/api/invitations', admin.token, {
        email: email('x'),
        role: 'member',
        departmentId: randomUUID(),
      }),
    );
    expect(dept).toEqual({ status: 400, message: expect.stringMatching(/^departmentId: no department/) });
  });

  it('resends with a new token (the old one dies), revokes, and refuses expired links', async () => {
    const to = email('resend');
    const inv = await json(await api(gh, 'POST', '/api/invitations', admin.token, { email: to, role: 'member' }));
    const first = tokenIn(await mailNo(to, 1));
    const resent = await api(gh, 'POST', `/api/invitations/${inv.id}/resend`, admin.token, {});
    expect(resent.status).toBe(200);
    const second = tokenIn(await mailNo(to, 2));
    expect(second).not.toBe(first);
    expect((await errorOf(await accept(first))).message).toMatch(/^token: this invitation link is not valid/);
    expect((await api(gh, 'POST', `/api/invitations/${inv.id}/revoke`, admin.token)).status).toBe(200);
    expect(await errorOf(await accept(second))).toEqual({ status: 410, message: expect.stringMatching(/revoked/) });
    expect((await api(gh, 'POST', `/api/invitations/${inv.id}/resend`, admin.token, {})).status).toBe(409);
    expect(await auditActions(org.id, inv.id)).toEqual(['invitation.create', 'invitation.resend', 'invitation.revoke']);

    const late = email('late');
    const old = await json(await api(gh, 'POST', '/api/invitations', admin.token, { email: late, role: 'viewer' }));
    const lateToken = tokenIn(await mailNo(late, 1));
    await db.withOrg(org.id, (tx) =>
      tx.execute(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${old.id}`),
    );
    expect(await errorOf(await accept(lateToken))).toEqual({ status: 410, message: expect.stringMatching(/expired/) });
    const pending = await json(await api(gh, 'GET', '/api/invitations?limit=200', admin.token));
    expect(pending.items.some((i: { id: string }) => i.id === old.id)).toBe(false);
    const expired = await json(await api(gh, 'GET', '/api/invitations?status=expired&limit=200', admin.token));
    expect(expired.items.some((i: { id: string }) => i.id === old.id)).toBe(true);
    await api(gh, 'POST', `/api/invitations/${old.id}/resend`, admin.token, {});
    expect((await accept(tokenIn(await mailNo(late, 2)))).status).toBe(200);
  });

  it('lets an existing account join with its current password only', async () => {
    const elsewhere = await buildOrg(db);
    const known = await buildMember(db, elsewhere.id, 'member', null, { withPassword: true });
    await api(gh, 'POST', '/api/invitations', admin.token, { email: known.email, role: 'viewer' });
    const token = tokenIn(await mailNo(known.email, 1));
    expect((await accept(token, STRONG)).status).toBe(401);
    const ok = await json(await accept(token, 'correct horse battery staple'));
    expect(ok.org.id).toBe(org.id);
    expect(ok.user.id).toBe(known.userId);
  });

  it('limits managers to their subtree and to member/viewer; only owners invite owners', async () => {
    const invite = (token: string, body: Record<string, unknown>) =>
      api(gh, 'POST', '/api/invitations', token, { email: email('m'), ...body });
    expect((await invite(manager.token, { role: 'member', departmentId: east })).status).toBe(201);
    expect((await invite(manager.token, { role: 'member', departmentId: hr })).status).toBe(403);
    expect((await invite(manager.token, { role: 'member' })).status).toBe(403);
    const tooHigh = await errorOf(await invite(manager.token, { role: 'admin', departmentId: sales }));
    expect(tooHigh).toEqual({ status: 403, message: expect.stringMatching(/^role: .*member and viewer/) });
    expect((await errorOf(await invite(admin.token, { role: 'owner' }))).message).toMatch(/only owners may invite/);
    expect((await invite(owner.token, { role: 'owner' })).status).toBe(201);
    const mine = await json(await api(gh, 'GET', '/api/invitations?limit=200', manager.token));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { departmentId: string }) => [sales, east].includes(i.departmentId))).toBe(true);
  });

  it('resets a password by e-mail: same answer for unknown addresses, single use, every session ends', async () => {
    const p = await person('member');
    const second = await signIn(gh, p.email);
    const unknown = await api(gh, 'POST', '/api/auth/password-reset/request', null, { email: email('ghost') });
    const known = await fetch(`${gh.url}/api/auth/password-reset/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'de' },
      body: JSON.stringify({ email: p.email.toUpperCase() }),
    });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await json(unknown)).toEqual(await json(known));
    const mail = await smtp.waitFor(p.email);
    expect(mail.subject).toBe('Gatehouse-Passwort zurücksetzen');
    expect(mail.text).toContain(`${PUBLIC_URL}/reset-password#token=`);
    const token = tokenIn(mail);
    const confirm = (password: string, t = token) =>
      api(gh, 'POST', '/api/auth/password-reset/confirm', null, { token: t, password });

    expect((await errorOf(await confirm('qwertzuiop123'))).message).toMatch(/keyboard pattern/);
    const ok = await confirm('marble canyon whistles brightly');
    expect(ok.status).toBe(200);
    expect((await json(ok)).revokedSessions).toBeGreaterThanOrEqual(2);
    expect((await api(gh, 'GET', '/api/me', p.token)).status).toBe(401);
    const refresh = await fetch(`${gh.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: second.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refresh.status).toBe(401);
    expect(
      (await api(gh, 'POST', '/api/auth/login', null, { email: p.email, password: 'correct horse battery staple' }))
        .status,
    ).toBe(401);
    expect((await signIn(gh, p.email, 'marble canyon whistles brightly')).token).toBeTruthy();
    expect(await errorOf(await confirm('another strong passphrase here'))).toEqual({
      status: 410,
      message: expect.stringMatching(/already used/),
    });
    expect((await errorOf(await confirm(STRONG, 'ghpr_nonsense'))).status).toBe(400);
    expect(await auditActions(org.id, p.userId)).toEqual(['user.password_reset']);

    const limited = email('limited');
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api(gh, 'POST', '/api/auth/password-reset/request', null, { email: limited })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('searches, filters, paginates with a total, and exports CSV safely', async () => {
    const o = await buildOrg(db);
    const ownerHere = await person('owner', null, o.id);
    const add = (name: string, role: Role, tag = 'p') =>
      memberCreator(db, o.id, { email: email(tag), name, role, password: STRONG });
    await add('Anna Schmidt', 'member', 'anna');
    await add('Bernd Schmidt', 'viewer');
    await add('Carla 50% Müller', 'member');
    const evil = await add('=HYPERLINK("http://evil","x"), Inc', 'member');
    await add('Dora Disabled', 'member');
    const dora = (await json(await api(gh, 'GET', '/api/people?q=dora', ownerHere.token))).items[0];
    await api(gh, 'PATCH', `/api/people/${dora.userId}`, ownerHere.token, { status: 'disabled' });
    const list = async (query: string) => json(await api(gh, 'GET', `/api/people?${query}`, ownerHere.token));

    expect((await list('q=SCHMIDT')).items.map((p: { name: string }) => p.name).sort()).toEqual([
      'Anna Schmidt',
      'Bernd Schmidt',
    ]);
    expect((await list('q=anna-')).total).toBe(1);
    expect((await list('q=50%25')).items.map((p: { name: string }) => p.name)).toEqual(['Carla 50% Müller']);
    expect((await list('q=_')).total).toBe(0);
    expect((await list('role=viewer')).items.map((p: { name: string }) => p.name)).toEqual(['Bernd Schmidt']);
    expect((await list('status=disabled')).items.map((p: { name: string }) => p.name)).toEqual(['Dora Disabled']);
    expect((await list('role=member&status=active')).total).toBe(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageOf: { items: Array<{ userId: string }>; nextCursor: string | null; total: number } = await list(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(pageOf.total).toBe(6);
      seen.push(...pageOf.items.map((p) => p.userId));
      cursor = pageOf.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(6);
    expect((await errorOf(await api(gh, 'GET', '/api/people?cursor=garbage', ownerHere.token))).message).toMatch(
      /^cursor:/,
    );

    const csv = await api(gh, 'GET', '/api/people/export.csv?status=active', ownerHere.token);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('userId,email,name,role,departmentId,departmentName,status,mfaEnabled,lastLoginAt,joinedAt');
    expect(lines).toHaveLength(1 + 5);
    const evilLine = lines.find((l) => l.startsWith(evil.userId))!;
    expect(evilLine).toContain(`,"'=HYPERLINK(""http://evil"",""x""), Inc",member,`);
    expect(lines.join('\n')).not.toContain('Dora');
  });

  it('protects the last owner and names bad fields', async () => {
    const o = await buildOrg(db);
    const first = await person('owner', null, o.id);
    const adm = await person('admin', null, o.id);
    const patch = (token: string, userId: string, body: unknown) =>
      api(gh, 'PATCH', `/api/people/${userId}`, token, body);
    for (const body of [{ role: 'admin' }, { status: 'disabled' }]) {
      const refused = await errorOf(await patch(first.token, first.userId, body));
      expect(refused).toEqual({ status: 409, message: expect.stringMatching(/is the last active owner/) });
    }
    expect((await errorOf(await api(gh, 'DELETE', `/api/people/${first.userId}`, first.token))).status).toBe(409);
    expect((await patch(adm.token, first.userId, { role: 'member' })).status).toBe(403);
    expect((await errorOf(await patch(adm.token, adm.userId, { role: 'owner' }))).message).toMatch(/only owners/);
    expect((await errorOf(await patch(first.token, adm.userId, { role: 'boss' }))).message).toMatch(/^role: /);
    expect((await errorOf(await patch(first.token, adm.userId, { departmentId: randomUUID() }))).message).toMatch(
      /^departmentId: no department/,
    );
    expect((await errorOf(await patch(first.token, adm.userId, {}))).status).toBe(400);
    expect((await patch(first.token, adm.userId, { role: 'owner' })).status).toBe(200);
    expect((await patch(first.token, first.userId, { role: 'admin' })).status).toBe(200);
    expect(await auditActions(o.id, adm.userId)).toEqual(['member.update']);
  });

  it('keeps an owner when two owners demote each other at the same time', async () => {
    const o = await buildOrg(db);
    const [a, b] = [await person('owner', null, o.id), await person('owner', null, o.id)];
    const results = await Promise.all([
      api(gh, 'PATCH', `/api/people/${b.userId}`, a.token, { role: 'admin' }),
      api(gh, 'PATCH', `/api/people/${a.userId}`, b.token, { role: 'admin' }),
    ]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => [200, 403, 409].includes(r.status))).toBe(true);
    const owners = await db.withOrg(o.id, (tx) =>
      tx.execute(sql`select count(*)::int as n from memberships where role = 'owner' and status = 'active'`),
    );
    expect(owners.rows[0]).toEqual({ n: 1 });
  });

  it('applies bulk actions all or nothing, with one audit event per person changed', async () => {
    const o = await buildOrg(db);
    const boss = await person('owner', null, o.id);
    const m = await Promise.all([1, 2, 3].map(() => buildMember(db, o.id, 'member')));
    const ids = m.map((x) => x.userId);
    const bulk = (body: unknown) => api(gh, 'POST', '/api/people/bulk', boss.token, body);
    const before = await auditCount(o.id);

    const done = await json(await bulk({ userIds: ids, action: 'disable' }));
    expect(done).toMatchObject({ applied: true, changed: 3 });
    expect(await auditCount(o.id)).toBe(before + 3);
    const again = await json(await bulk({ userIds: [ids[0], ids[1]], action: 'disable' }));
    expect(again.results.map((r: { outcome: string }) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await auditCount(o.id)).toBe(before + 3);

    const refused = await bulk({ userIds: [ids[0], boss.userId], action: 'set-role', role: 'viewer' });
    expect(refused.status).toBe(409);
    const body = await json(refused);
    expect(body.applied).toBe(false);
    expect(body.error.message).toMatch(/^1 of 2 changes refused, nothing was changed.*last active owner/);
    expect(body.results).toEqual([
      { userId: ids[0], outcome: 'not_applied' },
      expect.objectContaining({ userId: boss.userId, outcome: 'refused', code: 'conflict' }),
    ]);
    const stranger = await bulk({ userIds: [ids[0], randomUUID()], action: 'enable' });
    expect(stranger.status).toBe(404);
    const still = await json(await api(gh, 'GET', '/api/people?status=disabled', boss.token));
    expect(still.total).toBe(3);
    expect(still.items.every((p: { role: string }) => p.role === 'member')).toBe(true);
    expect(await auditCount(o.id)).toBe(before + 3);

    expect((await errorOf(await bulk({ userIds: ids, action: 'set-role' }))).message).toMatch(/^role: required/);
    expect((await errorOf(await bulk({ userIds: [ids[0], ids[0]], action: 'enable' }))).message).toMatch(/^userIds: /);
    const moved = await json(await bulk({ userIds: ids, action: 'move', departmentId: null }));
    expect(moved.results.every((r: { outcome: string }) => r.outcome === 'unchanged')).toBe(true);
    expect((await json(await bulk({ userIds: ids, action: 'enable' }))).changed).toBe(3);
  });

  it('keeps managers to their subtree and never lets them raise anyone above member', async () => {
    const inSales = await buildMember(db, org.id, 'member', sales);
    const inHr = await buildMember(db, org.id, 'member', hr);
    const otherManager = await buildMember(db, org.id, 'manager', east);
    const patch = (userId: string, body: unknown) => api(gh, 'PATCH', `/api/people/${userId}`, manager.token, body);
    const seen = await json(await api(gh, 'GET', '/api/people?limit=200', manager.token));
    expect(seen.items.every((p: { departmentId: string }) => [sales, east].includes(p.departmentId))).toBe(true);
    expect(seen.items.some((p: { userId: string }) => p.userId === inSales.userId)).toBe(true);
    expect(seen.total).toBe(seen.items.length);
    const inEast = await json(await api(gh, 'GET', `/api/people?departmentId=${east}&limit=200`, admin.token));
    expect(inEast.items.map((p: { userId: string }) => p.userId)).toContain(otherManager.userId);
    expect(inEast.items.every((p: { departmentId: string }) => p.departmentId === east)).toBe(true);
    expect((await patch(inHr.userId, { status: 'disabled' })).status).toBe(403);
    expect((await patch(inSales.userId, { role: 'admin' })).status).toBe(403);
    expect((await patch(inSales.userId, { role: 'manager' })).status).toBe(403);
    expect((await patch(inSales.userId, { departmentId: hr })).status).toBe(403);
    expect((await patch(otherManager.userId, { status: 'disabled' })).status).toBe(403);
    expect((await patch(inSales.userId, { departmentId: east, role: 'viewer' })).status).toBe(200);
    expect((await api(gh, 'POST', `/api/people/${inSales.userId}/revoke-sessions`, manager.token)).status).toBe(403);
    expect((await api(gh, 'DELETE', `/api/people/${inSales.userId}`, manager.token)).status).toBe(204);
    const csv = await (await api(gh, 'GET', '/api/people/export.csv', manager.token)).text();
    expect(csv).not.toContain(inHr.email);
  });

  it("stops a disabled person's sessions at once and their keys on the gateway within a second", async () => {
    const p = await person('member');
    const key = await buildKey(db, org.id, p.userId);
    const chat = () =>
      fetch(`${gh.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await chat()).status).toBe(200);
    expect((await api(gh, 'PATCH', `/api/people/${p.userId}`, admin.token, { status: 'disabled' })).status).toBe(200);
    expect((await api(gh, 'GET', '/api/me', p.token)).status).toBe(401);
    const started = Date.now();
    const refused = await eventually(chat, (r) => r.status !== 200, 1000);
    expect(refused.status).toBe(403);
    expect(Date.now() - started).toBeLessThan(1000);
    await api(gh, 'PATCH', `/api/people/${p.userId}`, admin.token, { status: 'active' });
    expect((await eventually(chat, (r) => r.status === 200, 1000)).status).toBe(200);
  });

  it('revokes sessions and removes people (their keys are revoked), one audit event per change', async () => {
    const p = await person('member');
    const key = await buildKey(db, org.id, p.userId);
    const revoked = await api(gh, 'POST', `/api/people/${p.userId}/revoke-sessions`, admin.token);
    expect(await json(revoked)).toEqual({ revokedSessions: 1 });
    expect((await api(gh, 'GET', '/api/me', p.token)).status).toBe(401);
    expect((await api(gh, 'DELETE', `/api/people/${p.userId}`, admin.token)).status).toBe(204);
    expect(await auditActions(org.id, p.userId)).toEqual(['member.revoke_sessions', 'member.remove']);
    expect(await auditActions(org.id, key.id)).toEqual(['key.revoke']);
    const models = await eventually(
      () => fetch(`${gh.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } }),
      (r) => r.status === 401,
      1000,
    );
    expect(models.status).toBe(401);
    expect((await api(gh, 'DELETE', `/api/people/${p.userId}`, admin.token)).status).toBe(404);
  });

  it("answers 404 for another org's people and invitations", async () => {
    const other = await buildOrg(db);
    const theirAdmin = await person('admin', null, other.id);
    const theirs = await buildMember(db, other.id, 'member');
    const inv = await json(
      await api(gh, 'POST', '/api/invitations', theirAdmin.token, { email: email('theirs'), role: 'member' }),
    );
    const checks: Array<[string, string, unknown?]> = [
      ['PATCH', `/api/people/${theirs.userId}`, { status: 'disabled' }],
      ['DELETE', `/api/people/${theirs.userId}`],
      ['POST', `/api/people/${theirs.userId}/revoke-sessions`],
      ['POST', '/api/people/bulk', { userIds: [theirs.userId], action: 'disable' }],
      ['POST', `/api/invitations/${inv.id}/resend`, {}],
      ['POST', `/api/invitations/${inv.id}/revoke`],
    ];
    for (const [method, path, body] of checks)
      expect(`${method} ${path} → ${(await api(gh, method, path, admin.token, body)).status}`).toBe(
        `${method} ${path} → 404`,
      );
    const list = await json(await api(gh, 'GET', '/api/people?limit=200', admin.token));
    expect(list.items.some((p: { userId: string }) => p.userId === theirs.userId)).toBe(false);
    const invs = await json(await api(gh, 'GET', '/api/invitations?status=all&limit=200', admin.token));
    expect(invs.items.some((i: { id: string }) => i.id === inv.id)).toBe(false);
    expect((await json(await api(gh, 'GET', '/api/people?limit=200', theirAdmin.token))).items[0].status).toBe(
      'active',
    );
  });
});
