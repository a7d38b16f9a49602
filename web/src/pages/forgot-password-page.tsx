import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/api-client.ts';
import { usePreferences } from '../app/preferences.tsx';
import { Alert } from '../ui/alert.tsx';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';

/** Asks for a reset link by e-mail; the answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = usePreferences();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('/auth/password-reset/request', {
        method: 'POST',
        anonymous: true,
        body: { email: email.trim() },
      });
      setSent(true);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('forgot.title')}>
      {sent ? (
        <Alert kind="success">{t('forgot.sent')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('forgot.intro')}</p>
          {error && <Alert kind="error">{error}</Alert>}
          <Field
            label={t('signIn.email')}
            name="email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
            required
          />
          <button type="submit" className="primary" disabled={busy || !email.trim()}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
      <div className="form-links">
        <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
      </div>
    </AuthLayout>
  );
}
