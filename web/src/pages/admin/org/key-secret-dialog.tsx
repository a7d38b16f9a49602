import { useState } from 'react';
import type { CreatedKey } from '../../../api/org-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Dialog } from '../../../ui/dialog.tsx';

/**
 * A new key's secret, shown this once: the server keeps only its hash, so closing the dialog
 * loses it for good. A copy button puts it on the clipboard.
 */
export function KeySecretDialog(props: { created: CreatedKey; onClose: () => void }) {
  const { t } = usePreferences();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure context): the secret stays selectable on screen.
      setCopied('failed');
    }
  };
  return (
    <Dialog title={t('keys.secretTitle', { name: props.created.name })} onClose={props.onClose}>
      <Alert kind="info">
        <p>
          <strong>{t('keys.secretOnce')}</strong>
        </p>
        <p>{t('keys.secretWarning')}</p>
      </Alert>
      <p className="key-secret">
        <code data-testid="key-secret">{props.created.secret}</code>
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('keys.copy')}
        </button>
        <button type="button" className="secondary" onClick={props.onClose}>
          {t('keys.secretDone')}
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes' ? t('keys.copied') : copied === 'failed' ? t('keys.copyFailed') : ''}
      </p>
    </Dialog>
  );
}
