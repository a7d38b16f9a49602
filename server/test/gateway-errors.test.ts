import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { apiKeys, organizations } from '../src/db/schema.ts';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildModel, buildTenant, openTestDb } from './helpers.ts';
import { eventually, json, usageEvents } from './usage.ts';

describe('gateway: bad input and refused credentials', () => {
  let db: Database;
  let gh: Gatehouse;
  let tenant: Awaited<ReturnType<typeof buildTenant>>;
  let failing: { alias: string };
  let limited: { alias: string };
  const chat = { model: 'mock-chat', messages: [{ role: 'user', content: 'hi' }] };
  const send = (body: string, headers: Record<string, string>) =>
    fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const withKey = (secret: string, requestId: string) => ({
    authorization: `Bearer ${secret}`,
    'x-request-id': requestId,
  });
  const event = async (requestId: string) => (await usageEvents(db, tenant.org.id, sql`request_id = ${requestId}`))[0];

  beforeAll(async () => {
    db = await openTestDb();
    tenant = await buildTenant(db);
    failing = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1@error500' });
    limited = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1@error429' });
    gh = await startTestGatehouse({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('401 without a key, OpenAI-shaped, and nothing to bill', async () => {
    const res = await send(JSON.stringify(chat), { 'x-request-id': 'req_nokey' });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({
      error: {
        message: expect.stringContaining('No API key'),
        type: 'authentication_error',
        param: null,
        code: 'missing_api_key',
      },
    });
  });

  it('401 for an unknown key', async () => {
    const res = await send(JSON.stringify(chat), { authorization: 'Bearer gh_live_doesnotexist' });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('invalid_api_key');
  });

  it('accepts the key as x-api-key and X-License-Key too', async () => {
    for (const header of ['x-api-key', 'x-license-key']) {
      const res = await send(JSON.stringify(chat), { [header]: tenant.key.secret });
      expect(res.status).toBe(200);
    }
  });

  it('400 invalid_json for malformed JSON, recorded against the key', async () => {
    const res = await send('{"model": "mock-chat", "messages": [', withKey(tenant.key.secret, 'req_badjson'));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.type).toBe('invalid_request_error');
    expect(await event('req_badjson')).toMatchObject({
      status: 400,
      error_code: 'invalid_json',
      key_id: tenant.key.id,
    });
  });

  it('400 naming the wrong field for a schema violation', async () => {
    const res = await send(
      JSON.stringify({ model: 'mock-chat', messages: [{ role: 'wizard', content: 'x' }] }),
      withKey(tenant.key.secret, 'req_badfield'),
    );
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/^messages\.0\.role/);
    expect(await event('req_badfield')).toMatchObject({ status: 400, error_code: 'invalid_request' });
  });

  it('413 for an oversized body, recorded', async () => {
    const big = JSON.stringify({ ...chat, messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    const res = await send(big, withKey(tenant.key.secret, 'req_toobig'));
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
    expect(await event('req_toobig')).toMatchObject({ status: 413, error_code: 'payload_too_large' });
  });

  it('404 for an unknown model, recorded with the alias asked for', async () => {
    const res = await send(
      JSON.stringify({ ...chat, model: 'gpt-nonexistent' }),
      withKey(tenant.key.secret, 'req_nomodel'),
    );
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(await event('req_nomodel')).toMatchObject({
      status: 404,
      error_code: 'model_not_found',
      model_alias: 'gpt-nonexistent',
    });
  });

  it('403 for a model the key may not use; /v1/models lists only what it may', async () => {
    const limited = await buildKey(db, tenant.org.id, tenant.owner.userId, { allowedModels: ['mock-embed'] });
    const res = await send(JSON.stringify(chat), withKey(limited.secret, 'req_notallowed'));
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('model_not_allowed');
    expect(await event('req_notallowed')).toMatchObject({
      status: 403,
      error_code: 'model_not_allowed',
      key_id: limited.id,
    });
    const models = await fetch(`${gh.url}/v1/models`, { headers: { authorization: `Bearer ${limited.secret}` } });
    expect((await json(models)).data.map((m: { id: string }) => m.id)).toEqual(['mock-embed']);
  });

  it('401 for an expired key, recorded', async () => {
    const soon = await buildKey(db, tenant.org.id, tenant.owner.userId, { expiresAt: new Date(Date.now() + 300) });
    await new Promise((r) => setTimeout(r, 400));
    const res = await send(JSON.stringify(chat), withKey(soon.secret, 'req_expired'));
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('expired_api_key');
    expect(await event('req_expired')).toMatchObject({ status: 401, error_code: 'expired_api_key', key_id: soon.id });
  });

  it('a revoke takes effect within one second on every process', async () => {
    const second = await startTestGatehouse({ CACHE_REFRESH_MS: '500' });
    try {
      const key = await buildKey(db, tenant.org.id, tenant.owner.userId);
      for (const url of [gh.url, second.url]) {
        const warm = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(chat),
        });
        expect(warm.status).toBe(200);
      }
      await db.withOrg(tenant.org.id, (tx) =>
        tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(sql`id = ${key.id}`),
      );
      const revokedAt = Date.now();
      await new Promise((r) => setTimeout(r, 1000));
      for (const url of [gh.url, second.url]) {
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(chat),
        });
        expect(res.status).toBe(401);
        expect((await json(res)).error.code).toBe('revoked_api_key');
      }
      expect(Date.now() - revokedAt).toBeLessThan(2000);
    } finally {
      await second.stop();
    }
  });

  it('a model added while the gateway runs is served within a second', async () => {
    const added = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1' });
    const started = Date.now();
    const res = await eventually(
      () =>
        send(JSON.stringify({ ...chat, model: added.alias }), withKey(tenant.key.secret, `req_added_${Date.now()}`)),
      (r) => r.status === 200,
      1000,
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a suspended org gets 403 within a second, gateway included', async () => {
    const other = await buildTenant(db);
    const ok = await send(JSON.stringify(chat), withKey(other.key.secret, 'req_before_suspend'));
    expect(ok.status).toBe(200);
    await db.withSystem((tx) =>
      tx
        .update(organizations)
        .set({ status: 'suspended' })
        .where(sql`id = ${other.org.id}`),
    );
    const res = await eventually(
      () => send(JSON.stringify(chat), withKey(other.key.secret, 'req_suspended')),
      (r) => r.status === 403,
      1000,
    );
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('org_suspended');
  });

  it('maps upstream failures to classified errors and records them', async () => {
    const res = await send(
      JSON.stringify({ ...chat, model: failing.alias }),
      withKey(tenant.key.secret, 'req_upstream500'),
    );
    expect(res.status).toBe(502);
    const body = await json(res);
    expect(body.error.code).toBe('upstream_error');
    expect(body.error.type).toBe('api_error');
    expect(await event('req_upstream500')).toMatchObject({ status: 502, error_code: 'upstream_error' });

    const rate = await send(
      JSON.stringify({ ...chat, model: limited.alias }),
      withKey(tenant.key.secret, 'req_upstream429'),
    );
    expect(rate.status).toBe(429);
    expect((await json(rate)).error.code).toBe('upstream_rate_limited');
  });

  it('rejects an unknown endpoint with a 404 in the OpenAI shape', async () => {
    const res = await fetch(`${gh.url}/v1/nothing-here`, { headers: { authorization: `Bearer ${tenant.key.secret}` } });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });

  it('keeps the usage ledger complete: every request with an identified key left exactly one event', async () => {
    const rows = await usageEvents(db, tenant.org.id);
    const ids = rows.map((r) => r.request_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
