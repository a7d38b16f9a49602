import { createHash, createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import decodeQR from 'qr/decode.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/audit/audit-writer.ts';
import { LoginLimiter } from '../src/auth/login-limiter.ts';
import { mfaSignInCheck } from '../src/auth/mfa-sign-in.ts';
import { SessionService } from '../src/auth/session-service.ts';
import { AccessTokens } from '../src/auth/tokens.ts';
import type { Database } from '../src/db/database.ts';
import { memberCreator } from '../src/identity/user-creator.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { TEST_MASTER_KEY, TEST_PASSWORD, buildMember, buildOrg, openTestDb, testSecrets } from './helpers.ts';
import { json } from './usage.ts';

// TOTP computed here from RFC 4648 and RFC 4226 with node:crypto, independently of src/auth/mfa-totp.ts.
function base32ToBytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32ToBytes(secret)).update(counter).digest();
  const offset = mac[19]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const stepOf = (ms: number) => Math.floor(ms / 30_000);

/** A 6-digit code that is none of the codes of the five steps around `step`. */
function wrongCode(secret: string, step: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(secret, step + d)));
  for (let n = 123_456; ; n++) if (!near.has(String(n))) return String(n);
}

/** The current step, after waiting when less than 6 s of it are left, so codes computed now stay valid. */
async function freshStep(): Promise<number> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 6_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return stepOf(Date.now());
}

/** Reads the QR code of our SVG back, rasterized at 4 px a module, with the library's own decoder. */
function scanSvg(svg: string): string {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const scale = 4;
  const width = size * scale;
  const data = new Uint8Array(width * width * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, n] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let dy = 0; dy < scale; dy++) {
      const start = ((y * scale + dy) * width + x * scale) * 4;
      for (let px = start; px < start + n * scale * 4; px += 4) data.fill(0, px, px + 3);
    }
  }
  return decodeQR({ width, height: width, data });
}

