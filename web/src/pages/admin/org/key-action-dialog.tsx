import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { ApiKey, CreatedKey } from '../../../api/org-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';

/** How long a rotated key's old secret keeps working (seconds). */
const GRACE_SECONDS = [0, 3600, 86_400, 604_800] as const;
const GRACE_LABEL = {
  0: 'keys.graceNone',
  3600: 'keys.graceHour',
  86400: 'keys.graceDay',
  604800: 'keys.graceWeek',
} as const;

/**
 * Revoke (after a confirmation) or rotate a key. Rotating hands the new key, with its secret, to
 * `onRotated`; the old secret stops at once or after the chosen grace period.
 */
export function KeyActionDialog(props: {
  mode: 'revoke' | 'rotate';
  apiKey: ApiKey;
  onClose: () => void;
  onRevoked: () => void;
  onRotated: (created: CreatedKey) => void;
}) {
  const { t } = usePreferences();
  const [grace, setGrace] = useState<number>(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const graceId = useId();
  const { apiKey, mode } = props;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'revoke') {
        await api.call(`/keys/${apiKey.id}/revoke`, { method: 'POST' });
        props.onRevoked();
      } else {
        const created = await api.call<CreatedKey>(`/keys/${apiKey.id}/rotate`, {
          method: 'POST',
          body: { gracePeriodSeconds: grace },
        });
        props.onRotated(created);
      }
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t(mode === 'revoke' ? 'keys.revokeOf' : 'keys.rotateOf', { name: apiKey.name })}
      onClose={props.onClose}
    >
      <form onSubmit={(e) => void submit(e)} className="org-dialog-form">
        {mode === 'revoke' ? (
          <p>{t('keys.revokeConfirm', { name: apiKey.name, prefix: apiKey.prefix })}</p>
        ) : (
          <>
            <p>{t('keys.rotateIntro')}</p>
            <div className="field">
              <label htmlFor={graceId}>{t('keys.grace')}</label>
              <select id={graceId} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
                {GRACE_SECONDS.map((s) => (
                  <option key={s} value={s}>
                    {t(GRACE_LABEL[s])}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        <DialogActions
          label={t(mode === 'revoke' ? 'keys.confirmRevoke' : 'keys.confirmRotate')}
          cancelLabel={t('org.cancel')}
          onCancel={props.onClose}
          disabled={busy}
          danger={mode === 'revoke'}
          error={error}
        />
      </form>
    </Dialog>
  );
}
