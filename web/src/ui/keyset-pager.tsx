import { useState } from 'react';
import { usePreferences } from '../app/preferences.tsx';

/**
 * Keyset pagination of a server list: the cursors of the pages up to the current one (the last is
 * the current page's), kept per filter set, so changing a filter starts again at the first page.
 * `offset` is the index of the current page's first row, for "21–40 of 312".
 */
export function useKeysetPages(filterKey: string, pageSize: number) {
  const [paging, setPaging] = useState<{ key: string; cursors: Array<string | undefined> }>({
    key: filterKey,
    cursors: [undefined],
  });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const setCursors = (next: Array<string | undefined>) => setPaging({ key: filterKey, cursors: next });
  return {
    cursor: cursors[cursors.length - 1],
    offset: (cursors.length - 1) * pageSize,
    hasPrevious: cursors.length > 1,
    previous: () => setCursors(cursors.slice(0, -1)),
    next: (cursor: string | null | undefined) => {
      if (cursor) setCursors([...cursors, cursor]);
    },
  };
}

/** Previous/next buttons of a keyset-paginated list. */
export function Pager(props: {
  label: string;
  pages: ReturnType<typeof useKeysetPages>;
  nextCursor: string | null | undefined;
}) {
  const { t } = usePreferences();
  return (
    <nav className="pager" aria-label={props.label}>
      <button type="button" className="secondary" disabled={!props.pages.hasPrevious} onClick={props.pages.previous}>
        {t('list.previous')}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!props.nextCursor}
        onClick={() => props.pages.next(props.nextCursor)}
      >
        {t('list.next')}
      </button>
    </nav>
  );
}
