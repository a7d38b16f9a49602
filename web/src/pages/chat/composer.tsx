import { useId, type KeyboardEvent, type RefObject } from 'react';
import { usePreferences } from '../../app/preferences.tsx';

/**
 * The message box: Enter sends, Shift+Enter starts a new line (and Enter while an input method
 * is composing a character does neither). While an answer streams, sending waits and Stop ends
 * the answer; the text stays editable so the next question can be prepared.
 */
export function Composer({
  inputRef,
  ...props
}: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  disabled: boolean;
  error: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = usePreferences();
  const id = useId();
  const canSend = !props.streaming && !props.disabled && props.value.trim() !== '';

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) props.onSend();
  };

  return (
    <form
      className="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) props.onSend();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {t('chat.message')}
      </label>
      <textarea
        id={id}
        ref={inputRef}
        rows={2}
        value={props.value}
        placeholder={t('chat.placeholder')}
        aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
        aria-invalid={props.error ? true : undefined}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="chat-composer-bar">
        <p id={`${id}-hint`} className="hint">
          {props.streaming ? t('chat.hint.streaming') : t('chat.hint.keys')}
        </p>
        {props.streaming ? (
          <button type="button" className="danger" onClick={props.onStop}>
            {t('chat.stop')}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!canSend}>
            {t('chat.send')}
          </button>
        )}
      </div>
      {props.error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </form>
  );
}
