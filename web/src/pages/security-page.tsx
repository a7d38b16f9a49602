import { useState, type FormEvent } from 'react';
import { api } from '../api/api-client.ts';
import { usePreferences } from '../app/preferences.tsx';
import { useSession, useSignedIn } from '../app/session.tsx';
import { Alert } from '../ui/alert.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { usePageTitle } from '../ui/page-title.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

interface Setup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

/** A form with one code field that calls `send(code)`; used to confirm, regenerate and turn off. */
function CodeForm(props: {
  label: string;
  hint?: string;
  submit: string;
  send: (code: string) => Promise<void>;
  danger?: boolean;
}) {
  const { t } = usePreferences();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.send(code.trim());
      setCode('');
    } catch (e) {
      setError(errorText(e, t, { mfa_invalid: 'signIn.mfaInvalid' }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {error && <Alert kind="error">{error}</Alert>}
      <Field
        label={props.label}
        hint={props.hint}
        name="code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="one-time-code"
        inputMode="numeric"
        required
      />
      <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={busy || !code.trim()}>
        {props.submit}
      </button>
    </form>
  );
}

/**
 * Two-factor authentication: set up an authenticator app (QR code from the server, the key for
 * typing, a first code to confirm), see the recovery codes once, make new ones, or turn it off
 * when the org does not require it.
 */
export default function SecurityPage() {
  const { t } = usePreferences();
  const { me, org } = useSignedIn();
  const { reload } = useSession();
  usePageTitle(t('mfa.title'), org?.name ?? t('app.name'));
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mfa = me.mfa ?? { enabled: false, required: false };

  async function start() {
    setError(null);
    try {
      setSetup(await api.call<Setup>('/mfa/totp/setup', { method: 'POST', body: {} }));
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  if (codes)
    return (
      <>
        <h1>{t('mfa.title')}</h1>
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            setSetup(null);
            void reload();
          }}
        />
      </>
    );

  return (
    <>
      <h1>{t('mfa.title')}</h1>
      {mfa.required && !mfa.enabled && <Alert kind="info">{t('mfa.required')}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <p className="state" data-testid="mfa-state">
        {mfa.enabled ? t('mfa.enabled') : t('mfa.disabled')}
      </p>
      {!mfa.enabled && !setup && (
        <button type="button" className="primary" onClick={() => void start()}>
          {t('mfa.start')}
        </button>
      )}
      {!mfa.enabled && setup && (
        <section className="card setup" aria-label={t('mfa.start')}>
          <p>{t('mfa.scan')}</p>
          <img
            className="qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt={t('mfa.qrAlt')}
            width="200"
            height="200"
          />
          <p>
            {t('mfa.manual')} <code data-testid="mfa-secret">{setup.secret}</code>
          </p>
          <CodeForm
            label={t('mfa.code')}
            submit={t('mfa.confirm')}
            send={async (code) => {
              const out = await api.call<{ recoveryCodes: string[] }>('/mfa/totp/confirm', {
                method: 'POST',
                body: { code },
              });
              setCodes(out.recoveryCodes);
            }}
          />
        </section>
      )}
      {mfa.enabled && (
        <>
          <section className="card" aria-labelledby="regen-heading">
            <h2 id="regen-heading">{t('mfa.regenerate')}</h2>
            <CodeForm
              label={t('mfa.code')}
              hint={t('mfa.regenerateHint')}
              submit={t('mfa.regenerate')}
              send={async (code) => {
                const out = await api.call<{ recoveryCodes: string[] }>('/mfa/recovery-codes/regenerate', {
                  method: 'POST',
                  body: { code },
                });
                setCodes(out.recoveryCodes);
              }}
            />
          </section>
          <section className="card" aria-labelledby="off-heading">
            <h2 id="off-heading">{t('mfa.turnOff')}</h2>
            {mfa.required ? (
              <p>{t('mfa.requiredCannotOff')}</p>
            ) : (
              <CodeForm
                label={t('mfa.code')}
                hint={t('mfa.turnOffHint')}
                submit={t('mfa.turnOff')}
                danger
                send={async (code) => {
                  await api.call('/mfa/totp', { method: 'DELETE', body: { code } });
                  await reload();
                }}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}
