import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildModel, buildTenant, openTestDb } from './helpers.ts';
import { eventually, json, readSse, usageEvents } from './usage.ts';

describe('gateway: chat completions, embeddings, generate', () => {
  let db: Database;
  let gh: Gatehouse;
  let tenant: Awaited<ReturnType<typeof buildTenant>>;
  // Models are set up before the first request: a model added later reaches the gateway's cache
  // within a second (tested in gateway-errors), which these tests need not wait for.
  let cut: { alias: string };
  let slow: { alias: string };
  let unpriced: { alias: string };
  let waiting: { alias: string };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${gh.url}${path}`, {
      method: 'POST',
      signal,
      headers: { authorization: `Bearer ${tenant.key.secret}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    db = await openTestDb();
    tenant = await buildTenant(db);
    cut = await buildModel(db, tenant.org.id, tenant.provider.id, {
      upstreamModel: 'mock-1@cut3',
      priceInput: 1_000_000,
      priceOutput: 1_000_000,
    });
    slow = await buildModel(db, tenant.org.id, tenant.provider.id, {
      upstreamModel: 'mock-1@c200t0i10',
      priceInput: 0,
      priceOutput: 0,
    });
    unpriced = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1', priceInput: null });
    waiting = await buildModel(db, tenant.org.id, tenant.provider.id, { upstreamModel: 'mock-1@t2000' });
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
  });

  it('answers a chat completion and records a priced usage event before responding', async () => {
    const res = await post(
      '/v1/chat/completions',
      { model: 'mock-chat', messages: [{ role: 'user', content: 'Hello there' }] },
      { 'x-request-id': 'req_chat_plain_1' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req_chat_plain_1');
    const body = await json(res);
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('mock-chat');
    expect(body.choices[0].message.role).toBe('assistant');
    expect(body.choices[0].message.content.length).toBeGreaterThan(0);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    // Durable before the last byte: no waiting needed.
    const [event] = await usageEvents(db, tenant.org.id, sql`request_id = 'req_chat_plain_1'`);
    expect(event).toMatchObject({
      endpoint: '/v1/chat/completions',
      key_id: tenant.key.id,
      user_id: tenant.owner.userId,
      model_alias: 'mock-chat',
      provider_kind: 'mock',
      upstream_model: 'mock-1',
      tokens_in: body.usage.prompt_tokens,
      tokens_out: body.usage.completion_tokens,
      pricing: 'priced',
      usage_source: 'provider',
      status: 200,
      error_code: null,
      stream: false,
    });
    const expected = Math.ceil(
      (body.usage.prompt_tokens * 150_000 + body.usage.completion_tokens * 600_000) / 1_000_000,
    );
    expect(Number(event!.cost_micros)).toBe(expected);
  });

  it('streams SSE chunks ending in [DONE], without a usage chunk unless asked', async () => {
    const res = await post(
      '/v1/chat/completions',
      { model: 'mock-chat', stream: true, messages: [{ role: 'user', content: 'Stream please' }] },
      { 'x-request-id': 'req_stream_1' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'mock-chat')).toBe(true);
    expect(chunks.some((c) => c.usage)).toBe(false);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    const [event] = await usageEvents(db, tenant.org.id, sql`request_id = 'req_stream_1'`);
    // The gateway asked the provider for usage itself, so the stream is billed from the provider's numbers.
    expect(event).toMatchObject({ stream: true, status: 200, usage_source: 'provider' });
    expect(event!.tokens_out).toBeGreaterThan(0);
    expect(event!.ttft_ms).not.toBeNull();
  });

  it('passes the usage chunk through when the client asks for it', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'mock-chat',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Count me' }],
    });
    const events = await readSse(res);
    const usageChunk = JSON.parse(events.at(-2)!);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('bills a stream cut off midway for what was generated, and says it failed', async () => {
    const res = await post(
      '/v1/chat/completions',
      { model: cut.alias, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-request-id': 'req_cut_1' },
    );
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-1)!).error.code).toBe('upstream_error');
    const [event] = await usageEvents(db, tenant.org.id, sql`request_id = 'req_cut_1'`);
    expect(event).toMatchObject({ status: 502, error_code: 'upstream_error', usage_source: 'estimated', stream: true });
    expect(event!.tokens_out).toBeGreaterThan(0);
    expect(Number(event!.cost_micros)).toBeGreaterThan(0);
  });

  it('aborts the upstream call and bills the partial answer when the client disconnects', async () => {
    const controller = new AbortController();
    const res = await post(
      '/v1/chat/completions',
      { model: slow.alias, stream: true, messages: [{ role: 'user', content: 'long' }] },
      { 'x-request-id': 'req_abort_1' },
      controller.signal,
    );
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    const [event] = await eventually(
      () => usageEvents(db, tenant.org.id, sql`request_id = 'req_abort_1'`),
      (rows) => rows.length === 1,
    );
    expect(event).toMatchObject({
      client_aborted: true,
      status: 499,
      error_code: 'client_closed_request',
      usage_source: 'estimated',
    });
    expect(event!.tokens_out).toBeGreaterThan(0);
    expect(event!.tokens_out).toBeLessThan(200);
    // Well under the 2 s the full answer would take: the upstream was stopped, not drained.
    expect(event!.latency_ms).toBeLessThan(1500);
  });

  it('records a client that leaves before the provider answers as 499, not as a server error', async () => {
    const controller = new AbortController();
    const pending = post(
      '/v1/chat/completions',
      { model: waiting.alias, messages: [{ role: 'user', content: 'slow' }] },
      { 'x-request-id': 'req_abort_early' },
      controller.signal,
    ).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 150));
    controller.abort();
    await pending;
    const [event] = await eventually(
      () => usageEvents(db, tenant.org.id, sql`request_id = 'req_abort_early'`),
      (rows) => rows.length === 1,
    );
    expect(event).toMatchObject({ status: 499, error_code: 'client_closed_request', client_aborted: true });
    expect(event!.latency_ms).toBeLessThan(1500);
  });

  it('answers embeddings and records them', async () => {
    const res = await post(
      '/v1/embeddings',
      { model: 'mock-embed', input: ['Guten Tag', 'Hello'] },
      { 'x-request-id': 'req_embed_1' },
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.object).toBe('list');
    expect(body.data).toHaveLength(2);
    expect(body.model).toBe('mock-embed');
    expect(Array.isArray(body.data[0].embedding)).toBe(true);
    const [event] = await usageEvents(db, tenant.org.id, sql`request_id = 'req_embed_1'`);
    expect(event).toMatchObject({ endpoint: '/v1/embeddings', status: 200, model_alias: 'mock-embed' });
    expect(event!.tokens_in).toBeGreaterThan(0);
  });

  it('answers /v1/generate with content, tokens used and credits deducted', async () => {
    const res = await post('/v1/generate', { prompt: 'Write one line', model: 'mock-chat' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(typeof body.content).toBe('string');
    expect(body.content.length).toBeGreaterThan(0);
    expect(body.tokens_used).toBe(body.tokens.input + body.tokens.output);
    // The org does not use prepaid credits: nothing is deducted, the cost is still reported.
    expect(body.credits_deducted).toBe(0);
    expect(body.credits_deducted_micros).toBe(0);
    expect(body.cost_micros).toBeGreaterThan(0);
  });

  it('refuses unpriced models by default, naming the model and the fix', async () => {
    const res = await post('/v1/chat/completions', {
      model: unpriced.alias,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.status).toBe(403);
    const body = await json(res);
    expect(body.error.code).toBe('model_unpriced');
    expect(body.error.message).toContain(`"${unpriced.alias}" has no price`);
  });

  it('records unpriced models as unpriced, never as free, when the org allows them', async () => {
    await db.withSystem((tx) =>
      tx.execute(
        sql`update organizations set settings = settings || '{"unpricedModels": "allow"}'::jsonb where id = ${tenant.org.id}`,
      ),
    );
    await gh.metering.limits.poll();
    const res = await post(
      '/v1/chat/completions',
      { model: unpriced.alias, messages: [{ role: 'user', content: 'hi' }] },
      { 'x-request-id': 'req_unpriced_1' },
    );
    expect(res.status).toBe(200);
    const [event] = await usageEvents(db, tenant.org.id, sql`request_id = 'req_unpriced_1'`);
    expect(event).toMatchObject({ pricing: 'unpriced', cost_micros: null });
  });

  it('writes one usage event per request under concurrency (group commit)', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `req_group_${i}`);
    const results = await Promise.all(
      ids.map((id) =>
        post(
          '/v1/chat/completions',
          { model: 'mock-chat', messages: [{ role: 'user', content: id }] },
          { 'x-request-id': id },
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = await usageEvents(db, tenant.org.id, sql`request_id like 'req_group_%'`);
    expect(rows.map((r) => r.request_id).sort()).toEqual([...ids].sort());
  });
});
