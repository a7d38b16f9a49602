import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { ChatMessage, Conversation, ConversationWithMessages } from '../../api/chat-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { errorText } from '../../ui/error-text.ts';
import {
  answerEvent,
  applyDelta,
  applyDone,
  applyError,
  applyStart,
  applyStopped,
  sseParser,
  titleFrom,
  type ThreadMessage,
  type Turn,
} from './chat-logic.ts';

/** The conversation on screen: null id for a new chat that has no conversation yet. */
export interface Thread {
  id: string | null;
  title: string;
  model: string | null;
  messages: ThreadMessage[];
  /** Created here a moment ago: the URL is about to follow, so the blank "new chat" must not replace it. */
  fresh?: boolean;
}

const BLANK: Thread = { id: null, title: '', model: null, messages: [] };

/** The answer being streamed: which conversation, and how to stop it. */
interface Active {
  conversationId: string;
  controller: AbortController;
}

/** What the person is told when a turn ends (aria-live), and a failure to show near the composer. */
export interface TurnOutcome {
  announcement: string;
  /** A failure before the answer started (the text goes back into the composer). */
  failure: string | null;
  restore: string | null;
}

let pendingCounter = 0;

/**
 * The open conversation and its streamed turns: loads it when the URL names one, creates one on
 * the first message of a new chat, streams answers (send, regenerate, edit-and-resend) event by
 * event, and stops them. Leaving the conversation (or the page) stops a running answer.
 */
