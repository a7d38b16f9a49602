import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { pageQuery } from '../api/pagination.ts';
import { AppError } from '../errors.ts';
import { chatModelsFor, chatPerson } from './chat-identity.ts';
import { conversationJson, conversationMarkdown, exportFileName } from './chat-export.ts';
import { conversationOut, feedbackOut, messageOut, presentConversation, presentMessage } from './chat-presenters.ts';
import { answerStreamer } from './chat-sender.ts';
import {
  conversationCreator,
  conversationDeleter,
  conversationMessages,
  conversationUpdater,
  feedbackRecorder,
  feedbackRemover,
  listConversations,
  loadMessage,
  loadOwnConversation,
} from './chat-store.ts';
import { answerRegenerator, messageResender, messageSender } from './chat-turns.ts';

const conversationParams = z.object({ id: z.uuid() });
const messageParams = z.object({ id: z.uuid(), messageId: z.uuid() });
const content = z.string().min(1).max(200_000).describe('The message text');
const model = z.string().min(1).max(128).optional().describe("Model alias; default: the conversation's model");
const title = z.string().trim().max(200);

const SSE_DESCRIPTION =
  'Answers `text/event-stream` with named events: `start` {conversationId, requestId, model, userMessage, ' +
  'assistantMessageId, privacy (personal data replaced before the request left, by type; null if none)}, `delta` {content}…, then `done` {assistantMessage} or `error` {code, message, status, ' +
  'retryAfterSeconds, requestId, assistantMessage}. Closing the request stops the answer (stored as stopped, billed ' +
  'for what was produced).';

/**
 * The web chat: a person's own conversations (another person's or org's is a 404), and answers
 * streamed through the same gateway pipeline as /v1/chat/completions, under the person's identity.
 */
