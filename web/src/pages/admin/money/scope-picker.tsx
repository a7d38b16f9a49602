import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { KeySummary } from '../../../api/money-types.ts';
import type { Department, Page, Person } from '../../../api/types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { errorText } from '../../../ui/error-text.ts';

/** Whom a picker chooses among. */
export type PickKind = 'department' | 'user' | 'key';

/** A chosen department, person or key. */
export interface Picked {
  id: string;
  name: string;
}

interface Option extends Picked {
  detail: string;
}

const PAGE = 20;

/**
 * One page of options for `query`: people and keys are searched by the server (GET /api/people?q=,
 * GET /api/keys?q=), departments come as one flat list.
 */
async function loadOptions(
  kind: PickKind,
  query: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<{ options: Option[]; next: string | null }> {
  const q = query.trim().toLowerCase();
  if (kind === 'user') {
    const page = await api.call<Page<Person>>('/people', {
      signal,
      query: { q: query.trim(), status: 'active', limit: PAGE, cursor },
    });
    return {
      options: page.items.map((p) => ({ id: p.userId, name: p.name || p.email, detail: p.name ? p.email : '' })),
      next: page.nextCursor,
    };
  }
  if (kind === 'key') {
    const page = await api.call<Page<KeySummary>>('/keys', {
      signal,
      query: { q: query.trim(), status: 'active', limit: PAGE, cursor },
    });
    return {
      options: page.items.map((k) => ({ id: k.id, name: k.name, detail: `${k.prefix}…` })),
      next: page.nextCursor,
    };
  }
  const { items } = await api.call<{ items: Department[] }>('/departments', { signal });
  return {
    options: items
      .filter((d) => !q || d.name.toLowerCase().includes(q))
      .map((d) => ({ id: d.id, name: d.name, detail: '' })),
    next: null,
  };
}

/**
 * A searchable select (ARIA combobox) of a department, person or key: type to search, arrows to
 * move, Enter to choose, Escape to close; "More results" reads the next page of the server list.
 */
export function ScopePicker(props: {
  kind: PickKind;
  label: string;
  value: Picked | null;
  onChange: (value: Picked | null) => void;
  error?: string | null;
}) {
  const { t } = usePreferences();
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(props.value?.name ?? '');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [more, setMore] = useState<{ key: string; options: Option[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);

  // Searching waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text === props.value?.name ? '' : text), 250);
    return () => clearTimeout(timer);
  }, [text, props.value?.name]);

  const key = `${props.kind}|${query}`;
  const { state } = useLoad(
    (signal) => (open ? loadOptions(props.kind, query, null, signal) : Promise.resolve(null)),
    [props.kind, query, open],
  );
  const first = state.status === 'ok' ? state.data : null;
  const extra = more?.key === key ? more : null;
  const options = [...(first?.options ?? []), ...(extra?.options ?? [])];
  const next = extra ? extra.next : (first?.next ?? null);

  const choose = (o: Option) => {
    props.onChange({ id: o.id, name: o.name });
    setText(o.name);
    setOpen(false);
  };
  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    try {
      const page = await loadOptions(props.kind, query, next);
      setMore({ key, options: [...(extra?.options ?? []), ...page.options], next: page.next });
    } catch (e) {
      setMoreError(errorText(e, t));
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else if (active >= options.length - 1 && next) void loadMore();
      else setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && open && options[active]) {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };
  const describedBy = props.error ? errorId : undefined;

  return (
    <div className="field money-picker">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-o-${active}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        autoComplete="off"
        placeholder={t('money.picker.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
          if (props.value) props.onChange(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
      <div className="money-picker-popup" hidden={!open}>
        <ul id={listId} role="listbox" aria-label={props.label}>
          {options.map((o, i) => (
            <li
              key={o.id}
              id={`${id}-o-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              <span>{o.name}</span>
              {o.detail && <span className="hint"> {o.detail}</span>}
            </li>
          ))}
        </ul>
        {state.status === 'loading' && <p className="hint">{t('app.loading')}</p>}
        {state.status === 'error' && <p className="field-error">{errorText(state.error, t)}</p>}
        {state.status === 'ok' && options.length === 0 && <p className="hint">{t('money.picker.none')}</p>}
        {next && (
          <button
            type="button"
            className="link"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void loadMore()}
          >
            {t('money.picker.more')}
          </button>
        )}
        {moreError && <p className="field-error">{moreError}</p>}
      </div>
    </div>
  );
}
