import { describe, expect, it } from 'vitest';
import type { ChatMessage, ErrorEvent, StartEvent } from '../../api/chat-types.ts';
import {
  answerEvent,
  applyDelta,
  applyDone,
  applyError,
  applyStart,
  applyStopped,
  chooseModel,
  exportName,
  formatCountdown,
  nearBottom,
  privacySummary,
  regenerableIndex,
  secondsUntil,
  sseParser,
  stopKind,
  titleFrom,
  type ThreadMessage,
} from './chat-logic.ts';

const message = (m: Partial<ChatMessage> & { id: string }): ThreadMessage => ({
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

const start = (s: Partial<StartEvent> = {}): StartEvent => ({
  conversationId: 'c1',
  requestId: 'req_1',
  model: 'mock-1',
  userMessage: null,
  assistantMessageId: 'a2',
  privacy: null,
  ...s,
});

const ids = (messages: ThreadMessage[]) => messages.map((m) => m.id);

describe('the SSE parser', () => {
  it('returns named events whole, however the text is split', () => {
    const parser = sseParser();
    expect(parser.push('event: start\ndata: {"a"')).toEqual([]);
    expect(parser.push(':1}\n\nevent: delta\r\ndata: {"content":"x"}\r\n\r\nevent: de')).toEqual([
      { event: 'start', data: '{"a":1}' },
      { event: 'delta', data: '{"content":"x"}' },
    ]);
    expect(parser.push('lta\ndata: one\ndata: two\n\n: a comment\n\n')).toEqual([{ event: 'delta', data: 'one\ntwo' }]);
  });

  it('keeps known answer events and skips unknown names and bad JSON', () => {
    expect(answerEvent({ event: 'delta', data: '{"content":"hi"}' })).toEqual({
      event: 'delta',
      data: { content: 'hi' },
    });
    expect(answerEvent({ event: 'ping', data: '{}' })).toBeNull();
    expect(answerEvent({ event: 'done', data: '{not json' })).toBeNull();
  });
});

describe('a streamed turn', () => {
  const history = [
    message({ id: 'u1', content: 'First' }),
    message({ id: 'a1', role: 'assistant', content: 'Answer one' }),
  ];

  it('send: the stored message replaces the pending one, then the answer streams in and is stored', () => {
    const pending = [...history, message({ id: 'tmp', content: 'Second', pending: true } as ThreadMessage)];
    const stored = message({ id: 'u2', content: 'Second' });
    let thread = applyStart(
      pending,
      { kind: 'send', content: 'Second', tempId: 'tmp' },
      start({ userMessage: stored }),
    );
    expect(ids(thread)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(thread[3]).toMatchObject({ role: 'assistant', content: '', streaming: true, model: 'mock-1' });
    thread = applyDelta(applyDelta(thread, 'a2', 'Hel'), 'a2', 'lo');
    expect(thread[3]!.content).toBe('Hello');
    thread = applyDone(thread, 'a2', message({ id: 'a2', role: 'assistant', content: 'Hello', requestId: 'req_1' }));
    expect(thread[3]).toMatchObject({ content: 'Hello', requestId: 'req_1' });
    expect(thread[3]!.streaming).toBeUndefined();
  });

  it('regenerate replaces the last answer; resend drops what followed the edited message', () => {
    expect(ids(applyStart(history, { kind: 'regenerate' }, start()))).toEqual(['u1', 'a2']);
    const longer = [...history, message({ id: 'u2' }), message({ id: 'a3', role: 'assistant' })];
    const edited = message({ id: 'u1', content: 'First, better' });
    const thread = applyStart(
      longer,
      { kind: 'resend', messageId: 'u1', content: 'First, better' },
      start({ userMessage: edited }),
    );
    expect(ids(thread)).toEqual(['u1', 'a2']);
    expect(thread[0]!.content).toBe('First, better');
  });

  it('keeps the privacy counts of start when done has none yet', () => {
    let thread = applyStart(history, { kind: 'regenerate' }, start({ privacy: { EMAIL: 1 } }));
    thread = applyDone(thread, 'a2', message({ id: 'a2', role: 'assistant' }));
    expect(thread.at(-1)!.privacy).toEqual({ EMAIL: 1 });
  });

  it('a refusal becomes the stored error answer, with the time a retry is allowed', () => {
    const thread = applyStart(history, { kind: 'regenerate' }, start());
    const error: ErrorEvent = {
      code: 'rate_limited',
      message: 'Personal rate limit of 2 requests per minute reached; try again in 30 s.',
      status: 429,
      retryAfterSeconds: 30,
      requestId: 'req_1',
      assistantMessage: message({
        id: 'a2',
        role: 'assistant',
        status: 'error',
        error: { code: 'rate_limited', message: 'Personal rate limit…' },
      }),
    };
    const failed = applyError(thread, 'a2', error, 1_000);
    expect(failed.at(-1)).toMatchObject({ status: 'error', error: { code: 'rate_limited' }, retryAt: 31_000 });
    const unsaved = applyError(thread, 'a2', { ...error, retryAfterSeconds: null, assistantMessage: null }, 1_000);
    expect(unsaved.at(-1)).toMatchObject({
      status: 'error',
      streaming: false,
      retryAt: null,
      error: { code: 'rate_limited', message: error.message },
    });
  });

  it('a stopped answer keeps what arrived', () => {
    const thread = applyDelta(applyStart(history, { kind: 'regenerate' }, start()), 'a2', 'Partial');
    expect(applyStopped(thread, 'a2').at(-1)).toMatchObject({
      content: 'Partial',
      status: 'stopped',
      streaming: false,
    });
  });

  it('offers Regenerate only on a last answer that is not streaming', () => {
    expect(regenerableIndex(history)).toBe(1);
    expect(regenerableIndex(history.slice(0, 1))).toBe(-1);
    expect(regenerableIndex([])).toBe(-1);
    expect(regenerableIndex(applyStart(history, { kind: 'regenerate' }, start()))).toBe(-1);
  });
});

describe('small helpers', () => {
  it('sums the privacy counts, most frequent type first', () => {
    expect(privacySummary({ PERSON: 1, EMAIL: 2, PHONE: 0 })).toEqual({ total: 3, types: ['EMAIL', 'PERSON'] });
    expect(privacySummary({})).toBeNull();
    expect(privacySummary(null)).toBeNull();
  });

  it('counts down in whole seconds, rounding up', () => {
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(9_000, 10_000)).toBe(0);
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(3_725)).toBe('1:02:05');
  });

  it('names the limit behind an error code', () => {
    expect(stopKind('budget_exceeded')).toBe('budget');
    expect(stopKind('rate_limited')).toBe('rate');
    expect(stopKind('privacy_blocked')).toBe('privacy');
    expect(stopKind('credits_exhausted')).toBe('credits');
    expect(stopKind('model_not_allowed')).toBe('access');
    expect(stopKind('upstream_timeout')).toBe('failed');
  });

  it("picks the conversation's model, else the remembered one, else the first allowed", () => {
    expect(chooseModel(['a', 'b'], 'b', 'a')).toBe('b');
    expect(chooseModel(['a', 'b'], 'gone', 'b')).toBe('b');
    expect(chooseModel(['a', 'b'], null, 'gone')).toBe('a');
    expect(chooseModel([], 'a', 'a')).toBeNull();
  });

  it('follows new text only when the reader is at the end', () => {
    expect(nearBottom(920, 80, 1000)).toBe(true);
    expect(nearBottom(500, 80, 1000)).toBe(false);
  });

  it('titles and names files like the server does', () => {
    expect(titleFrom('  Hello there\nsecond line')).toBe('Hello there');
    expect(titleFrom('x'.repeat(100))).toBe(`${'x'.repeat(79)}…`);
    expect(exportName('Quarterly — Plan: Ä/B?', 'c1', 'md')).toBe('Quarterly-Plan-AB.md');
    expect(exportName('???', 'c1', 'json')).toBe('conversation-c1.json');
  });
});
