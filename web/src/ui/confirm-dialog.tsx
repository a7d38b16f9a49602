import { useState, type ReactNode } from 'react';
import { usePreferences } from '../app/preferences.tsx';
import { Dialog } from './dialog.tsx';
import { DialogActions } from './dialog-actions.tsx';
import { errorText } from './error-text.ts';

/**
 * "Are you sure?" before something that cannot be undone in one click (delete, suspend): the
 * action runs on confirm, the dialog stays open with the server's message if it fails, and the
 * button is disabled while it runs, so a double click does it once.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  /** Focus Cancel on open rather than the dialog's first button. */
  focusCancel?: boolean;
  /** A class for the dialog's body (an area's spacing). */
  className?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = usePreferences();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div className={props.className}>
        {props.children}
        <DialogActions
          label={props.confirmLabel}
          cancelLabel={props.cancelLabel}
          onCancel={props.onClose}
          onAction={() => void confirm()}
          disabled={busy}
          danger={props.danger}
          error={error}
          focusCancel={props.focusCancel}
        />
      </div>
    </Dialog>
  );
}
