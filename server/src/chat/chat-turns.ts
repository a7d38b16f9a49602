import type { UserActor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Catalog } from '../models/catalog.ts';
import { chatModelsFor, personIdentity } from './chat-identity.ts';
import { presentMessage, type ConversationRow } from './chat-presenters.ts';
import type { AnswerPlan } from './chat-sender.ts';
import {
  conversationMessages,
  conversationUpdater,
  loadMessage,
  loadOwnConversation,
  messageAppender,
  messageCount,
  messagesDropper,
} from './chat-store.ts';

/** Most messages one conversation holds, so reading, exporting and answering it stay bounded. */
export const MAX_MESSAGES = 500;

/** A title from the first message: its first line, at most 80 characters. */
export function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** The model of the turn: the one asked for, else the conversation's, else the first one allowed. */
async function modelFor(catalog: Catalog, actor: UserActor, asked: string | undefined, c: ConversationRow) {
  const model = asked ?? c.model_alias ?? (await chatModelsFor(catalog, actor))[0]?.alias;
  if (!model) throw new AppError('model_not_found', 'No chat model is available to you in this organization.');
  return model;
}

/** Send: stores the person's message (naming the conversation after its first one) and plans the answer. */
export async function messageSender(
  db: Database,
  catalog: Catalog,
  actor: UserActor,
  conversationId: string,
  input: { content: string; model?: string },
): Promise<AnswerPlan> {
  return db.withOrg(actor.orgId, async (tx) => {
    const conversation = await loadOwnConversation(tx, actor, conversationId);
    if ((await messageCount(tx, conversationId)) >= MAX_MESSAGES)
      throw new AppError(
        'conflict',
        `This conversation has reached ${MAX_MESSAGES} messages; start a new one to continue.`,
      );
    const identity = await personIdentity(tx, actor);
    const model = await modelFor(catalog, actor, input.model, conversation);
    const stored = await messageAppender(tx, actor.orgId, conversationId, { role: 'user', content: input.content });
    await conversationUpdater(tx, conversationId, {
      model,
      ...(conversation.title === '' ? { title: titleFrom(input.content) } : {}),
    });
    const history = await conversationMessages(tx, conversationId);
    return { identity, conversationId, model, history, userMessage: presentMessage(stored) };
  });
}

/** Regenerate: drops the last answer (if the conversation ends in one) and plans a new one. */
export async function answerRegenerator(
  db: Database,
  catalog: Catalog,
  actor: UserActor,
  conversationId: string,
  input: { model?: string },
): Promise<AnswerPlan> {
  return db.withOrg(actor.orgId, async (tx) => {
    const conversation = await loadOwnConversation(tx, actor, conversationId);
    const identity = await personIdentity(tx, actor);
    const model = await modelFor(catalog, actor, input.model, conversation);
    let history = await conversationMessages(tx, conversationId);
    const last = history.at(-1);
    if (last?.role === 'assistant') {
      await messagesDropper(tx, conversationId, last.seq);
      history = history.slice(0, -1);
    }
    if (history.at(-1)?.role !== 'user')
      throw new AppError('invalid_request', 'There is no message of yours to answer again in this conversation.');
    await conversationUpdater(tx, conversationId, { model });
    return { identity, conversationId, model, history, userMessage: null };
  });
}

/** Edit and resend: replaces the text of one of the person's messages, drops what followed, plans the answer. */
export async function messageResender(
  db: Database,
  catalog: Catalog,
  actor: UserActor,
  conversationId: string,
  messageId: string,
  input: { content: string; model?: string },
): Promise<AnswerPlan> {
  return db.withOrg(actor.orgId, async (tx) => {
    const conversation = await loadOwnConversation(tx, actor, conversationId);
    const target = await loadMessage(tx, conversationId, messageId);
    if (target.role !== 'user')
      throw new AppError('invalid_request', 'Only your own messages can be edited and sent again.', {
        param: 'messageId',
      });
    const identity = await personIdentity(tx, actor);
    const model = await modelFor(catalog, actor, input.model, conversation);
    await messagesDropper(tx, conversationId, target.seq);
    const stored = await messageAppender(tx, actor.orgId, conversationId, {
      id: target.id,
      role: 'user',
      content: input.content,
    });
    await conversationUpdater(tx, conversationId, { model });
    const history = await conversationMessages(tx, conversationId);
    return { identity, conversationId, model, history, userMessage: presentMessage(stored) };
  });
}
