import { useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { ConnectionTest, Provider } from '../../../api/catalog-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount } from '../../../lib/format.ts';
import { Alert } from '../../../ui/alert.tsx';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { splitFieldError } from '../../../ui/field-errors.ts';

/**
 * "Test connection": a one-token chat through the gateway's own transport, so it fails where a real
 * request would (unreachable host, refused by the SSRF guard, a wrong key). The model to ask is
 * optional when a chat model already uses the provider.
 */
export function ConnectionTestDialog(props: { provider: Provider; onClose: () => void }) {
  const { t, lang } = usePreferences();
  const [model, setModel] = useState('');
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [modelError, setModelError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    setError(null);
    setModelError(null);
    try {
      setResult(
        await api.call<ConnectionTest>(`/providers/${props.provider.id}/test`, {
          method: 'POST',
          body: model.trim() ? { upstreamModel: model.trim() } : {},
        }),
      );
    } catch (e) {
      const text = errorText(e, t);
      const { path, text: problem } = splitFieldError(text);
      if (path === 'upstreamModel') setModelError(problem);
      else setError(text);
    } finally {
      setBusy(false);
    }
  };

  const latency = (ms: number) => t('providers.test.latency', { ms: formatCount(ms, lang) });
  return (
    <Dialog title={t('providers.test.title', { name: props.provider.name })} onClose={props.onClose}>
      <form onSubmit={(e) => void run(e)} noValidate>
        <Field
          label={t('providers.test.model')}
          hint={t('providers.test.modelHint')}
          value={model}
          onChange={(e) => setModel(e.target.value)}
          error={modelError}
          autoComplete="off"
          spellCheck={false}
        />
        <DialogActions
          label={busy ? t('providers.test.running') : t('providers.test.run')}
          cancelLabel={t('providers.close')}
          onCancel={props.onClose}
          disabled={busy}
        />
      </form>
      <div className="test-result" aria-live="polite">
        {result?.ok && (
          <Alert kind="success">
            <p data-testid="test-ok">{t('providers.test.ok', { model: result.model })}</p>
            <p>
              {latency(result.latencyMs)}
              {result.status !== undefined && ` · HTTP ${result.status}`}
            </p>
          </Alert>
        )}
        {result && !result.ok && (
          <Alert kind="error">
            <p data-testid="test-failed">{t('providers.test.failed', { model: result.model })}</p>
            <p>
              {result.error?.message} <code>{result.error?.code}</code>
            </p>
            <p>
              {latency(result.latencyMs)}
              {result.status !== undefined && ` · HTTP ${result.status}`}
            </p>
          </Alert>
        )}
        {error && <Alert kind="error">{error}</Alert>}
      </div>
    </Dialog>
  );
}

/** Replaces a provider's API key; the old one is gone at once (the gateway uses the new one within a second). */
export function RotateKeyDialog(props: { provider: Provider; onDone: (p: Provider) => void; onClose: () => void }) {
  const { t } = usePreferences();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api.call<Provider>(`/providers/${props.provider.id}/rotate-credential`, {
          method: 'POST',
          body: { apiKey },
        }),
      );
    } catch (e) {
      setError(splitFieldError(errorText(e, t)).text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('providers.rotate.title', { name: props.provider.name })} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <Field
          label={t('providers.rotate.newKey')}
          hint={t('providers.rotate.hint')}
          type="password"
          autoComplete="new-password"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          error={error}
          required
        />
        <DialogActions
          label={t('providers.rotate.submit')}
          cancelLabel={t('providers.cancel')}
          onCancel={props.onClose}
          disabled={busy || !apiKey}
        />
      </form>
    </Dialog>
  );
}

/** Deletes a provider; while models use it the server refuses and names them, shown here as it says. */
export function DeleteProviderDialog(props: { provider: Provider; onDone: () => void; onClose: () => void }) {
  const { t } = usePreferences();
  return (
    <ConfirmDialog
      title={t('providers.delete.title', { name: props.provider.name })}
      confirmLabel={t('providers.delete.submit')}
      cancelLabel={t('providers.cancel')}
      danger
      onClose={props.onClose}
      onConfirm={async () => {
        await api.call(`/providers/${props.provider.id}`, { method: 'DELETE' });
        props.onDone();
      }}
    >
      <p>{t('providers.delete.confirm')}</p>
    </ConfirmDialog>
  );
}
