import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { ChatModel, Conversation } from '../../api/chat-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { Alert } from '../../ui/alert.tsx';
import { errorText } from '../../ui/error-text.ts';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import './chat.css';
import { chooseModel, nearBottom, regenerableIndex } from './chat-logic.ts';
import { ChatMessageItem } from './chat-message.tsx';
import { Composer } from './composer.tsx';
import { ConversationHead, ModelPicker } from './conversation-head.tsx';
import { ConversationList } from './conversation-list.tsx';
import { QuotaWidget } from './quota-widget.tsx';
import { useChatThread, type TurnOutcome } from './use-chat-thread.ts';

/** Where the last chosen model is remembered on this device (a new chat starts with it). */
const MODEL_KEY = 'gh.chat.model';

function rememberedModel(): string | null {
  try {
    return localStorage.getItem(MODEL_KEY);
  } catch {
    return null;
  }
}

/**
 * The chat: the person's conversations beside the open one (a drawer on phones), answers
 * streamed token by token through the gateway — with the same budgets, rate limits and privacy
 * shield as any API call — Markdown with highlighted code, feedback, export, and the quota.
 */
export default function ChatPage() {
  const { t } = usePreferences();
  const { org } = useSignedIn();
  usePageTitle(t('chat.title'), org?.name ?? t('app.name'));
  const { conversationId } = useParams();
  const navigate = useNavigate();
  const [draft, setDraft] = useState('');
  const [composerError, setComposerError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [quotaRound, setQuotaRound] = useState(0);
  const [listRound, setListRound] = useState(0);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [picked, setPicked] = useState<{ conversationId: string | null; model: string } | null>(null);
  const [away, setAway] = useState(false);
  const follow = useRef(true);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const headingId = useId();
  const timeZone = org?.settings.timezone ?? 'UTC';

  const announce = useCallback((text: string) => {
    // Cleared first, so the same words twice ("Answer complete") are announced twice.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 100);
  }, []);
  const onTurnEnd = useCallback(
    (outcome: TurnOutcome) => {
      announce(outcome.announcement);
      if (outcome.failure) setComposerError(outcome.failure);
      if (outcome.restore !== null) {
        const text = outcome.restore;
        setDraft((current) => (current.trim() === '' ? text : current));
      }
      setQuotaRound((r) => r + 1);
      setListRound((r) => r + 1);
      // A new chat's first message changes the URL, and the shell then focuses the page: give the
      // focus back to the message box, but never take it from wherever the person moved it.
      const focused = document.activeElement;
      if (!focused || focused === document.body || focused.id === 'main') composerRef.current?.focus();
    },
    [announce],
  );
  const chat = useChatThread(conversationId, onTurnEnd);
  const { thread } = chat;

  const models = useLoad((signal) => api.call<{ items: ChatModel[] }>('/chat/models', { signal }), []);
  const allowed = models.state.status === 'ok' ? models.state.data.items.map((m) => m.id) : [];
  const model =
    picked && picked.conversationId === thread.id && allowed.includes(picked.model)
      ? picked.model
      : chooseModel(allowed, thread.model, rememberedModel());

  const changeModel = (next: string) => {
    setPicked({ conversationId: thread.id, model: next });
    try {
      localStorage.setItem(MODEL_KEY, next);
    } catch {
      // A device that keeps nothing just starts with the first model next time.
    }
    // The conversation remembers its model even before the next message.
    if (thread.id)
      api
        .call<Conversation>(`/chat/conversations/${thread.id}`, { method: 'PATCH', body: { model: next } })
        .then(chat.patchThread, (e: unknown) => setComposerError(errorText(e, t)));
  };

  // Follow the answer as it grows, unless the reader scrolled up to read something else.
  useEffect(() => {
    const onScroll = () => {
      const root = document.documentElement;
      follow.current = nearBottom(window.scrollY, window.innerHeight, root.scrollHeight);
      setAway(!follow.current);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    if (follow.current) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [thread.messages]);

  const send = async () => {
    const content = draft;
    if (!content.trim() || !model) return;
    setComposerError(null);
    setDraft('');
    follow.current = true;
    const failure = await chat.send(content, model);
    if (failure) {
      setComposerError(failure);
      setDraft((current) => (current.trim() === '' ? content : current));
    }
  };

  const lastAnswer = regenerableIndex(thread.messages);
  const noModels = models.state.status === 'ok' && allowed.length === 0;
  const conversation = thread.id ? { id: thread.id, title: thread.title } : null;

  return (
    <div className={`chat-page${drawerOpen ? ' chat-drawer-open' : ''}`}>
      <div className="page-head chat-page-head">
        <h1>{t('chat.title')}</h1>
        <div className="chat-page-tools">
          <button
            type="button"
            className="secondary chat-drawer-toggle"
            aria-expanded={drawerOpen}
            aria-controls="chat-conversations"
            onClick={() => setDrawerOpen((open) => !open)}
          >
            {drawerOpen ? t('chat.hideConversations') : t('chat.showConversations')}
          </button>
          <QuotaWidget round={quotaRound} />
          <button
            type="button"
            className="primary"
            onClick={() => {
              setDrawerOpen(false);
              setComposerError(null);
              void navigate('/chat');
            }}
          >
            {t('chat.newChat')}
          </button>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="chat-announcer">
        {announcement}
      </p>
      <div className="chat-layout">
        <aside id="chat-conversations" className="chat-sidebar" aria-label={t('chat.conversations')}>
          <ConversationList
            activeId={thread.id}
            round={listRound}
            timeZone={timeZone}
            onOpen={() => setDrawerOpen(false)}
          />
        </aside>
        <section className="chat-main" aria-labelledby={headingId}>
          <ConversationHead
            conversation={conversation}
            headingId={headingId}
            busy={chat.streaming}
            onRenamed={(c) => {
              chat.patchThread(c);
              setListRound((r) => r + 1);
            }}
            onDeleted={() => {
              setListRound((r) => r + 1);
              announce(t('chat.delete.done'));
              void navigate('/chat');
            }}
          />
          {models.state.status === 'error' && <LoadError error={models.state.error} retry={models.reload} />}
          {noModels && <Alert kind="info">{t('chat.noModels')}</Alert>}
          {allowed.length > 0 && (
            <ModelPicker
              models={models.state.status === 'ok' ? models.state.data.items : []}
              value={model}
              disabled={chat.streaming}
              onChange={changeModel}
            />
          )}
          {!chat.ready && chat.loadState.status === 'loading' && <p role="status">{t('app.loading')}</p>}
          {!chat.ready && chat.loadState.status === 'error' && (
            <LoadError error={chat.loadState.error} retry={chat.reload} />
          )}
          {chat.ready && (
            <>
              {thread.messages.length === 0 ? (
                <p className="chat-empty hint">{t('chat.empty')}</p>
              ) : (
                <ol className="chat-messages" aria-label={t('chat.messages')} data-testid="messages">
                  {thread.messages.map((m, i) => (
                    <ChatMessageItem
                      key={m.id}
                      message={m}
                      actions={{
                        conversationId: thread.id ?? '',
                        canRegenerate: !chat.streaming && i === lastAnswer && model !== null,
                        canEdit: !chat.streaming && thread.id !== null && model !== null,
                        onRegenerate: () => {
                          follow.current = true;
                          chat.regenerate(model);
                        },
                        onResend: (content) => {
                          follow.current = true;
                          chat.resend(m.id, content, model);
                        },
                        onFeedback: chat.replaceMessage,
                      }}
                    />
                  ))}
                </ol>
              )}
              {away && chat.streaming && (
                <button
                  type="button"
                  className="secondary chat-jump"
                  onClick={() => {
                    follow.current = true;
                    window.scrollTo({ top: document.documentElement.scrollHeight });
                  }}
                >
                  {t('chat.jumpToLatest')}
                </button>
              )}
              <Composer
                value={draft}
                onChange={(value) => {
                  setDraft(value);
                  if (composerError) setComposerError(null);
                }}
                onSend={() => void send()}
                onStop={chat.stop}
                streaming={chat.streaming}
                disabled={!model}
                error={composerError}
                inputRef={composerRef}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
