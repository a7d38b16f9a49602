import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { MAX_MESSAGES } from '../src/chat/chat-turns.ts';
import { api, signIn, startTestGatehouse } from './gatehouse.ts';
import { buildKey, buildMember, buildModel, buildOrg, buildProvider, buildTenant, openTestDb } from './helpers.ts';
import { eventually, json, usageEvents, type LooseJson } from './usage.ts';

/** An OpenAI-compatible stand-in that records what it received and streams the user's text back. */
async function echoProvider() {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      received.push(raw);
      const body = JSON.parse(raw) as { messages: Array<{ content: string }> };
      const text = `Echo: ${body.messages.at(-1)!.content}`;
      const base = { id: 'chatcmpl-echo', created: 1, model: 'echo', object: 'chat.completion.chunk' };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Three-character pieces: every placeholder arrives split across chunks.
      for (let i = 0; i < text.length; i += 3)
        res.write(
          `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + 3) }, finish_reason: null }] })}\n\n`,
        );
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write(
        `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 20, completion_tokens: 20, total_tokens: 40 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

interface ChatEvent {
  event: string;
  data: LooseJson;
}

/** Parses a named-event SSE text into its events. */
function parseEvents(text: string): ChatEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as LooseJson };
    });
}

const deltas = (events: ChatEvent[]) =>
  events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.content as string)
    .join('');

const MOCK_ANSWER = 'This is the Gatehouse mock. You said: ';

describe('/api/chat: conversations and answers through the gateway pipeline', () => {
  let db: Database;
  let gh: Gatehouse;
  let echo: Awaited<ReturnType<typeof echoProvider>>;
  let orgId: string;
  let member: Awaited<ReturnType<typeof buildMember>>;
  let token: string;
  let colleague: string;
  let capped: Awaited<ReturnType<typeof buildMember>>;
  let cappedToken: string;
  let stranger: string;
  let memberKey: string;
  let admin: string;

  const send = async (t: string, path: string, body: unknown, signal?: AbortSignal) => {
    const res = await fetch(`${gh.url}${path}`, {
      method: 'POST',
      signal,
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res;
  };
  const talk = async (t: string, path: string, body: unknown) => {
    const res = await send(t, path, body);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return parseEvents(await res.text());
  };
  const newConversation = async (t: string, body: unknown = {}) => {
    const res = await api(gh, 'POST', '/api/chat/conversations', t, body);
    expect(res.status).toBe(201);
    return (await json(res)).id as string;
  };
  const getConversation = async (t: string, id: string) =>
    json(await api(gh, 'GET', `/api/chat/conversations/${id}`, t));

  beforeAll(async () => {
    db = await openTestDb();
    echo = await echoProvider();
    const org = await buildOrg(db);
    orgId = org.id;
    const owner = await buildMember(db, orgId, 'owner', null, { withPassword: true });
    member = await buildMember(db, orgId, 'member', null, { withPassword: true });
    const other = await buildMember(db, orgId, 'member', null, { withPassword: true });
    capped = await buildMember(db, orgId, 'member', null, { withPassword: true });
    const mock = await buildProvider(db, orgId);
    await buildModel(db, orgId, mock.id, { alias: 'mock-chat', upstreamModel: 'mock-1' });
    await buildModel(db, orgId, mock.id, { alias: 'mock-slow', upstreamModel: 'mock-1@c40t0i15' });
    await buildModel(db, orgId, mock.id, { alias: 'mock-embed', upstreamModel: 'mock-embed', kind: 'embedding' });
    const adminsOnly = await buildModel(db, orgId, mock.id, { alias: 'mock-admins', upstreamModel: 'mock-1' });
    const echoProviderRow = await buildProvider(db, orgId, { kind: 'openai-compatible', baseUrl: echo.url });
    await buildModel(db, orgId, echoProviderRow.id, { alias: 'echo', upstreamModel: 'echo' });
    await db.withOrg(orgId, async (tx) => {
      await tx.execute(sql`insert into model_access (org_id, model_id, subject_type, subject, allowed)
                           values (${orgId}, ${adminsOnly.id}, 'role', 'member', false)`);
      // One message a day for `capped`: the second is refused by the budget.
      await tx.execute(sql`insert into budgets (org_id, scope_type, scope_id, metric, period, limit_amount)
                           values (${orgId}, 'user', ${capped.userId}, 'requests', 'day', 1)`);
    });
    memberKey = (await buildKey(db, orgId, member.userId)).secret;
    const foreign = await buildTenant(db);
    const foreigner = await buildMember(db, foreign.org.id, 'member', null, { withPassword: true });
    gh = await startTestGatehouse();
    admin = (await signIn(gh, owner.email)).token;
    token = (await signIn(gh, member.email)).token;
    colleague = (await signIn(gh, other.email)).token;
    cappedToken = (await signIn(gh, capped.email)).token;
    stranger = (await signIn(gh, foreigner.email)).token;
  });
  afterAll(async () => {
    await gh.stop();
    await db.close();
    echo.server.close();
  });

  it('lists only the chat models this person may use', async () => {
    const res = await api(gh, 'GET', '/api/chat/models', token);
    expect(res.status).toBe(200);
    const ids = (await json(res)).items.map((m: { id: string }) => m.id);
    expect(ids).toEqual(['echo', 'mock-chat', 'mock-slow']);
  });

  it('streams an answer, stores both messages and writes one usage event for the person', async () => {
    const id = await newConversation(token, { model: 'mock-chat' });
    const events = await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Hello there' });
    expect(events[0]!.event).toBe('start');
    expect(events.at(-1)!.event).toBe('done');
    expect(events.slice(1, -1).every((e) => e.event === 'delta')).toBe(true);
    const start = events[0]!.data;
    expect(start.userMessage).toMatchObject({ role: 'user', content: 'Hello there', status: 'complete' });
    expect(deltas(events)).toBe(`${MOCK_ANSWER}Hello there`);
    const done = events.at(-1)!.data.assistantMessage;
    expect(done).toMatchObject({
      id: start.assistantMessageId,
      role: 'assistant',
      content: `${MOCK_ANSWER}Hello there`,
      model: 'mock-chat',
      status: 'complete',
      requestId: start.requestId,
      error: null,
    });
    expect(done.tokens.output).toBeGreaterThan(0);
    // Nothing personal in the prompt: nothing replaced.
    expect(start.privacy).toBeNull();
    expect(done.privacy).toBeNull();

    // Stored before the last event: readable at once.
    const conversation = await getConversation(token, id);
    expect(conversation.title).toBe('Hello there');
    expect(conversation.model).toBe('mock-chat');
    expect(conversation.messages.map((m: { role: string; status: string }) => `${m.role}:${m.status}`)).toEqual([
      'user:complete',
      'assistant:complete',
    ]);
    const events2 = await usageEvents(db, orgId, sql`request_id = ${start.requestId}`);
    expect(events2).toHaveLength(1);
    expect(events2[0]).toMatchObject({
      endpoint: '/api/chat/conversations/:id/messages',
      user_id: member.userId,
      key_id: null,
      model_alias: 'mock-chat',
      status: 200,
      stream: true,
      usage_source: 'provider',
      tokens_out: done.tokens.output,
    });
    expect(Number(events2[0]!.cost_micros)).toBeGreaterThan(0);

    // The next turn sends the whole conversation to the model.
    const next = await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'And again' });
    expect(deltas(next)).toBe(`${MOCK_ANSWER}And again`);
    expect((await getConversation(token, id)).messages).toHaveLength(4);
  });

  it('stops when the client leaves: stores the partial answer as stopped and bills what was produced', async () => {
    const id = await newConversation(token, { model: 'mock-slow' });
    const controller = new AbortController();
    const res = await send(
      token,
      `/api/chat/conversations/${id}/messages`,
      { content: 'Tell me a long story' },
      controller.signal,
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/event: delta/g) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const start = parseEvents(text.slice(0, text.indexOf('\n\n') + 2))[0]!.data;
    const conversation = await eventually(
      () => getConversation(token, id),
      (c) => c.messages.length === 2,
    );
    const answer = conversation.messages[1];
    expect(answer.status).toBe('stopped');
    expect(answer.id).toBe(start.assistantMessageId);
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.content.length).toBeLessThan(`${MOCK_ANSWER}Tell me a long story`.repeat(2).length);
    const [event] = await eventually(
      () => usageEvents(db, orgId, sql`request_id = ${start.requestId}`),
      (rows) => rows.length === 1,
    );
    expect(event).toMatchObject({ status: 499, client_aborted: true, user_id: member.userId, key_id: null });
    expect(event!.tokens_out).toBeGreaterThan(0);
    expect(event!.tokens_out).toBeLessThan(40);
    expect(Number(event!.cost_micros)).toBeGreaterThan(0);
  });

  it('sends a budget refusal as a structured error event and stores it as an error message', async () => {
    const id = await newConversation(cappedToken, { model: 'mock-chat' });
    const first = await talk(cappedToken, `/api/chat/conversations/${id}/messages`, { content: 'One' });
    expect(first.at(-1)!.event).toBe('done');
    const refused = await talk(cappedToken, `/api/chat/conversations/${id}/messages`, { content: 'Two' });
    expect(refused.map((e) => e.event)).toEqual(['start', 'error']);
    const error = refused[1]!.data;
    expect(error).toMatchObject({ code: 'budget_exceeded', status: 402 });
    expect(error.message).toMatch(/^Personal limit of .+: daily requests budget 1 request would be exceeded/);
    expect(error.message).toMatch(/resets \d{4}-\d\d-\d\d 00:00 UTC\.$/);
    expect(error.assistantMessage).toMatchObject({
      status: 'error',
      content: '',
      error: { code: 'budget_exceeded', message: error.message },
    });
    const conversation = await getConversation(cappedToken, id);
    expect(conversation.messages.map((m: { status: string }) => m.status)).toEqual([
      'complete',
      'complete',
      'complete',
      'error',
    ]);
    const [event] = await usageEvents(db, orgId, sql`request_id = ${error.requestId}`);
    expect(event).toMatchObject({ status: 402, error_code: 'budget_exceeded', user_id: capped.userId });
  });

  it('refuses a model the person may not use, as an error event', async () => {
    const id = await newConversation(token);
    const events = await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Hi', model: 'mock-admins' });
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'model_not_allowed', status: 403 } });
  });

  it('pseudonymizes personal data upstream and restores it in the streamed and stored answer', async () => {
    const id = await newConversation(token, { model: 'echo' });
    const prompt = 'Please write to anna.schaefer@kanzlei-beispiel.de today';
    const events = await talk(token, `/api/chat/conversations/${id}/messages`, { content: prompt });
    expect(deltas(events)).toBe(`Echo: ${prompt}`);
    const sent = echo.received.at(-1)!;
    expect(sent).not.toContain('anna.schaefer');
    expect(sent).toMatch(/<EMAIL_1>/);
    // The person is told what the shield replaced (counts by type, never the values): while the
    // answer streams, when it is done, and when the conversation is read again.
    expect(events[0]!.data.privacy).toEqual({ EMAIL: 1 });
    expect(events.at(-1)!.data.assistantMessage.privacy).toEqual({ EMAIL: 1 });
    const conversation = await eventually(
      () => getConversation(token, id),
      (c) => c.messages[1].privacy !== null,
    );
    expect(conversation.messages[1].content).toBe(`Echo: ${prompt}`);
    expect(conversation.messages.map((m: { privacy: unknown }) => m.privacy)).toEqual([null, { EMAIL: 1 }]);
    const exported = await json(await api(gh, 'GET', `/api/chat/conversations/${id}/export?format=json`, token));
    expect(exported.messages[1].privacy).toEqual({ EMAIL: 1 });
  });

  it('sends a privacy block as an error event; the provider receives nothing', async () => {
    const policy = { mode: { default: 'pseudonymize', byType: { EMAIL: 'block' } } };
    expect((await api(gh, 'PUT', '/api/privacy/policy', admin, policy)).status).toBe(200);
    try {
      const id = await newConversation(token, { model: 'echo' });
      const before = echo.received.length;
      const events = await talk(token, `/api/chat/conversations/${id}/messages`, {
        content: 'Mail anna.schaefer@kanzlei-beispiel.de',
      });
      expect(events.map((e) => e.event)).toEqual(['start', 'error']);
      expect(events[1]!.data).toMatchObject({ code: 'privacy_blocked', status: 422 });
      expect(events[1]!.data.message).toContain('EMAIL');
      expect(events[1]!.data.message).not.toContain('anna.schaefer');
      expect(echo.received.length).toBe(before);
      expect((await getConversation(token, id)).messages[1]).toMatchObject({
        status: 'error',
        error: { code: 'privacy_blocked' },
      });
    } finally {
      expect((await api(gh, 'PUT', '/api/privacy/policy', admin, {})).status).toBe(200);
    }
  });

  it('regenerates the last answer, replacing it', async () => {
    const id = await newConversation(token, { model: 'mock-chat' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'First question' });
    const before = await getConversation(token, id);
    const events = await talk(token, `/api/chat/conversations/${id}/regenerate`, {});
    expect(events[0]!.data.userMessage).toBeNull();
    expect(events.at(-1)!.event).toBe('done');
    const after = await getConversation(token, id);
    expect(after.messages).toHaveLength(2);
    expect(after.messages[0].id).toBe(before.messages[0].id);
    expect(after.messages[1].id).not.toBe(before.messages[1].id);
    expect(after.messages[1].content).toBe(`${MOCK_ANSWER}First question`);
  });

  it('edits and resends a message, dropping what followed it', async () => {
    const id = await newConversation(token, { model: 'mock-chat' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Question one' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Question two' });
    const before = await getConversation(token, id);
    const first = before.messages[0];
    const events = await talk(token, `/api/chat/conversations/${id}/messages/${first.id}/resend`, {
      content: 'Question one, better',
    });
    expect(events[0]!.data.userMessage).toMatchObject({ id: first.id, content: 'Question one, better' });
    const after = await getConversation(token, id);
    expect(after.messages.map((m: { content: string }) => m.content)).toEqual([
      'Question one, better',
      `${MOCK_ANSWER}Question one, better`,
    ]);
    // Only a person's message can be edited.
    const answer = after.messages[1];
    const wrong = await send(token, `/api/chat/conversations/${id}/messages/${answer.id}/resend`, { content: 'x' });
    expect(wrong.status).toBe(400);
  });

  it('keeps thumbs up/down with a reason, the model and the request id', async () => {
    const id = await newConversation(token, { model: 'mock-chat' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Rate me' });
    const [question, answer] = (await getConversation(token, id)).messages;
    const path = `/api/chat/conversations/${id}/messages/${answer.id}/feedback`;
    const put = await api(gh, 'PUT', path, token, { rating: 'down', reason: 'Too short' });
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual({ rating: 'down', reason: 'Too short' });
    expect((await api(gh, 'PUT', path, token, { rating: 'up' })).status).toBe(200);
    const rows = (
      await db.withOrg(orgId, (tx) =>
        tx.execute(
          sql`select rating, reason, model_alias, request_id, user_id from message_feedback where message_id = ${answer.id}`,
        ),
      )
    ).rows;
    expect(rows).toEqual([
      { rating: 'up', reason: null, model_alias: 'mock-chat', request_id: answer.requestId, user_id: member.userId },
    ]);
    expect((await getConversation(token, id)).messages[1].feedback).toEqual({ rating: 'up', reason: null });
    const onQuestion = await api(gh, 'PUT', `/api/chat/conversations/${id}/messages/${question.id}/feedback`, token, {
      rating: 'up',
    });
    expect(onQuestion.status).toBe(400);
    expect((await api(gh, 'DELETE', path, token)).status).toBe(204);
    expect((await getConversation(token, id)).messages[1].feedback).toBeNull();
  });

  it('exports a conversation as Markdown and as JSON', async () => {
    const id = await newConversation(token, { model: 'mock-chat', title: 'Export me' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'What is | in a table?' });
    const md = await api(gh, 'GET', `/api/chat/conversations/${id}/export?format=markdown`, token);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="Export-me.md"');
    const text = await md.text();
    expect(text).toMatch(/^# Export me\n/);
    expect(text).toContain('## You\n\nWhat is | in a table?\n');
    expect(text).toContain(`## Assistant (mock-chat)\n\n${MOCK_ANSWER}What is | in a table?\n`);
    const js = await api(gh, 'GET', `/api/chat/conversations/${id}/export?format=json`, token);
    expect(js.headers.get('content-disposition')).toBe('attachment; filename="Export-me.json"');
    const body = await json(js);
    expect(body.format).toBe('gatehouse.conversation.v1');
    expect(body.conversation).toMatchObject({ id, title: 'Export me', model: 'mock-chat' });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(body.messages[1].requestId).toMatch(/^req_/);
  });

  it('renames, searches titles and messages, pages with a cursor, and deletes', async () => {
    const t = colleague;
    const ids: string[] = [];
    for (const title of ['Alpha plan', 'Beta plan', 'Gamma notes', 'Delta'])
      ids.push(await newConversation(t, { title }));
    await talk(t, `/api/chat/conversations/${ids[3]}/messages`, {
      content: 'the secret ingredient is 50% paprika',
      model: 'mock-chat',
    });
    const renamed = await api(gh, 'PATCH', `/api/chat/conversations/${ids[2]}`, t, { title: 'Gamma plan' });
    expect((await json(renamed)).title).toBe('Gamma plan');

    const search = async (q: string) =>
      (await json(await api(gh, 'GET', `/api/chat/conversations?q=${encodeURIComponent(q)}`, t))).items.map(
        (c: { title: string }) => c.title,
      );
    // Most recently active first: the rename made Gamma the newest.
    expect(await search('plan')).toEqual(['Gamma plan', 'Beta plan', 'Alpha plan']);
    expect(await search('PAPRIKA')).toEqual(['Delta']);
    expect(await search('50%')).toEqual(['Delta']);
    expect(await search('5_%')).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/chat/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const pageBody: LooseJson = await json(await api(gh, 'GET', query, t));
      expect(pageBody.items.length).toBeLessThanOrEqual(3);
      seen.push(...pageBody.items.map((c: { id: string }) => c.id));
      cursor = pageBody.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen)).toEqual(new Set(ids));

    expect((await api(gh, 'DELETE', `/api/chat/conversations/${ids[3]}`, t)).status).toBe(204);
    expect((await api(gh, 'GET', `/api/chat/conversations/${ids[3]}`, t)).status).toBe(404);
    const left = await db.withOrg(orgId, (tx) =>
      tx.execute(sql`select count(*)::int as n from messages where conversation_id = ${ids[3]}`),
    );
    expect(left.rows[0]!.n).toBe(0);
  });

  it('refuses a message past the per-conversation limit, before storing or sending anything', async () => {
    const id = await newConversation(token, { model: 'mock-chat' });
    await db.withOrg(orgId, (tx) =>
      tx.execute(sql`insert into messages (org_id, conversation_id, role, content)
                     select ${orgId}, ${id}, case when i % 2 = 0 then 'user' else 'assistant' end, 'm' || i
                       from generate_series(0, ${MAX_MESSAGES - 1}) as i`),
    );
    const res = await send(token, `/api/chat/conversations/${id}/messages`, { content: 'One more' });
    expect(res.status).toBe(409);
    expect((await json(res)).error.message).toMatch(/start a new one/);
    expect((await getConversation(token, id)).messages).toHaveLength(MAX_MESSAGES);
  });

  it("answers 404 for another person's or another org's conversation, and 403 for an API key", async () => {
    const id = await newConversation(token, { title: 'Mine' });
    await talk(token, `/api/chat/conversations/${id}/messages`, { content: 'Private', model: 'mock-chat' });
    const messageId = (await getConversation(token, id)).messages[1].id;
    for (const t of [colleague, stranger]) {
      expect((await api(gh, 'GET', `/api/chat/conversations/${id}`, t)).status).toBe(404);
      expect((await api(gh, 'PATCH', `/api/chat/conversations/${id}`, t, { title: 'x' })).status).toBe(404);
      expect((await api(gh, 'DELETE', `/api/chat/conversations/${id}`, t)).status).toBe(404);
      expect((await api(gh, 'GET', `/api/chat/conversations/${id}/export`, t)).status).toBe(404);
      expect((await send(t, `/api/chat/conversations/${id}/messages`, { content: 'x' })).status).toBe(404);
      expect((await send(t, `/api/chat/conversations/${id}/regenerate`, {})).status).toBe(404);
      expect(
        (await api(gh, 'PUT', `/api/chat/conversations/${id}/messages/${messageId}/feedback`, t, { rating: 'up' }))
          .status,
      ).toBe(404);
      const list = await json(await api(gh, 'GET', '/api/chat/conversations?q=Mine', t));
      expect(list.items).toEqual([]);
    }
    expect((await getConversation(token, id)).title).toBe('Mine');
    expect((await api(gh, 'GET', '/api/chat/conversations', memberKey)).status).toBe(403);
    expect((await api(gh, 'GET', '/api/chat/conversations', null)).status).toBe(401);
  });
});
