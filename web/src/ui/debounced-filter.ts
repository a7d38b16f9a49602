import { useEffect, useState } from 'react';

/**
 * A text filter typed into a box and kept in the URL: what is typed goes to `commit` (trimmed)
 * after a pause of `delayMs`, so each keystroke does not cost a query, and the box follows the URL
 * when it changes from outside (back button, a shared link). Returns the box's text and its setter.
 */
export function useDebouncedFilter(urlValue: string, commit: (value: string) => void, delayMs: number) {
  const [text, setText] = useState(urlValue);
  const [synced, setSynced] = useState(urlValue);
  if (urlValue !== synced) {
    setSynced(urlValue);
    if (text.trim() !== urlValue) setText(urlValue);
  }
  useEffect(() => {
    if (text.trim() === urlValue) return;
    const timer = setTimeout(() => commit(text.trim()), delayMs);
    return () => clearTimeout(timer);
  });
  return [text, setText] as const;
}
