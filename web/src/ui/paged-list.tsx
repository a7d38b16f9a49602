import type { ReactNode } from 'react';
import type { Loaded } from '../app/loader.tsx';
import { Pager, type useKeysetPages } from './keyset-pager.tsx';
import { LoadStatus } from './load-status.tsx';
import { TableRegion } from './table-region.tsx';

/**
 * A server-paginated list below its filters: loading, a failed load with retry, the "none" text,
 * the table (from `children`) in its scroll region, and the pager. `emptyPages` "first": only an
 * empty first page shows the text, alone; "every": any empty page shows it, above the pager.
 */
export function PagedList<T extends { items: readonly unknown[]; nextCursor?: string | null }>(props: {
  load: { state: Loaded<T>; reload: () => void };
  pages: ReturnType<typeof useKeysetPages>;
  /** The table region's name, and the pager's unless `pagerLabel` is given. */
  label: string;
  pagerLabel?: string;
  empty: string;
  emptyTestId?: string;
  emptyPages: 'first' | 'every';
  /** The next page's cursor, when it is not the page's `nextCursor`. */
  nextCursor?: (data: T) => string | null;
  children: (data: T) => ReactNode;
}) {
  const { state } = props.load;
  if (state.status !== 'ok') return <LoadStatus load={props.load} />;
  const data = state.data;
  const empty = (
    <p className="empty" data-testid={props.emptyTestId}>
      {props.empty}
    </p>
  );
  const none = data.items.length === 0;
  if (none && props.emptyPages === 'first' && !props.pages.hasPrevious) return empty;
  return (
    <>
      {none && props.emptyPages === 'every' ? (
        empty
      ) : (
        <TableRegion label={props.label}>{props.children(data)}</TableRegion>
      )}
      <Pager
        label={props.pagerLabel ?? props.label}
        pages={props.pages}
        nextCursor={props.nextCursor ? props.nextCursor(data) : data.nextCursor}
      />
    </>
  );
}
