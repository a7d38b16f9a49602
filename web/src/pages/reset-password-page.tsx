import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/api-client.ts';
import { usePreferences } from '../app/preferences.tsx';
import { Alert } from '../ui/alert.tsx';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { errorText } from '../ui/error-text.ts';
import { tokenFromHash } from '../ui/hash-token.ts';
import { PasswordFields, passwordProblem } from '../ui/password-fields.tsx';

/** Sets a new password with the token of the e-mailed link (/reset-password#token=…). */
export default function ResetPasswordPage() {
  const { t } = usePreferences();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token || passwordProblem(password, confirm)) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('/auth/password-reset/confirm', { method: 'POST', anonymous: true, body: { token, password } });
      setDone(true);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('reset.title')}>
      {!token ? (
        <Alert kind="error">{t('reset.noToken')}</Alert>
      ) : done ? (
        <Alert kind="success">{t('reset.done')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          {error && <Alert kind="error">{error}</Alert>}
          <PasswordFields
            label={t('reset.password')}
            confirmLabel={t('reset.confirm')}
            hint={t('password.tooShort')}
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          <button type="submit" className="primary" disabled={busy || passwordProblem(password, confirm) !== null}>
            {t('reset.submit')}
          </button>
        </form>
      )}
      <div className="form-links">
        <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
      </div>
    </AuthLayout>
  );
}
