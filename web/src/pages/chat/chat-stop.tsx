import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { usePreferences } from '../../app/preferences.tsx';
import { formatCountdown, secondsUntil, stopKind } from './chat-logic.ts';

/**
 * Why an answer did not come: which limit (budget, credits, rate limit, privacy policy, model
 * access) or failure, in the server's words — they name the limit and when it resets — and for a
 * rate limit a countdown to the moment a retry is allowed. `live` marks a refusal that just
 * happened: it is announced at once (role=alert); stored ones from earlier are not re-announced.
 */
export function ChatStop(props: { error: { code: string; message: string }; retryAt: number | null; live: boolean }) {
  const { t } = usePreferences();
  const kind = stopKind(props.error.code);
  const [now, setNow] = useState(() => Date.now());
  const waiting = props.retryAt !== null && secondsUntil(props.retryAt, now) > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);
  return (
    <div className="alert alert-error chat-stop" role={props.live ? 'alert' : undefined} data-testid="chat-stop">
      <p className="chat-stop-title">
        <strong>{t(`chat.stop.${kind}`)}</strong>
      </p>
      <p>{props.error.message}</p>
      {props.retryAt !== null && (
        // Not live: a screen reader would otherwise hear every second.
        <p className="chat-countdown" data-testid="chat-countdown">
          {waiting
            ? t('chat.stop.retryIn', { time: formatCountdown(secondsUntil(props.retryAt, now)) })
            : t('chat.stop.retryNow')}
        </p>
      )}
      {(kind === 'budget' || kind === 'credits' || kind === 'rate') && (
        <p>
          <Link to="/usage">{t('chat.stop.seeLimits')}</Link>
        </p>
      )}
    </div>
  );
}