export function useChatThread(conversationId: string | undefined, onTurnEnd: (outcome: TurnOutcome) => void) {
  const { t } = usePreferences();
  const navigate = useNavigate();
  const [thread, setThread] = useState<Thread>(BLANK);
  const [active, setActive] = useState<Active | null>(null);
  const activeRef = useRef<Active | null>(null);
  const onTurnEndRef = useRef(onTurnEnd);
  useEffect(() => {
    onTurnEndRef.current = onTurnEnd;
  });

  const loaded = useLoad(
    (signal) =>
      conversationId
        ? api.call<ConversationWithMessages>(`/chat/conversations/${conversationId}`, { signal })
        : Promise.resolve(null),
    [conversationId],
  );

  // Follow the URL: a conversation once loaded, a blank thread for "new chat" (unless it was just
  // created here and the URL is catching up).
  const wanted = conversationId ?? null;
  if (wanted === null && thread.id !== null && !thread.fresh) setThread(BLANK);
  if (wanted !== null && thread.id === wanted && thread.fresh) setThread({ ...thread, fresh: false });
  if (
    wanted !== null &&
    thread.id !== wanted &&
    loaded.state.status === 'ok' &&
    loaded.state.data &&
    loaded.state.data.id === wanted
  ) {
    const { messages, ...c } = loaded.state.data;
    setThread({ id: c.id, title: c.title, model: c.model, messages });
  }
  const ready = wanted === null || thread.id === wanted;

  // Leaving the conversation that is answering (or the page) stops the answer.
  useEffect(() => {
    const running = activeRef.current;
    if (running && running.conversationId !== conversationId) running.controller.abort();
  }, [conversationId]);
  useEffect(() => () => activeRef.current?.controller.abort(), []);

  const update = useCallback((id: string, change: (messages: ThreadMessage[]) => ThreadMessage[]) => {
    setThread((current) => (current.id === id ? { ...current, messages: change(current.messages) } : current));
  }, []);

  /** Reads the conversation again (after a turn ended in a way the stream could not describe). */
  const refresh = useCallback(async (id: string) => {
    try {
      const data = await api.call<ConversationWithMessages>(`/chat/conversations/${id}`);
      setThread((current) =>
        current.id === id ? { ...current, title: data.title, model: data.model, messages: data.messages } : current,
      );
    } catch {
      // The thread on screen stays as it is; the next load shows the stored state.
    }
  }, []);

  const runTurn = useCallback(
    async (id: string, path: string, body: unknown, turn: Turn) => {
      const controller = new AbortController();
      const running = { conversationId: id, controller };
      activeRef.current = running;
      setActive(running);
      let answerId: string | null = null;
      let ended: 'done' | 'error' | null = null;
      let outcome: TurnOutcome = { announcement: '', failure: null, restore: null };
      try {
        const res = await api.raw(path, {
          method: 'POST',
          body,
          accept: 'text/event-stream',
          signal: controller.signal,
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        const parser = sseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const changes: Array<(m: ThreadMessage[]) => ThreadMessage[]> = [];
          for (const raw of parser.push(value)) {
            const event = answerEvent(raw);
            if (!event) continue;
            if (event.event === 'start') {
              answerId = event.data.assistantMessageId;
              const start = event.data;
              changes.push((m) => applyStart(m, turn, start));
            } else if (event.event === 'delta' && answerId) {
              const [aid, content] = [answerId, event.data.content];
              changes.push((m) => applyDelta(m, aid, content));
            } else if (event.event === 'done' && answerId) {
              const [aid, stored] = [answerId, event.data.assistantMessage];
              changes.push((m) => applyDone(m, aid, stored));
              ended = 'done';
              outcome = { ...outcome, announcement: t('chat.announce.done') };
            } else if (event.event === 'error') {
              const error = event.data;
              if (answerId) {
                const aid = answerId;
                changes.push((m) => applyError(m, aid, error));
              }
              ended = 'error';
              outcome = { ...outcome, announcement: t('chat.announce.refused', { message: error.message }) };
            }
          }
          // One state update per network read, not per token.
          if (changes.length > 0) update(id, (m) => changes.reduce((acc, change) => change(acc), m));
        }
        if (!ended) {
          outcome = { ...outcome, announcement: t('chat.announce.lost') };
          await refresh(id);
        }
      } catch (error) {
        if (controller.signal.aborted) {
          outcome = { ...outcome, announcement: t('chat.announce.stopped') };
          if (answerId) {
            const aid = answerId;
            update(id, (m) => applyStopped(m, aid));
          } else await refresh(id);
        } else if (!answerId) {
          // Refused before anything started (e.g. the conversation is full): nothing was answered.
          if (turn.kind === 'send') update(id, (m) => m.filter((x) => x.id !== turn.tempId));
          const failure = errorText(error, t);
          outcome = {
            announcement: failure,
            failure,
            restore: turn.kind === 'send' ? turn.content : null,
          };
        } else {
          outcome = { ...outcome, announcement: t('chat.announce.lost') };
          await refresh(id);
        }
      } finally {
        if (activeRef.current === running) activeRef.current = null;
        setActive((current) => (current === running ? null : current));
        onTurnEndRef.current(outcome);
      }
    },
    [t, update, refresh],
  );

  /** Sends a message (creating the conversation first in a new chat) and streams the answer. */
  const send = useCallback(
    async (content: string, model: string | null): Promise<string | null> => {
      let id = thread.id;
      if (id === null) {
        let created: Conversation;
        try {
          created = await api.call<Conversation>('/chat/conversations', { method: 'POST', body: { model } });
        } catch (error) {
          return errorText(error, t);
        }
        id = created.id;
        setThread({ id, title: created.title, model: created.model, messages: [], fresh: true });
        void navigate(`/chat/${id}`);
      }
      const tempId = `pending-${++pendingCounter}`;
      const pending: ThreadMessage = {
        id: tempId,
        role: 'user',
        content,
        model: null,
        requestId: null,
        status: 'complete',
        error: null,
        tokens: null,
        feedback: null,
        privacy: null,
        createdAt: new Date().toISOString(),
        pending: true,
      };
      update(id, (m) => [...m, pending]);
      setThread((current) =>
        current.id === id && current.title === '' ? { ...current, title: titleFrom(content) } : current,
      );
      await runTurn(
        id,
        `/chat/conversations/${id}/messages`,
        { content, model: model ?? undefined },
        {
          kind: 'send',
          content,
          tempId,
        },
      );
      return null;
    },
    [thread.id, navigate, t, update, runTurn],
  );

  const regenerate = useCallback(
    (model: string | null) => {
      if (thread.id)
        void runTurn(
          thread.id,
          `/chat/conversations/${thread.id}/regenerate`,
          { model: model ?? undefined },
          {
            kind: 'regenerate',
          },
        );
    },
    [thread.id, runTurn],
  );

  const resend = useCallback(
    (messageId: string, content: string, model: string | null) => {
      if (thread.id)
        void runTurn(
          thread.id,
          `/chat/conversations/${thread.id}/messages/${messageId}/resend`,
          { content, model: model ?? undefined },
          { kind: 'resend', messageId, content },
        );
    },
    [thread.id, runTurn],
  );

  const stop = useCallback(() => activeRef.current?.controller.abort(), []);

  /** Replaces one stored message (feedback changed). */
  const replaceMessage = useCallback(
    (message: ChatMessage) => {
      if (thread.id) update(thread.id, (m) => m.map((x) => (x.id === message.id ? { ...x, ...message } : x)));
    },
    [thread.id, update],
  );

  /** The conversation was renamed or its model changed. */
  const patchThread = useCallback((c: Pick<Conversation, 'id' | 'title' | 'model'>) => {
    setThread((current) => (current.id === c.id ? { ...current, title: c.title, model: c.model } : current));
  }, []);

  return {
    thread,
    ready,
    loadState: loaded.state,
    reload: loaded.reload,
    streaming: active !== null && active.conversationId === thread.id,
    send,
    regenerate,
    resend,
    stop,
    replaceMessage,
    patchThread,
  };
}
