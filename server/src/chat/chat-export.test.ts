import { describe, expect, it } from 'vitest';
import { conversationJson, conversationMarkdown, exportFileName } from './chat-export.ts';
import type { MessageOut, MessageRow } from './chat-presenters.ts';
import { historyForModel } from './chat-sender.ts';
import { titleFrom } from './chat-turns.ts';

const conversation = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Quarterly — Plan: Ä/B?',
  model: 'mock-chat',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:05:00.000Z',
};

const message = (m: Partial<MessageOut>): MessageOut => ({
  id: '00000000-0000-4000-8000-000000000002',
  role: 'user',
  content: '',
  model: null,
  requestId: null,
  status: 'complete',
  error: null,
  tokens: null,
  feedback: null,
  privacy: null,
  createdAt: '2026-11-23T10:00:00.000Z',
  ...m,
});

const row = (m: Partial<MessageRow>): MessageRow => ({
  id: 'x',
  seq: 1,
  role: 'user',
  content: '',
  model_alias: null,
  request_id: null,
  status: 'complete',
  error_code: null,
  error_message: null,
  tokens_in: null,
  tokens_out: null,
  created_at: '2026-11-23 10:00:00+00',
  ...m,
});

describe('chat export', () => {
  it('writes a heading per message and notes stopped and refused answers in place', () => {
    const md = conversationMarkdown(conversation, [
      message({ role: 'user', content: 'Plan it' }),
      message({ role: 'assistant', model: 'mock-chat', content: 'Half an ans', status: 'stopped' }),
      message({ role: 'user', content: 'Again' }),
      message({
        role: 'assistant',
        model: 'mock-chat',
        status: 'error',
        error: { code: 'budget_exceeded', message: 'Monthly budget reached; it resets 2026-12-01.' },
      }),
    ]);
    expect(md).toMatch(/^# Quarterly — Plan: Ä\/B\?\n/);
    expect(md).toContain('## You\n\nPlan it\n');
    expect(md).toContain('## Assistant (mock-chat)\n\nHalf an ans\n\n_(stopped before the answer was complete)_');
    expect(md).toContain('> **Not answered** (budget_exceeded): Monthly budget reached; it resets 2026-12-01.');
  });

  it('names files after the title in safe characters, else the id', () => {
    expect(exportFileName(conversation, 'md')).toBe('Quarterly-Plan-AB.md');
    expect(exportFileName({ ...conversation, title: '' }, 'json')).toBe(`conversation-${conversation.id}.json`);
  });

  it('wraps the API shapes in a versioned JSON document', () => {
    const doc = conversationJson(conversation, [message({ content: 'hi' })]);
    expect(doc).toMatchObject({ format: 'gatehouse.conversation.v1', conversation, messages: [{ content: 'hi' }] });
  });
});

describe('what the model sees', () => {
  it('keeps stopped answers, drops failed and empty ones', () => {
    expect(
      historyForModel([
        row({ role: 'system', content: 'Be brief.' }),
        row({ role: 'user', content: 'One' }),
        row({ role: 'assistant', content: 'Partial', status: 'stopped' }),
        row({ role: 'user', content: 'Two' }),
        row({ role: 'assistant', content: '', status: 'error', error_code: 'rate_limited' }),
        row({ role: 'assistant', content: '', status: 'stopped' }),
        row({ role: 'user', content: 'Three' }),
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'Partial' },
      { role: 'user', content: 'Two' },
      { role: 'user', content: 'Three' },
    ]);
  });

  it('titles a conversation after the first line of its first message', () => {
    expect(titleFrom('  Hello there\nsecond line')).toBe('Hello there');
    expect(titleFrom('x'.repeat(100))).toBe(`${'x'.repeat(79)}…`);
  });
});
