import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of data loaded from the API. */
export type Loaded<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: unknown };

const LOADING = { status: 'loading' } as const;

/**
 * Loads data when `deps` (strings, numbers, undefined) change. An answer that arrives after a
 * newer request started is dropped, so typing in a search box never shows an older result last;
 * while a newer request runs the previous data stays on screen. `reload` loads again.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]) {
  const [round, setRound] = useState(0);
  const key = JSON.stringify([...deps, round]);
  const [result, setResult] = useState<{ key: string; state: Loaded<T> } | null>(null);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    const controller = new AbortController();
    latest.current(controller.signal).then(
      (data) => !controller.signal.aborted && setResult({ key, state: { status: 'ok', data } }),
      (error: unknown) => !controller.signal.aborted && setResult({ key, state: { status: 'error', error } }),
    );
    return () => controller.abort();
  }, [key]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const state: Loaded<T> =
    result === null ? LOADING : result.key === key || result.state.status === 'ok' ? result.state : LOADING;
  return { state, reload };
}
