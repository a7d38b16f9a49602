import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterCursor, page } from '../api/pagination.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { containsPattern } from '../lib/like.ts';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_COLUMNS,
  presentConversation,
  type ConversationRow,
  type MessageRow,
} from './chat-presenters.ts';

/** Whose conversations a query may touch: one person in one org (RLS adds the org). */
export interface ChatOwner {
  orgId: string;
  userId: string;
}

/**
 * The one place that decides whether a conversation is the person's: another person's or another
 * org's conversation is "not found", exactly like one that does not exist.
 */
export async function loadOwnConversation(tx: Tx, owner: ChatOwner, id: string): Promise<ConversationRow> {
  const [row] = (
    await tx.execute(
      sql`select ${sql.raw(CONVERSATION_COLUMNS)} from conversations c where c.id = ${id} and c.user_id = ${owner.userId}`,
    )
  ).rows as unknown as ConversationRow[];
  if (!row) throw new AppError('not_found', `No conversation ${id}.`);
  return row;
}

/** The messages of a conversation, oldest first, with the person's feedback. */
export async function conversationMessages(tx: Tx, conversationId: string): Promise<MessageRow[]> {
  return (
    await tx.execute(sql`select ${sql.raw(MESSAGE_COLUMNS)} from messages m
                          left join message_feedback f on f.message_id = m.id
                         where m.conversation_id = ${conversationId} order by m.seq`)
  ).rows as unknown as MessageRow[];
}

/** One message of a conversation, or 404. */
export async function loadMessage(tx: Tx, conversationId: string, messageId: string): Promise<MessageRow> {
  const [row] = (
    await tx.execute(sql`select ${sql.raw(MESSAGE_COLUMNS)} from messages m
                          left join message_feedback f on f.message_id = m.id
                         where m.id = ${messageId} and m.conversation_id = ${conversationId}`)
  ).rows as unknown as MessageRow[];
  if (!row) throw new AppError('not_found', `No message ${messageId} in this conversation.`);
  return row;
}

/** The person's conversations, most recently active first; `q` searches titles and message text. */
export async function listConversations(
  tx: Tx,
  owner: ChatOwner,
  query: { q?: string; cursor?: string; limit: number },
) {
  const q = query.q?.trim();
  const search = q
    ? sql`and (c.title ilike ${containsPattern(q)}
               or exists (select 1 from messages m where m.conversation_id = c.id and m.content ilike ${containsPattern(q)}))`
    : sql``;
  const rows = (
    await tx.execute(sql`select ${sql.raw(CONVERSATION_COLUMNS)} from conversations c
                          where c.user_id = ${owner.userId} ${search}
                            and ${afterCursor(query.cursor, sql`c.updated_at`, sql`c.id::text`)}
                          order by c.updated_at desc, c.id::text desc limit ${query.limit + 1}`)
  ).rows as unknown as ConversationRow[];
  const { items, nextCursor } = page(
    rows.map((r) => ({ ...r, createdAt: r.updated_at })),
    query.limit,
  );
  return { items: items.map(presentConversation), nextCursor };
}

/** A new, empty conversation of the person. */
export async function conversationCreator(
  tx: Tx,
  owner: ChatOwner,
  input: { title: string; model: string | null },
): Promise<ConversationRow> {
  const [row] = (
    await tx.execute(sql`insert into conversations (org_id, user_id, title, model_alias)
                         values (${owner.orgId}, ${owner.userId}, ${input.title}, ${input.model})
                         returning id, title, model_alias, created_at, updated_at`)
  ).rows as unknown as ConversationRow[];
  return row!;
}

/** Renames a conversation or changes its model; also marks it as just active. */
export async function conversationUpdater(
  tx: Tx,
  id: string,
  changes: { title?: string; model?: string | null },
): Promise<ConversationRow> {
  const [row] = (
    await tx.execute(sql`update conversations c
                            set title = coalesce(${changes.title ?? null}, c.title),
                                model_alias = case when ${changes.model !== undefined}::boolean then ${changes.model ?? null} else c.model_alias end
                          where c.id = ${id}
                          returning ${sql.raw(CONVERSATION_COLUMNS)}`)
  ).rows as unknown as ConversationRow[];
  return row!;
}

/** What a new message needs besides its conversation. */
export interface NewMessage {
  id?: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  modelAlias?: string | null;
  requestId?: string | null;
  status?: 'complete' | 'stopped' | 'error';
  errorCode?: string | null;
  errorMessage?: string | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
}

/** Appends a message to a conversation and marks the conversation as just active. */
export async function messageAppender(
  tx: Tx,
  orgId: string,
  conversationId: string,
  m: NewMessage,
): Promise<MessageRow> {
  const [row] = (
    await tx.execute(sql`insert into messages (id, org_id, conversation_id, role, content, model_alias, request_id,
                                               status, error_code, error_message, tokens_in, tokens_out)
                         values (${m.id ?? randomUUID()}, ${orgId}, ${conversationId}, ${m.role}, ${m.content},
                                 ${m.modelAlias ?? null}, ${m.requestId ?? null}, ${m.status ?? 'complete'},
                                 ${m.errorCode ?? null}, ${m.errorMessage ?? null}, ${m.tokensIn ?? null},
                                 ${m.tokensOut ?? null})
                         returning id, seq, role, content, model_alias, request_id, status, error_code, error_message,
                                   tokens_in, tokens_out, created_at`)
  ).rows as unknown as MessageRow[];
  await tx.execute(sql`update conversations set updated_at = now() where id = ${conversationId}`);
  return row!;
}

/** How many messages a conversation holds. */
export async function messageCount(tx: Tx, conversationId: string): Promise<number> {
  const [row] = (
    await tx.execute(sql`select count(*)::int as n from messages where conversation_id = ${conversationId}`)
  ).rows as Array<{ n: number }>;
  return row!.n;
}

/** Drops the messages of a conversation from `seq` on (regenerate, edit-and-resend). */
export async function messagesDropper(tx: Tx, conversationId: string, fromSeq: string | number): Promise<void> {
  await tx.execute(sql`delete from messages where conversation_id = ${conversationId} and seq >= ${fromSeq}`);
}

/** Deletes a conversation; its messages and their feedback go with it. */
export async function conversationDeleter(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`delete from conversations where id = ${id}`);
}

/** Records (or replaces) the person's thumbs on an answer, with the answer's model and request id. */
export async function feedbackRecorder(
  tx: Tx,
  owner: ChatOwner,
  message: MessageRow,
  input: { rating: 'up' | 'down'; reason: string | null },
): Promise<void> {
  await tx.execute(sql`
    insert into message_feedback (org_id, message_id, user_id, rating, reason, model_alias, request_id)
    values (${owner.orgId}, ${message.id}, ${owner.userId}, ${input.rating}, ${input.reason},
            ${message.model_alias}, ${message.request_id})
    on conflict (message_id) do update set rating = excluded.rating, reason = excluded.reason`);
}

/** Takes back the feedback on an answer (nothing happens when there was none). */
export async function feedbackRemover(tx: Tx, messageId: string): Promise<void> {
  await tx.execute(sql`delete from message_feedback where message_id = ${messageId}`);
}
