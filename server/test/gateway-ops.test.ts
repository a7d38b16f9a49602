import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildModel, buildTenant, openTestDb } from './helpers.ts';
import { json, readSse } from './usage.ts';

describe('operations: health, readiness, metrics, request ids, graceful shutdown', () => {
  let db: Database;
  let gh: Gatehouse;
  let tenant: Awaited<ReturnType<typeof buildTenant>>;

  beforeAll(async () => {
    db = await openTestDb();
    tenant = await buildTenant(db);
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('reports health with database status, uptime and version', async () => {
    const res = await fetch(`${gh.url}/health`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { ok: true },
    });
    expect(typeof body.uptimeSeconds).toBe('number');
    expect((await fetch(`${gh.url}/ready`)).status).toBe(200);
  });

  it('generates a request id when none is given and echoes a given one', async () => {
    const generated = await fetch(`${gh.url}/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^req_[A-Za-z0-9_-]{16}$/);
    const echoed = await fetch(`${gh.url}/health`, { headers: { 'x-request-id': 'trace-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-42');
    const unsafe = await fetch(`${gh.url}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('exposes Prometheus metrics for requests, latency, tokens and errors', async () => {
    await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-chat', messages: [{ role: 'user', content: 'metrics' }] }),
    });
    await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await (await fetch(`${gh.url}/metrics`)).text();
    expect(text).toMatch(
      /gatehouse_gateway_requests_total\{endpoint="\/v1\/chat\/completions",provider="mock",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /gatehouse_gateway_errors_total\{endpoint="\/v1\/chat\/completions",code="model_not_found"\} [1-9]/,
    );
    expect(text).toMatch(/gatehouse_gateway_request_duration_seconds_bucket/);
    expect(text).toMatch(/gatehouse_upstream_response_seconds_bucket\{le="[^"]+",provider="mock"\}/);
    expect(text).toMatch(/gatehouse_tokens_total\{direction="output",provider="mock"\} [1-9]/);
  });

  it('drains an in-flight stream on shutdown, then refuses new work', async () => {
    const own = await startTestGatehouse();
    const slow = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1@c10t0i50' });
    const pending = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: slow.alias, stream: true, messages: [{ role: 'user', content: 'drain me' }] }),
    });
    const res = await pending;
    expect(res.status).toBe(200);
    const stopped = own.stop();
    const events = await readSse(res);
    await stopped;
    expect(events.at(-1)).toBe('[DONE]');
    expect(events.length).toBeGreaterThanOrEqual(11);
    await expect(fetch(`${own.url}/health`)).rejects.toThrow();
  });
});
