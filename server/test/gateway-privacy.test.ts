import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, openTestDb } from './helpers.ts';
import { json, readSse, usageEvents } from './usage.ts';

const PII = {
  name: 'Frau Dr. Anna Schäfer',
  iban: 'DE89 3704 0044 0532 0130 00',
  phone: '+49 30 1234567',
  email: 'anna.schaefer@kanzlei-beispiel.de',
};
const PROMPT = `Bitte fasse zusammen: ${PII.name} (Tel. ${PII.phone}, ${PII.email}) hat auf das Konto IBAN ${PII.iban} überwiesen.`;
const VALUES = ['Schäfer', 'DE89', '1234567', 'anna.schaefer', 'kanzlei-beispiel'];

/** An OpenAI-compatible stand-in that records what it received and echoes the user's text back. */
async function echoProvider() {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      received.push(raw);
      if (req.url?.endsWith('/embeddings')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            model: 'echo-embed',
            data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
            usage: { prompt_tokens: 9, total_tokens: 9 },
          }),
        );
        return;
      }
      const body = JSON.parse(raw) as { stream?: boolean; messages: Array<{ content: string }> };
      const text = `Zusammenfassung: ${body.messages.at(-1)!.content}`;
      const base = { id: 'chatcmpl-echo', created: 1, model: 'echo' };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 30, completion_tokens: 30, total_tokens: 60 },
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Three-character pieces: every placeholder arrives split across chunks.
      for (let i = 0; i < text.length; i += 3)
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text.slice(i, i + 3) }, finish_reason: null }] })}\n\n`,
        );
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 30, completion_tokens: 30, total_tokens: 60 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('privacy shield on the gateway', () => {
  let db: Database;
  let gh: Gatehouse;
  let echo: Awaited<ReturnType<typeof echoProvider>>;
  let orgId: string;
  let secret: string;
  let admin: string;
  const logs: string[] = [];
  const chat = (body: Record<string, unknown>, url = gh.url) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: PROMPT }], ...body }),
    });

  beforeAll(async () => {
    db = await openTestDb();
    echo = await echoProvider();
    const org = await buildOrg(db);
    orgId = org.id;
    const owner = await buildMember(db, org.id, 'owner', null, { withPassword: true });
    const provider = await buildProvider(db, org.id, { kind: 'openai-compatible', baseUrl: echo.url });
    await buildModel(db, org.id, provider.id, {
      alias: 'echo',
      upstreamModel: 'echo',
      priceInput: 1000,
      priceOutput: 1000,
    });
    await buildModel(db, org.id, provider.id, {
      alias: 'echo-embed',
      upstreamModel: 'echo-embed',
      kind: 'embedding',
      priceInput: 1000,
      priceOutput: 0,
    });
    secret = (await buildKey(db, org.id, owner.userId)).secret;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    gh = await startTestGatehouse({ LOG_LEVEL: 'debug' }, { logDestination: sink });
    admin = (await signIn(gh, owner.email)).token;
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
    echo.server.close();
  });

  it('sends placeholders to the provider and restores the originals for the caller', async () => {
    const res = await chat({}, gh.url);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.choices[0].message.content).toBe(`Zusammenfassung: ${PROMPT}`);
    const sent = echo.received.at(-1)!;
    for (const value of VALUES) expect(sent).not.toContain(value);
    expect(sent).toMatch(/<PERSON_1>/);
    expect(sent).toMatch(/<IBAN_1>/);
  });

  it('restores a streamed answer whose placeholders are split across chunks', async () => {
    const res = await chat({ stream: true });
    const events = await readSse(res);
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe(`Zusammenfassung: ${PROMPT}`);
    for (const value of VALUES) expect(echo.received.at(-1)!).not.toContain(value);
  });

  it('keeps personal data out of the usage ledger and the logs, recording counts by type', async () => {
    await chat({}, gh.url);
    const rows = await usageEvents(db, orgId, sql`model_alias = 'echo'`);
    const row = rows.at(-1) as unknown as { privacy_counts: Record<string, number> };
    expect(row.privacy_counts).toMatchObject({ IBAN: 1, EMAIL: 1, PHONE: 1 });
    const everything = JSON.stringify(rows) + logs.join('');
    for (const value of VALUES) expect(everything).not.toContain(value);
    expect(logs.some((l) => l.includes('"route":"/v1/chat/completions"'))).toBe(true);
  });

  it('blocks with 422 naming the types (never the values) when the policy says block', async () => {
    const put = await api(gh, 'PUT', '/api/privacy/policy', admin, {
      mode: { default: 'pseudonymize', byType: { IBAN: 'block' } },
    });
    expect(put.status).toBe(200);
    const before = echo.received.length;
    const res = await chat({});
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.code).toBe('privacy_blocked');
    expect(body.error.message).toContain('IBAN');
    expect(body.error.message).not.toContain('DE89');
    expect(echo.received.length).toBe(before);
    expect((await api(gh, 'PUT', '/api/privacy/policy', admin, {})).status).toBe(200);
  });

  it('masks embeddings input (a vector cannot be restored)', async () => {
    const res = await fetch(`${gh.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'echo-embed', input: [`Kontakt: ${PII.email}`] }),
    });
    expect(res.status).toBe(200);
    const sent = JSON.parse(echo.received.at(-1)!) as { input: string[] };
    expect(sent.input[0]).toBe('Kontakt: [EMAIL]');
  });

  it('previews what would be sent for a pasted text', async () => {
    const res = await api(gh, 'POST', '/api/privacy/preview', admin, { text: PROMPT });
    const body = await json(res);
    expect(body.entities.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['PERSON', 'PHONE', 'EMAIL', 'IBAN']),
    );
    expect(body.sent).not.toContain('DE89');
    expect(body.sent).toContain('<IBAN_1>');
  });

  it('fails closed: a detector that throws fails the request and the provider receives nothing', async () => {
    const broken = await startTestGatehouse(
      {},
      {
        detect: () => {
          throw new Error('detector down');
        },
      },
    );
    try {
      const before = echo.received.length;
      const res = await chat({}, broken.url);
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe('privacy_unavailable');
      expect(echo.received.length).toBe(before);
    } finally {
      await broken.stop();
    }
  });
});
