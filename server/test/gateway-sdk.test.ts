import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { Gatehouse } from '../src/main.ts';
import { startTestGatehouse } from './gatehouse.ts';
import { buildTenant, openTestDb } from './helpers.ts';

describe('official SDKs against Gatehouse', () => {
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

  it('openai: lists models and streams a chat completion', async () => {
    const client = new OpenAI({ apiKey: tenant.key.secret, baseURL: `${gh.url}/v1`, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(['mock-chat', 'mock-embed']);

    const stream = await client.chat.completions.create({
      model: 'mock-chat',
      messages: [{ role: 'user', content: 'Hallo aus München' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('openai: non-streamed completion, tool call and embeddings', async () => {
    const client = new OpenAI({ apiKey: tenant.key.secret, baseURL: `${gh.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'mock-chat',
      messages: [{ role: 'user', content: 'What is the weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      tool_choice: 'required',
    });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather' },
    });

    const embeddings = await client.embeddings.create({ model: 'mock-embed', input: 'Guten Morgen' });
    expect(embeddings.data[0]!.embedding.length).toBeGreaterThan(0);
  });

  it('openai: errors surface as the SDK error classes', async () => {
    const client = new OpenAI({ apiKey: 'gh_live_wrong', baseURL: `${gh.url}/v1`, maxRetries: 0 });
    await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('anthropic: creates and streams a message through /v1/messages', async () => {
    const client = new Anthropic({ apiKey: tenant.key.secret, baseURL: gh.url, maxRetries: 0 });
    const message = await client.messages.create({
      model: 'mock-chat',
      max_tokens: 200,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const stream = client.messages.stream({
      model: 'mock-chat',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Stream it' }],
    });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    expect(text.length).toBeGreaterThan(0);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('anthropic: errors come back in the Anthropic shape', async () => {
    const client = new Anthropic({ apiKey: tenant.key.secret, baseURL: gh.url, maxRetries: 0 });
    await expect(
      client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
