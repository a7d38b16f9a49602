import { useId, useState } from 'react';
import type { ChatMessage } from '../../api/chat-types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import type { ThreadMessage } from './chat-logic.ts';
import { ChatStop } from './chat-stop.tsx';
import { FeedbackButtons } from './feedback-buttons.tsx';
import { MarkdownText } from './markdown.tsx';
import { PrivacyNote } from './privacy-note.tsx';

/** What a message may offer, decided by the conversation (only when nothing is streaming). */
export interface MessageActions {
  conversationId: string;
  canRegenerate: boolean;
  canEdit: boolean;
  onRegenerate: () => void;
  onResend: (content: string) => void;
  onFeedback: (message: ChatMessage) => void;
}

/**
 * One message: the person's text as written (never interpreted), an answer as Markdown while it
 * streams in, then its state (stopped, refused with the reason), what the privacy shield
 * replaced, and the actions: regenerate, edit and resend, thumbs up/down.
 */
export function ChatMessageItem({ message, actions }: { message: ThreadMessage; actions: MessageActions }) {
  const { t } = usePreferences();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const editId = useId();
  const isUser = message.role === 'user';
  const answered = message.role === 'assistant' && !message.streaming && message.status !== 'error';

  return (
    <li
      className={`chat-msg chat-msg-${message.role}`}
      data-testid={`message-${message.role}`}
      data-status={message.streaming ? 'streaming' : message.status}
      aria-busy={message.streaming ? true : undefined}
    >
      <h3 className="chat-msg-role">
        {isUser ? t('chat.you') : t('chat.assistant')}
        {message.role === 'assistant' && message.model && <span className="badge">{message.model}</span>}
        {message.status === 'stopped' && !message.streaming && (
          <span className="badge chat-badge-stopped">{t('chat.stopped')}</span>
        )}
      </h3>
      {editing ? (
        <form
          className="chat-edit"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draft.trim()) return;
            setEditing(false);
            actions.onResend(draft);
          }}
        >
          <label htmlFor={editId}>{t('chat.edit.label')}</label>
          <textarea id={editId} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary chat-small" disabled={!draft.trim()}>
              {t('chat.edit.send')}
            </button>
            <button type="button" className="secondary chat-small" onClick={() => setEditing(false)}>
              {t('chat.edit.cancel')}
            </button>
          </div>
        </form>
      ) : isUser ? (
        <p className="chat-user-text">{message.content}</p>
      ) : (
        message.content && <MarkdownText text={message.content} />
      )}
      {message.streaming && (
        <p className="chat-typing hint">{message.content ? t('chat.writing') : t('chat.thinking')}</p>
      )}
      {message.error && message.status === 'error' && (
        // Only a refusal of this visit carries retryAt (even null): it is announced; stored ones are not.
        <ChatStop error={message.error} retryAt={message.retryAt ?? null} live={message.retryAt !== undefined} />
      )}
      {message.role === 'assistant' && <PrivacyNote counts={message.privacy} />}
      {!editing && (
        <div className="chat-msg-actions">
          {isUser && actions.canEdit && !message.pending && (
            <button
              type="button"
              className="secondary chat-small"
              onClick={() => {
                setDraft(message.content);
                setEditing(true);
              }}
            >
              {t('chat.edit')}
            </button>
          )}
          {message.role === 'assistant' && actions.canRegenerate && (
            <button type="button" className="secondary chat-small" onClick={actions.onRegenerate}>
              {t('chat.regenerate')}
            </button>
          )}
          {answered && message.requestId && (
            <FeedbackButtons conversationId={actions.conversationId} message={message} onChange={actions.onFeedback} />
          )}
        </div>
      )}
    </li>
  );
}