describe('/api/mfa: TOTP enrolment, sign-in with a second factor, recovery codes, org policy', () => {
  let db: Database;
  let gh: Gatehouse;

  beforeAll(async () => {
    db = await openTestDb();
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  const login = (body: Record<string, unknown>) => api(gh, 'POST', '/api/auth/login', null, body);
  const me = async (token: string) => (await json(await api(gh, 'GET', '/api/me', token))).mfa;

  /** Signs in and enrols with the code of the step before the current one (leaving this and the next). */
  async function enrol(email: string) {
    const { token } = await signIn(gh, email);
    const setup = await json(await api(gh, 'POST', '/api/mfa/totp/setup', token));
    const step = await freshStep();
    const res = await api(gh, 'POST', '/api/mfa/totp/confirm', token, { code: totpAt(setup.secret, step - 1) });
    expect(res.status).toBe(200);
    const recoveryCodes = (await json(res)).recoveryCodes as string[];
    return { token, secret: setup.secret as string, recoveryCodes };
  }

  async function auditOf(orgId: string, targetId: string) {
    return db.withOrg(orgId, async (tx) => {
      const rows = await tx.execute(sql`select action, actor_id, before, after from audit_events
                                          where target_id = ${targetId} order by seq`);
      return rows.rows as Array<{ action: string; actor_id: string | null; before: unknown; after: unknown }>;
    });
  }

  it('documents the MFA endpoints (so the generated security tests cover them)', async () => {
    const doc = await json(await fetch(`${gh.url}/openapi.json`));
    expect(Object.keys(doc.paths['/api/mfa/totp'])).toContain('delete');
    for (const path of ['/api/mfa/totp/setup', '/api/mfa/totp/confirm', '/api/mfa/recovery-codes/regenerate'])
      expect(Object.keys(doc.paths[path])).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/people/{userId}/mfa/reset'])).toEqual(['post']);
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty(
      'totp',
    );
  });

  it('enrols: a secret, its otpauth URL and a QR code of it; a computed code turns MFA on', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { token } = await signIn(gh, m.email);
    expect(await me(token)).toEqual({ enabled: false, required: false });

    const res = await api(gh, 'POST', '/api/mfa/totp/setup', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const setup = await json(res);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32ToBytes(setup.secret)).toHaveLength(20);
    expect(setup.otpauthUrl).toBe(
      `otpauth://totp/Gatehouse:${encodeURIComponent(m.email)}?secret=${setup.secret}&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(scanSvg(setup.qrSvg)).toBe(setup.otpauthUrl);

    // Not on until confirmed: sign-in needs no code yet.
    expect((await login({ email: m.email, password: TEST_PASSWORD })).status).toBe(200);
    const step = await freshStep();
    const wrong = await api(gh, 'POST', '/api/mfa/totp/confirm', token, { code: wrongCode(setup.secret, step) });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error.code).toBe('mfa_invalid');
    const ok = await api(gh, 'POST', '/api/mfa/totp/confirm', token, { code: totpAt(setup.secret, step) });
    expect(ok.status).toBe(200);
    const codes = (await json(ok)).recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await me(token)).toEqual({ enabled: true, required: false });

    // Stored: the secret sealed and bound to the user id; only SHA-256 of each recovery code.
    const stored = await db.withSystem(async (tx) => {
      const user = (await tx.execute(sql`select mfa_secret_enc from users where id = ${m.userId}`)).rows[0] as {
        mfa_secret_enc: string;
      };
      const hashes = (await tx.execute(sql`select code_hash from mfa_recovery_codes where user_id = ${m.userId}`))
        .rows as Array<{ code_hash: string }>;
      return { sealed: user.mfa_secret_enc, hashes: hashes.map((h) => h.code_hash).sort() };
    });
    expect(stored.sealed).toMatch(/^v1\./);
    expect(stored.sealed).not.toContain(setup.secret);
    expect(JSON.parse(testSecrets.open(stored.sealed, `users.mfa_secret_enc:${m.userId}`)).secret).toBe(setup.secret);
    expect(() => testSecrets.open(stored.sealed, `users.mfa_secret_enc:${org.id}`)).toThrow();
    const sha = (c: string) => createHash('sha256').update(c.replace('-', '')).digest('hex');
    expect(stored.hashes).toEqual(codes.map(sha).sort());

    const again = await api(gh, 'POST', '/api/mfa/totp/setup', token);
    expect(again.status).toBe(409);
    expect((await api(gh, 'POST', '/api/mfa/totp/confirm', token, { code: '123456' })).status).toBe(409);
  });

  it('asks for the code at sign-in; refuses wrong, too far and replayed codes; accepts a step of drift', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { secret } = await enrol(m.email);
    const noCode = await login({ email: m.email, password: TEST_PASSWORD });
    expect(noCode.status).toBe(401);
    expect((await json(noCode)).error.code).toBe('mfa_required');

    const s = await freshStep();
    const wrongPassword = await login({ email: m.email, password: 'nope', totp: totpAt(secret, s) });
    expect((await json(wrongPassword)).error.code).toBe('invalid_credentials');
    for (const d of [2, -2]) {
      const res = await login({ email: m.email, password: TEST_PASSWORD, totp: totpAt(secret, s + d) });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('mfa_invalid');
    }
    const ok = await login({ email: m.email, password: TEST_PASSWORD, totp: totpAt(secret, s) });
    expect(ok.status).toBe(200);
    expect((await api(gh, 'GET', '/api/me', (await json(ok)).accessToken)).status).toBe(200);

    const replay = await login({ email: m.email, password: TEST_PASSWORD, totp: totpAt(secret, s) });
    expect(replay.status).toBe(401);
    expect((await json(replay)).error).toMatchObject({
      code: 'mfa_invalid',
      message: expect.stringMatching(/already used/),
    });
    const ahead = await login({ email: m.email, password: TEST_PASSWORD, totp: totpAt(secret, s + 1) });
    expect(ahead.status).toBe(200);
  });

  it('counts wrong codes toward the sign-in rate limit', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { secret } = await enrol(m.email);
    const s = await freshStep();
    for (let i = 0; i < 5; i++)
      expect((await login({ email: m.email, password: TEST_PASSWORD, totp: wrongCode(secret, s) })).status).toBe(401);
    const blocked = await login({ email: m.email, password: TEST_PASSWORD, totp: totpAt(secret, s) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('accepts ±1 step of drift and refuses ±2 at sign-in, on an injected clock', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { secret } = await enrol(m.email);
    const sessions = new SessionService(
      db,
      new AccessTokens(Buffer.from(TEST_MASTER_KEY, 'base64')),
      new LoginLimiter(),
    );
    let clock = 0;
    const check = mfaSignInCheck(
      { db, secrets: testSecrets, clock: () => clock },
      { ip: null, userAgent: null, requestId: null },
    );
    const signInWith = (totp: string) =>
      sessions.login({ email: m.email, password: TEST_PASSWORD, ip: '203.0.113.7', userAgent: null, totp }, check);
    const accepted = { user: { id: m.userId } };

    const t = stepOf(Date.now()) + 100; // well after the enrolment's step
    clock = t * 30_000 + 15_000;
    await expect(signInWith(totpAt(secret, t + 2))).rejects.toMatchObject({ code: 'mfa_invalid' });
    await expect(signInWith(totpAt(secret, t - 2))).rejects.toMatchObject({ code: 'mfa_invalid' });
    await expect(signInWith(totpAt(secret, t - 1))).resolves.toMatchObject(accepted);
    await expect(signInWith(totpAt(secret, t + 1))).resolves.toMatchObject(accepted);
    // After t+1 was used, t (and anything older) is a replay.
    await expect(signInWith(totpAt(secret, t))).rejects.toMatchObject({
      message: expect.stringMatching(/already used/),
    });

    clock = (t + 5) * 30_000; // the first millisecond of step t+5
    await expect(signInWith(totpAt(secret, t + 7))).rejects.toMatchObject({ code: 'mfa_invalid' });
    await expect(signInWith(totpAt(secret, t + 4))).resolves.toMatchObject(accepted);
    clock = (t + 8) * 30_000 - 1; // the last millisecond of step t+7
    await expect(signInWith(totpAt(secret, t + 8))).resolves.toMatchObject(accepted);
  });

  it('signs in with a recovery code once; each use is audited without the code', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { recoveryCodes } = await enrol(m.email);
    const first = await login({ email: m.email, password: TEST_PASSWORD, recoveryCode: recoveryCodes[0] });
    expect(first.status).toBe(200);
    const again = await login({ email: m.email, password: TEST_PASSWORD, recoveryCode: recoveryCodes[0] });
    expect(again.status).toBe(401);
    expect((await json(again)).error.code).toBe('mfa_invalid');
    const typed = recoveryCodes[1]!.toUpperCase().replace('-', ' ');
    expect((await login({ email: m.email, password: TEST_PASSWORD, recoveryCode: typed })).status).toBe(200);

    const uses = (await auditOf(org.id, m.userId)).filter((e) => e.action === 'mfa.recovery_code_use');
    expect(uses.map((e) => e.after)).toEqual([{ remaining: 9 }, { remaining: 8 }]);
    expect(uses.every((e) => e.actor_id === m.userId)).toBe(true);
  });

  it('regenerates recovery codes and turns MFA off with a code or the password; the audit holds no secrets', async () => {
    const org = await buildOrg(db);
    const m = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const { token, secret, recoveryCodes: oldCodes } = await enrol(m.email);
    const s = await freshStep();
    const wrong = await api(gh, 'POST', '/api/mfa/recovery-codes/regenerate', token, { code: wrongCode(secret, s) });
    expect((await json(wrong)).error.code).toBe('mfa_invalid');
    const regen = await api(gh, 'POST', '/api/mfa/recovery-codes/regenerate', token, { code: totpAt(secret, s) });
    expect(regen.status).toBe(200);
    const newCodes = (await json(regen)).recoveryCodes as string[];
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((c) => oldCodes.includes(c))).toEqual([]);
    expect((await login({ email: m.email, password: TEST_PASSWORD, recoveryCode: oldCodes[2] })).status).toBe(401);
    expect((await login({ email: m.email, password: TEST_PASSWORD, recoveryCode: newCodes[0] })).status).toBe(200);

    const both = await api(gh, 'DELETE', '/api/mfa/totp', token, { code: '123456', password: TEST_PASSWORD });
    expect(both.status).toBe(400);
    const badPassword = await api(gh, 'DELETE', '/api/mfa/totp', token, { password: 'not my password' });
    expect((await json(badPassword)).error.code).toBe('invalid_credentials');
    const off = await api(gh, 'DELETE', '/api/mfa/totp', token, { code: totpAt(secret, s + 1) });
    expect(off.status).toBe(204);
    expect(await me(token)).toEqual({ enabled: false, required: false });
    expect((await login({ email: m.email, password: TEST_PASSWORD })).status).toBe(200);
    expect((await api(gh, 'DELETE', '/api/mfa/totp', token, { password: TEST_PASSWORD })).status).toBe(409);

    const second = await enrol(m.email);
    expect((await api(gh, 'DELETE', '/api/mfa/totp', second.token, { password: TEST_PASSWORD })).status).toBe(204);
    const left = await db.withSystem(
      async (tx) =>
        (await tx.execute(sql`select count(*)::int as n from mfa_recovery_codes where user_id = ${m.userId}`)).rows,
    );
    expect(left).toEqual([{ n: 0 }]);

    const events = await auditOf(org.id, m.userId);
    expect(events.map((e) => e.action)).toEqual([
      'mfa.totp_setup',
      'mfa.enable',
      'mfa.recovery_codes_regenerate',
      'mfa.recovery_code_use',
      'mfa.disable',
      'mfa.totp_setup',
      'mfa.enable',
      'mfa.disable',
    ]);
    const text = JSON.stringify(events);
    for (const leak of [secret, second.secret, ...oldCodes, ...newCodes, ...second.recoveryCodes])
      expect(text).not.toContain(leak);
    expect(await db.withOrg(org.id, (tx) => verifyAuditChain(tx, org.id))).toMatchObject({ intact: true });
  });

  it("restricts an un-enrolled admin to enrolment when the org requires MFA of admins ('admins', then 'all')", async () => {
    const org = await buildOrg(db);
    const owner = await buildMember(db, org.id, 'owner', null, { withPassword: true });
    const admin = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    const member = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const o = await signIn(gh, owner.email);
    const bogus = await api(gh, 'PATCH', '/api/org', o.token, { settings: { requireMfa: 'sometimes' } });
    expect(bogus.status).toBe(400);
    const set = await api(gh, 'PATCH', '/api/org', o.token, { settings: { requireMfa: 'admins' } });
    expect(set.status).toBe(200);
    expect((await json(set)).settings.requireMfa).toBe('admins');
    // The owner's own session is restricted from the next request on.
    expect((await json(await api(gh, 'GET', '/api/org', o.token))).error.code).toBe('mfa_enrollment_required');

    const a = await signIn(gh, admin.email); // sign-in succeeds …
    expect(await me(a.token)).toEqual({ enabled: false, required: true });
    for (const [method, path, body] of [
      ['GET', '/api/org', undefined],
      ['GET', '/api/audit/verify', undefined],
      ['POST', '/api/keys', { name: 'k' }],
    ] as const) {
      const res = await api(gh, method, path, a.token, body);
      expect(`${method} ${path} → ${res.status}`).toBe(`${method} ${path} → 403`);
      expect((await json(res)).error.code).toBe('mfa_enrollment_required');
    }
    const m = await signIn(gh, member.email);
    expect(await me(m.token)).toEqual({ enabled: false, required: false });
    expect((await api(gh, 'GET', '/api/org', m.token)).status).toBe(200);

    // … and enrolling lifts the restriction for the same session.
    const setup = await json(await api(gh, 'POST', '/api/mfa/totp/setup', a.token));
    const s = await freshStep();
    expect((await api(gh, 'POST', '/api/mfa/totp/confirm', a.token, { code: totpAt(setup.secret, s) })).status).toBe(
      200,
    );
    expect((await api(gh, 'GET', '/api/org', a.token)).status).toBe(200);
    expect(await me(a.token)).toEqual({ enabled: true, required: true });
    const off = await api(gh, 'DELETE', '/api/mfa/totp', a.token, { password: TEST_PASSWORD });
    expect(off.status).toBe(409);
    expect((await json(off)).error.message).toMatch(/required by/);
    expect((await json(await login({ email: admin.email, password: TEST_PASSWORD }))).error.code).toBe('mfa_required');

    expect((await api(gh, 'PATCH', '/api/org', a.token, { settings: { requireMfa: 'all' } })).status).toBe(200);
    expect((await json(await api(gh, 'GET', '/api/org', m.token))).error.code).toBe('mfa_enrollment_required');
  });

  it("lets owners and admins reset a person's MFA, within the rules, with an audit event", async () => {
    const org = await buildOrg(db);
    const owner = await buildMember(db, org.id, 'owner', null, { withPassword: true });
    const admin = await buildMember(db, org.id, 'admin', null, { withPassword: true });
    const manager = await buildMember(db, org.id, 'manager', null, { withPassword: true });
    const member = await buildMember(db, org.id, 'member', null, { withPassword: true });
    const enrolled = await enrol(member.email);
    const a = await signIn(gh, admin.email);
    const reset = (token: string, userId: string) => api(gh, 'POST', `/api/people/${userId}/mfa/reset`, token, {});

    expect((await reset((await signIn(gh, manager.email)).token, member.userId)).status).toBe(403);
    expect((await reset(a.token, owner.userId)).status).toBe(403);
    expect((await reset(a.token, admin.userId)).status).toBe(403);
    const stranger = await buildMember(db, (await buildOrg(db)).id, 'member');
    expect((await reset(a.token, stranger.userId)).status).toBe(404);

    expect((await reset(a.token, member.userId)).status).toBe(204);
    expect(await me(enrolled.token)).toEqual({ enabled: false, required: false });
    expect((await login({ email: member.email, password: TEST_PASSWORD })).status).toBe(200);
    const [event] = (await auditOf(org.id, member.userId)).filter((e) => e.action === 'mfa.reset');
    expect(event).toEqual({
      action: 'mfa.reset',
      actor_id: admin.userId,
      before: { enabled: true },
      after: { enabled: false },
    });

    // Someone also active in another org keeps their MFA unless a platform operator resets it.
    const elsewhere = await buildOrg(db);
    await memberCreator(db, elsewhere.id, { email: member.email, role: 'member' });
    expect((await json(await reset(a.token, member.userId))).error.message).toMatch(/other organizations/);
    const operator = await buildMember(db, org.id, 'admin', null, { withPassword: true, platformAdmin: true });
    expect((await reset((await signIn(gh, operator.email)).token, member.userId)).status).toBe(204);
  });
});
