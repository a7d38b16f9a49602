// Types of the /api/chat answers (server/src/chat/chat-presenters.ts and chat-routes.ts).

/** One conversation of GET /api/chat/conversations. */
export interface Conversation {
  id: string;
  title: string;
  /** The model alias the next message goes to (the last one chosen in this conversation). */
  model: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The person's thumbs on an answer. */
export interface Feedback {
  rating: 'up' | 'down';
  reason: string | null;
}

/** Personal data the privacy shield replaced before a request left, by entity type (counts only). */
export type PrivacyCounts = Record<string, number>;

/** One stored message. */
export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  content: string;
  model: string | null;
  requestId: string | null;
  status: 'complete' | 'stopped' | 'error';
  /** Why the answer failed or was refused (budget, rate limit, privacy block, provider). */
  error: { code: string; message: string } | null;
  tokens: { input: number; output: number } | null;
  feedback: Feedback | null;
  privacy: PrivacyCounts | null;
  createdAt: string;
}

/** GET /api/chat/conversations/:id. */
export interface ConversationWithMessages extends Conversation {
  messages: ChatMessage[];
}

/** One model of GET /api/chat/models. */
export interface ChatModel {
  id: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
}

/** The `start` event of a streamed answer. */
export interface StartEvent {
  conversationId: string;
  requestId: string;
  model: string;
  /** The person's message as stored; null when regenerating. */
  userMessage: ChatMessage | null;
  assistantMessageId: string;
  privacy: PrivacyCounts | null;
}

/** The `delta` event: the next piece of the answer. */
export interface DeltaEvent {
  content: string;
}

/** The `done` event: the answer as stored. */
export interface DoneEvent {
  assistantMessage: ChatMessage;
}

/** The `error` event: which limit or failure stopped the answer, and when to retry. */
export interface ErrorEvent {
  code: string;
  message: string;
  status: number;
  retryAfterSeconds: number | null;
  requestId: string;
  assistantMessage: ChatMessage | null;
}

/** One event of a streamed answer, by name. */
export type AnswerEvent =
  | { event: 'start'; data: StartEvent }
  | { event: 'delta'; data: DeltaEvent }
  | { event: 'done'; data: DoneEvent }
  | { event: 'error'; data: ErrorEvent };
