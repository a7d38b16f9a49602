import { useState } from 'react';

/**
 * The one dialog a list page has open (what it does to which row) and the notice of the last
 * change: `done(message)` closes the dialog, shows the message and calls `changed` (reload).
 */
export function useListDialogs<Open>(changed: () => void) {
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return {
    open,
    setOpen,
    close: () => setOpen(null),
    notice,
    done: (message: string) => {
      setOpen(null);
      setNotice(message);
      changed();
    },
  };
}
