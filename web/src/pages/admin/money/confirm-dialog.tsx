import { useState, type ReactNode } from 'react';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { errorText } from '../../../ui/error-text.ts';

/**
 * "Are you sure?" before something that cannot be undone in one click (delete, suspend): the
 * action runs on confirm, the dialog stays open with the server's message if it fails, and the
 * button is disabled while it runs, so a double click does it once.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
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
      <div className="money-dialog">
        {props.children}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            className={props.danger ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {props.confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            {t('money.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
