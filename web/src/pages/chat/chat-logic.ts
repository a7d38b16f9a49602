import type { AnswerEvent, ChatMessage, ErrorEvent, PrivacyCounts, StartEvent } from '../../api/chat-types.ts';

/** A message as the chat shows it: a stored one, or one still arriving. */
export interface ThreadMessage extends ChatMessage {
  /** The answer is still streaming in. */
  streaming?: boolean;
  /** The person's message is on its way (no id from the server yet). */
  pending?: boolean;
  /** When a refused answer may be tried again (epoch ms), from the error event's Retry-After. */
  retryAt?: number | null;
}

/** What a streamed turn does to the conversation. */
export type Turn =
  | { kind: 'send'; content: string; tempId: string }
  | { kind: 'regenerate' }
  | { kind: 'resend'; messageId: string; content: string };

/** One raw server-sent event. */
export interface RawEvent {
  event: string;
  data: string;
}

/**
 * An incremental parser of a text/event-stream body: feed it the decoded text as it arrives, in
 * any split, and it returns the complete events (named events, multi-line data, \n or \r\n).
 */
export function sseParser() {
  let buffer = '';
  return {
    push(text: string): RawEvent[] {
      buffer += text.replace(/\r\n?/g, '\n');
      const events: RawEvent[] = [];
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length > 0) events.push({ event, data: data.join('\n') });
        end = buffer.indexOf('\n\n');
      }
      return events;
    },
  };
}

const ANSWER_EVENTS = new Set(['start', 'delta', 'done', 'error']);

/** A raw event as one of the chat's answer events; unknown names (and bad JSON) are skipped. */
export function answerEvent(raw: RawEvent): AnswerEvent | null {
  if (!ANSWER_EVENTS.has(raw.event)) return null;
  try {
    return { event: raw.event, data: JSON.parse(raw.data) } as AnswerEvent;
  } catch {
    return null;
  }
}

/** The answer's placeholder until `done`: empty, streaming, with the privacy counts already known. */
function placeholder(start: StartEvent, now: Date): ThreadMessage {
  return {
    id: start.assistantMessageId,
    role: 'assistant',
    content: '',
    model: start.model,
    requestId: start.requestId,
    status: 'complete',
    error: null,
    tokens: null,
    feedback: null,
    privacy: start.privacy,
    createdAt: now.toISOString(),
    streaming: true,
  };
}

/** The conversation once the server confirmed a turn (`start`): the person's message as stored, then the answer to come. */
export function applyStart(
  messages: ThreadMessage[],
  turn: Turn,
  start: StartEvent,
  now = new Date(),
): ThreadMessage[] {
  let before: ThreadMessage[];
  if (turn.kind === 'send') before = messages.filter((m) => m.id !== turn.tempId);
  else if (turn.kind === 'regenerate')
    before = messages.at(-1)?.role === 'assistant' ? messages.slice(0, -1) : messages;
  else {
    const at = messages.findIndex((m) => m.id === turn.messageId);
    before = at === -1 ? messages : messages.slice(0, at);
  }
  return [...before, ...(start.userMessage ? [start.userMessage] : []), placeholder(start, now)];
}

/** Appends a piece of the answer. */
export function applyDelta(messages: ThreadMessage[], id: string, content: string): ThreadMessage[] {
  return messages.map((m) => (m.id === id ? { ...m, content: m.content + content } : m));
}

/** The answer as stored, replacing its placeholder. */
export function applyDone(messages: ThreadMessage[], id: string, stored: ChatMessage): ThreadMessage[] {
  return messages.map((m) => (m.id === id ? { ...stored, privacy: stored.privacy ?? m.privacy } : m));
}

/**
 * A refusal or failure (budget, rate limit, privacy block, provider): the stored error answer
 * replaces the placeholder (or the placeholder takes the error when nothing could be stored),
 * with the moment a rate-limited person may try again.
 */
export function applyError(
  messages: ThreadMessage[],
  id: string,
  error: ErrorEvent,
  now = Date.now(),
): ThreadMessage[] {
  const retryAt = error.retryAfterSeconds !== null ? now + error.retryAfterSeconds * 1000 : null;
  const fallback = (m: ThreadMessage): ThreadMessage => ({
    ...m,
    status: 'error',
    error: { code: error.code, message: error.message },
    streaming: false,
  });
  const stored = error.assistantMessage;
  return messages.map((m) =>
    m.id === id ? { ...(stored ?? fallback(m)), privacy: stored?.privacy ?? m.privacy, retryAt } : m,
  );
}

/** The person stopped the answer: it keeps what arrived, marked stopped (the server stores the same). */
export function applyStopped(messages: ThreadMessage[], id: string): ThreadMessage[] {
  return messages.map((m) => (m.id === id ? { ...m, status: 'stopped', streaming: false } : m));
}

/** Personal data replaced before a request left: how many items, and their types, most frequent first. */
export function privacySummary(counts: PrivacyCounts | null | undefined): { total: number; types: string[] } | null {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { total: entries.reduce((sum, [, n]) => sum + n, 0), types: entries.map(([type]) => type) };
}

/** Seconds left until `at` (epoch ms), never negative, rounded up so "0" means "now". */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** A countdown as m:ss (or h:mm:ss past an hour). */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** What kind of stop an error code is, for its heading: which limit, or another failure. */
export type StopKind = 'budget' | 'credits' | 'rate' | 'privacy' | 'access' | 'failed';

/** The kind of an answer's error code. */
export function stopKind(code: string): StopKind {
  if (code === 'budget_exceeded') return 'budget';
  if (code === 'credits_exhausted') return 'credits';
  if (code === 'rate_limited' || code === 'upstream_rate_limited') return 'rate';
  if (code === 'privacy_blocked' || code === 'privacy_unavailable') return 'privacy';
  if (code === 'model_not_allowed' || code === 'model_not_found' || code === 'model_unpriced') return 'access';
  return 'failed';
}

/**
 * The model of the next message: the conversation's own when it is still allowed, else the one
 * last chosen on this device when allowed, else the first allowed (null when none is).
 */
export function chooseModel(allowed: readonly string[], conversationModel: string | null, remembered: string | null) {
  if (conversationModel && allowed.includes(conversationModel)) return conversationModel;
  if (remembered && allowed.includes(remembered)) return remembered;
  return allowed[0] ?? null;
}

/** Whether a scroller is (about) at its end, so new text may follow it without pulling a reader away. */
export function nearBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, slack = 80): boolean {
  return scrollHeight - (scrollTop + viewportHeight) <= slack;
}

/** The index of the answer that Regenerate replaces: the last message when it is an answer, else -1. */
export function regenerableIndex(messages: readonly ThreadMessage[]): number {
  const last = messages.length - 1;
  return last >= 0 && messages[last]!.role === 'assistant' && !messages[last]!.streaming ? last : -1;
}

/** The title the server gives a conversation after its first message (its first line, ≤ 80 characters). */
export function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A download's file name: the title in safe characters (as the server names it), else the id. */
export function exportName(title: string, id: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return `${base || `conversation-${id}`}.${extension}`;
}
