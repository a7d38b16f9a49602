import { z } from 'zod';

/** A conversation row as the chat queries select it (raw rows carry timestamps as text). */
export interface ConversationRow {
  id: string;
  title: string;
  model_alias: string | null;
  created_at: string;
  updated_at: string;
}

/** A message row, with its feedback when the person gave some. */
export interface MessageRow {
  id: string;
  seq: string | number;
  role: 'user' | 'assistant' | 'system';
  content: string;
  model_alias: string | null;
  request_id: string | null;
  status: 'complete' | 'stopped' | 'error';
  error_code: string | null;
  error_message: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  created_at: string;
  feedback_rating?: 'up' | 'down' | null;
  feedback_reason?: string | null;
  /** The privacy shield's counts of the request that produced an answer (from its usage event). */
  privacy_counts?: Record<string, number> | null;
}

/** The columns of a conversation every chat query selects. */
export const CONVERSATION_COLUMNS = 'c.id, c.title, c.model_alias, c.created_at, c.updated_at';

/**
 * The columns of a message (with its feedback) every chat query selects. An answer's privacy
 * counts live on its request's usage event (one per request id, indexed), not on the message.
 */
export const MESSAGE_COLUMNS = `m.id, m.seq, m.role, m.content, m.model_alias, m.request_id, m.status, m.error_code,
  m.error_message, m.tokens_in, m.tokens_out, m.created_at, f.rating as feedback_rating, f.reason as feedback_reason,
  (select u.privacy_counts from usage_events u
    where m.role = 'assistant' and u.request_id = m.request_id and u.org_id = m.org_id limit 1) as privacy_counts`;

export const conversationOut = z.object({
  id: z.uuid(),
  title: z.string(),
  model: z.string().nullable().describe('The model alias the next message goes to'),
  createdAt: z.string(),
  updatedAt: z.string().describe('When the conversation last changed (a message, a rename)'),
});

export const feedbackOut = z.object({
  rating: z.enum(['up', 'down']),
  reason: z.string().nullable(),
});

export const messageOut = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string().describe('The text; for a stopped or failed answer, what was produced before'),
  model: z.string().nullable().describe('The model alias that answered (assistant messages)'),
  requestId: z.string().nullable().describe("The gateway request id (the usage event's), for assistant messages"),
  status: z.enum(['complete', 'stopped', 'error']),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('Why the answer failed or was refused (budget, rate limit, privacy block, provider)'),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }).nullable(),
  feedback: feedbackOut.nullable(),
  privacy: z
    .record(z.string(), z.number().int())
    .nullable()
    .describe(
      'Answers: personal data the privacy shield replaced (pseudonymized or masked) in the request before it left, ' +
        'by entity type (counts only, never values); null when nothing was replaced',
    ),
  createdAt: z.string(),
});

/** A conversation as the API shows it. */
export type ConversationOut = z.infer<typeof conversationOut>;
/** A message as the API shows it. */
export type MessageOut = z.infer<typeof messageOut>;

const iso = (v: string | Date) => new Date(v).toISOString();

/** Names each field of a conversation the API shows (never the org or the owner's id). */
export function presentConversation(row: ConversationRow): ConversationOut {
  return {
    id: row.id,
    title: row.title,
    model: row.model_alias,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Names each field of a message the API shows. */
export function presentMessage(row: MessageRow): MessageOut {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    model: row.model_alias,
    requestId: row.request_id,
    status: row.status,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    tokens:
      row.tokens_in === null && row.tokens_out === null
        ? null
        : { input: row.tokens_in ?? 0, output: row.tokens_out ?? 0 },
    feedback: row.feedback_rating ? { rating: row.feedback_rating, reason: row.feedback_reason ?? null } : null,
    privacy: row.privacy_counts && Object.keys(row.privacy_counts).length > 0 ? row.privacy_counts : null,
    createdAt: iso(row.created_at),
  };
}
