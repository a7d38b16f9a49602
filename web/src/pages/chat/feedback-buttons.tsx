import { useId, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { ChatMessage, Feedback } from '../../api/chat-types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { errorText } from '../../ui/error-text.ts';
import { Icon } from './icons.tsx';

/**
 * Thumbs up or down on an answer (pressing the chosen one again takes it back); a thumbs down
 * asks for an optional reason. The API keeps it with the answer's model and request id.
 */
export function FeedbackButtons(props: {
  conversationId: string;
  message: ChatMessage;
  onChange: (message: ChatMessage) => void;
}) {
  const { t } = usePreferences();
  const { message } = props;
  const current = message.feedback;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const path = `/chat/conversations/${props.conversationId}/messages/${message.id}/feedback`;

  const save = async (next: Feedback | null) => {
    setBusy(true);
    setError(null);
    try {
      if (next) await api.call<Feedback>(path, { method: 'PUT', body: next });
      else await api.call<void>(path, { method: 'DELETE' });
      props.onChange({ ...message, feedback: next });
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const rate = async (rating: 'up' | 'down') => {
    if (current?.rating === rating) {
      setAskReason(false);
      await save(null);
      return;
    }
    if ((await save({ rating, reason: null })) && rating === 'down') {
      setReason('');
      setAskReason(true);
    } else setAskReason(false);
  };

  const sendReason = async () => {
    if (await save({ rating: 'down', reason: reason.trim() || null })) setAskReason(false);
  };

  return (
    <div className="chat-feedback">
      <button
        type="button"
        className="secondary chat-small"
        aria-pressed={current?.rating === 'up'}
        aria-label={t('chat.feedback.up')}
        title={t('chat.feedback.up')}
        disabled={busy}
        onClick={() => void rate('up')}
      >
        <Icon name="up" />
      </button>
      <button
        type="button"
        className="secondary chat-small"
        aria-pressed={current?.rating === 'down'}
        aria-label={t('chat.feedback.down')}
        title={t('chat.feedback.down')}
        disabled={busy}
        onClick={() => void rate('down')}
      >
        <Icon name="down" />
      </button>
      {current && !askReason && (
        <span className="hint" data-testid="feedback-state">
          {current.rating === 'up' ? t('chat.feedback.thanksUp') : t('chat.feedback.thanksDown')}
          {current.reason ? ` ${t('chat.feedback.reasonGiven', { reason: current.reason })}` : ''}
        </span>
      )}
      {askReason && (
        <form
          className="chat-reason"
          onSubmit={(e) => {
            e.preventDefault();
            void sendReason();
          }}
        >
          <label htmlFor={reasonId}>{t('chat.feedback.reason')}</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="primary chat-small" disabled={busy}>
              {t('chat.feedback.sendReason')}
            </button>
            <button type="button" className="secondary chat-small" onClick={() => setAskReason(false)}>
              {t('chat.feedback.skip')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
