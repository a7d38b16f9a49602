import { useSearchParams } from 'react-router';

/**
 * A list's filters kept in the URL's query string, so a filtered view can be bookmarked, shared
 * and survives a reload; `set` replaces the history entry (typing does not fill the back button).
 */
export function useUrlFilters<const N extends string>(names: readonly N[]) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(names.map((n) => [n, params.get(n) ?? ''])) as Record<N, string>;
  const set = (name: N, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return { filters, set, key: JSON.stringify(filters) };
}
