import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { startMockServer } from '../src/gateway/providers/mock/server.ts';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, openTestDb, testSecrets } from './helpers.ts';
import { json, readSse, usageEvents } from './usage.ts';

interface Captured {
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A stand-in OpenAI-compatible server that records what the gateway sent it. */
async function captureServer(): Promise<{ server: Server; url: string; seen: Captured[] }> {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const base = { id: 'chatcmpl-cap', object: 'chat.completion.chunk', created: 1, model: 'up-model' };
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-cap',
          object: 'chat.completion',
          created: 1,
          model: 'up-model',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen };
}

describe('gateway → real HTTP providers', () => {
  let db: Database;
  let gh: Gatehouse;
  let capture: Awaited<ReturnType<typeof captureServer>>;
  let mock: Awaited<ReturnType<typeof startMockServer>>;
  let orgId: string;
  let providerId: string;
  let secret: string;

  beforeAll(async () => {
    db = await openTestDb();
    capture = await captureServer();
    mock = await startMockServer({ port: 0, host: '127.0.0.1' });
    const org = await buildOrg(db);
    orgId = org.id;
    const owner = await buildMember(db, org.id, 'owner');
    const provider = await buildProvider(db, org.id, {
      kind: 'openai-compatible',
      baseUrl: capture.url,
      apiKey: 'sk-upstream-secret-123',
    });
    providerId = provider.id;
    await buildModel(db, org.id, provider.id, {
      alias: 'captured',
      upstreamModel: 'up-model',
      priceInput: 1_000_000,
      priceOutput: 2_000_000,
    });
    const overHttp = await buildProvider(db, org.id, { kind: 'openai-compatible', baseUrl: mock.url });
    await buildModel(db, org.id, overHttp.id, { alias: 'mock-http', upstreamModel: 'mock-1@c5t0i0' });
    secret = (await buildKey(db, org.id, owner.userId)).secret;
    gh = await startTestGatehouse();
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
    await mock.close();
    capture.server.close();
  });

  const chat = (body: Record<string, unknown>) =>
    fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('stores the provider credential sealed and sends it decrypted, with the upstream model name', async () => {
    const [row] = await db.withOrg(
      orgId,
      async (tx) => (await tx.execute(sql`select credentials_enc from providers where id = ${providerId}`)).rows,
    );
    const sealed = String(row!.credentials_enc);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('sk-upstream-secret-123');
    expect(testSecrets.open(sealed, providerId)).toBe('sk-upstream-secret-123');

    const res = await chat({ model: 'captured', messages: [{ role: 'user', content: 'x' }], user: 'someone' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.model).toBe('captured');
    const sent = capture.seen.at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-upstream-secret-123');
    expect(sent.body.model).toBe('up-model');
  });

  it('adds stream_options.include_usage upstream itself and bills the stream from it', async () => {
    const res = await chat({ model: 'captured', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    // The client did not ask for usage, so it gets none...
    expect(events.slice(0, -1).some((e) => JSON.parse(e).usage)).toBe(false);
    // ...but the provider was asked, and the ledger has the provider's numbers.
    expect(capture.seen.at(-1)!.body.stream_options).toEqual({ include_usage: true });
    const rows = await usageEvents(db, orgId, sql`model_alias = 'captured' and stream`);
    expect(rows.at(-1)).toMatchObject({ tokens_in: 11, tokens_out: 7, usage_source: 'provider', cost_micros: '25' });
  });

  it('streams through the OpenAI-compatible adapter over real HTTP', async () => {
    const res = await chat({ model: 'mock-http', stream: true, messages: [{ role: 'user', content: 'over http' }] });
    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toContain('You said: over http');
  });

  it('reports an unreachable provider as 502 upstream_unreachable', async () => {
    const deadOrg = await buildOrg(db);
    const owner = await buildMember(db, deadOrg.id, 'owner');
    const dead = await buildProvider(db, deadOrg.id, { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' });
    await buildModel(db, deadOrg.id, dead.id, { alias: 'dead' });
    const key = await buildKey(db, deadOrg.id, owner.userId);
    const res = await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dead', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(502);
    expect((await json(res)).error.code).toBe('upstream_unreachable');
  });

  it('refuses a provider URL pointing at cloud metadata', async () => {
    await expect(
      buildProvider(db, orgId, { kind: 'openai-compatible', baseUrl: 'http://169.254.169.254/v1' }),
    ).rejects.toThrow(/baseUrl: .*169\.254\.169\.254/);
  });
});
