import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/api-client.ts';
import type { Conversation } from '../../api/chat-types.ts';
import type { Page } from '../../api/types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { Pager, useKeysetPages } from '../../ui/keyset-pager.tsx';
import { LoadError } from '../../ui/load-error.tsx';

const PAGE_SIZE = 20;

/**
 * The person's conversations, most recently active first, searched (titles and message text)
 * and paged on the server. `round` changes when a conversation changed elsewhere on the page
 * (an answer, a rename, a delete), so the list loads again.
 */
export function ConversationList(props: {
  activeId: string | null;
  round: number;
  timeZone: string;
  onOpen: () => void;
}) {
  const { t, lang } = usePreferences();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const searchId = useId();
  const headingId = useId();
  const pages = useKeysetPages(q, PAGE_SIZE);
  const cursor = pages.cursor;

  // Searching waits for a pause in typing, so each keystroke does not cost a query.
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search, q]);

  const { state, reload } = useLoad(
    (signal) => api.call<Page<Conversation>>('/chat/conversations', { signal, query: { q, cursor, limit: PAGE_SIZE } }),
    [q, cursor, props.round],
  );

  return (
    <>
      <h2 id={headingId} className="chat-side-heading">
        {t('chat.conversations')}
      </h2>
      <form role="search" aria-labelledby={headingId} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={searchId}>{t('chat.search')}</label>
          <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </form>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && (
        <>
          {state.data.items.length === 0 ? (
            <p className="empty" data-testid="conversations-empty">
              {q ? t('chat.noMatch') : t('chat.noConversations')}
            </p>
          ) : (
            <ul className="chat-list" data-testid="conversation-list">
              {state.data.items.map((c) => (
                <li key={c.id}>
                  <Link
                    to={`/chat/${c.id}`}
                    aria-current={c.id === props.activeId ? 'page' : undefined}
                    onClick={props.onOpen}
                  >
                    <span className="chat-list-title">{c.title || t('chat.untitled')}</span>
                    <span className="chat-list-date">{formatDateTime(c.updatedAt, props.timeZone, lang)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {(pages.hasPrevious || state.data.nextCursor) && (
            <Pager label={t('chat.conversations')} pages={pages} nextCursor={state.data.nextCursor} />
          )}
        </>
      )}
    </>
  );
}