export function registerChatRoutes(api: ApiInstance, deps: ApiDeps): void {
  api.register(async (scope) => {
    const chat = scope.withTypeProvider<ZodTypeProvider>();
    // Each answer is a gateway call; its request carries it like a /v1 request does.
    chat.decorateRequest('call', null);
    const { db, catalog } = deps;
    chat.get(
      '/chat/models',
      {
        schema: {
          tags: ['chat'],
          summary: 'The chat models I may use (the model picker)',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string().describe('The model alias to send'),
                  contextWindow: z.number().int().nullable(),
                  maxOutputTokens: z.number().int().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const models = await chatModelsFor(catalog, chatPerson(req.actor!));
        return {
          items: models.map((m) => ({
            id: m.alias,
            contextWindow: m.contextWindow,
            maxOutputTokens: m.maxOutputTokens,
          })),
        };
      },
    );

    chat.get(
      '/chat/conversations',
      {
        schema: {
          tags: ['chat'],
          summary: 'My conversations, most recently active first; q searches titles and messages',
          querystring: pageQuery.extend({ q: z.string().max(200).optional().describe('Text to find') }),
          response: { 200: z.object({ items: z.array(conversationOut), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        const actor = chatPerson(req.actor!);
        return db.withOrg(actor.orgId, (tx) => listConversations(tx, actor, req.query));
      },
    );

    chat.post(
      '/chat/conversations',
      {
        schema: {
          tags: ['chat'],
          summary: 'Start a conversation',
          body: z.object({ title: title.optional(), model }).default({}),
          response: { 201: conversationOut },
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        const row = await db.withOrg(actor.orgId, (tx) =>
          conversationCreator(tx, actor, { title: req.body.title ?? '', model: req.body.model ?? null }),
        );
        return reply.code(201).send(presentConversation(row));
      },
    );

    chat.get(
      '/chat/conversations/:id',
      {
        schema: {
          tags: ['chat'],
          summary: 'One of my conversations with its messages',
          params: conversationParams,
          response: { 200: conversationOut.extend({ messages: z.array(messageOut) }) },
        },
      },
      async (req) => {
        const actor = chatPerson(req.actor!);
        return db.withOrg(actor.orgId, async (tx) => {
          const conversation = await loadOwnConversation(tx, actor, req.params.id);
          const messages = await conversationMessages(tx, conversation.id);
          return { ...presentConversation(conversation), messages: messages.map(presentMessage) };
        });
      },
    );

    chat.patch(
      '/chat/conversations/:id',
      {
        schema: {
          tags: ['chat'],
          summary: 'Rename a conversation or change its model',
          params: conversationParams,
          body: z.object({ title: title.optional(), model: z.string().min(1).max(128).nullable().optional() }),
          response: { 200: conversationOut },
        },
      },
      async (req) => {
        const actor = chatPerson(req.actor!);
        const row = await db.withOrg(actor.orgId, async (tx) => {
          await loadOwnConversation(tx, actor, req.params.id);
          return conversationUpdater(tx, req.params.id, req.body);
        });
        return presentConversation(row);
      },
    );

    chat.delete(
      '/chat/conversations/:id',
      {
        schema: {
          tags: ['chat'],
          summary: 'Delete a conversation with its messages and feedback (for good)',
          params: conversationParams,
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        await db.withOrg(actor.orgId, async (tx) => {
          await loadOwnConversation(tx, actor, req.params.id);
          await conversationDeleter(tx, req.params.id);
        });
        return reply.code(204).send();
      },
    );

    chat.post(
      '/chat/conversations/:id/messages',
      {
        schema: {
          tags: ['chat'],
          summary: 'Send a message and stream the answer (SSE)',
          description: SSE_DESCRIPTION,
          params: conversationParams,
          body: z.object({ content, model }),
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        await answerStreamer(deps, req, reply, await messageSender(db, catalog, actor, req.params.id, req.body));
      },
    );

    chat.post(
      '/chat/conversations/:id/regenerate',
      {
        schema: {
          tags: ['chat'],
          summary: 'Replace the last answer with a new one (SSE)',
          description: SSE_DESCRIPTION,
          params: conversationParams,
          body: z.object({ model }).default({}),
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        await answerStreamer(deps, req, reply, await answerRegenerator(db, catalog, actor, req.params.id, req.body));
      },
    );

    chat.post(
      '/chat/conversations/:id/messages/:messageId/resend',
      {
        schema: {
          tags: ['chat'],
          summary: 'Edit one of my messages, drop what followed it, and stream a new answer (SSE)',
          description: SSE_DESCRIPTION,
          params: messageParams,
          body: z.object({ content, model }),
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        const plan = await messageResender(db, catalog, actor, req.params.id, req.params.messageId, req.body);
        await answerStreamer(deps, req, reply, plan);
      },
    );

    chat.put(
      '/chat/conversations/:id/messages/:messageId/feedback',
      {
        schema: {
          tags: ['chat'],
          summary: 'Thumbs up or down on an answer, with an optional reason (kept with its model and request id)',
          params: messageParams,
          body: z.object({
            rating: z.enum(['up', 'down']),
            reason: z.string().trim().max(2000).nullable().optional(),
          }),
          response: { 200: feedbackOut },
        },
      },
      async (req) => {
        const actor = chatPerson(req.actor!);
        const reason = req.body.reason || null;
        await db.withOrg(actor.orgId, async (tx) => {
          await loadOwnConversation(tx, actor, req.params.id);
          const message = await loadMessage(tx, req.params.id, req.params.messageId);
          if (message.role !== 'assistant')
            throw new AppError('invalid_request', 'Feedback is for answers (assistant messages).', {
              param: 'messageId',
            });
          await feedbackRecorder(tx, actor, message, { rating: req.body.rating, reason });
        });
        return { rating: req.body.rating, reason };
      },
    );

    chat.delete(
      '/chat/conversations/:id/messages/:messageId/feedback',
      {
        schema: { tags: ['chat'], summary: 'Take back my feedback on an answer', params: messageParams },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        await db.withOrg(actor.orgId, async (tx) => {
          await loadOwnConversation(tx, actor, req.params.id);
          await loadMessage(tx, req.params.id, req.params.messageId);
          await feedbackRemover(tx, req.params.messageId);
        });
        return reply.code(204).send();
      },
    );

    chat.get(
      '/chat/conversations/:id/export',
      {
        schema: {
          tags: ['chat'],
          summary: 'Download a conversation as Markdown or JSON',
          params: conversationParams,
          querystring: z.object({ format: z.enum(['markdown', 'json']).default('markdown') }),
        },
      },
      async (req, reply) => {
        const actor = chatPerson(req.actor!);
        const { conversation, messages } = await db.withOrg(actor.orgId, async (tx) => {
          const row = await loadOwnConversation(tx, actor, req.params.id);
          const rows = await conversationMessages(tx, row.id);
          return { conversation: presentConversation(row), messages: rows.map(presentMessage) };
        });
        const markdown = req.query.format === 'markdown';
        const file = exportFileName(conversation, markdown ? 'md' : 'json');
        reply.header('content-disposition', `attachment; filename="${file}"`);
        if (markdown)
          return reply.type('text/markdown; charset=utf-8').send(conversationMarkdown(conversation, messages));
        return reply
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(conversationJson(conversation, messages), null, 2));
      },
    );
  });
}
