import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import type { Session } from '../api/types.ts';
import { usePreferences } from '../app/preferences.tsx';
import { useSession } from '../app/session.tsx';
import { safeNext } from '../lib/navigation.ts';
import { Alert } from '../ui/alert.tsx';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';

/**
 * Sign-in: e-mail and password, then — when the server answers 401 mfa_required — the code of the
 * authenticator app or a one-time recovery code, sent with the same credentials.
 */
export default function SignInPage() {
  const { t } = usePreferences();
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [org, setOrg] = useState('');
  const [step, setStep] = useState<'password' | 'totp' | 'recovery'>('password');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const secondFactor =
      step === 'totp' ? { totp: code.trim() } : step === 'recovery' ? { recoveryCode: code.trim() } : {};
    try {
      const session = await api.call<Session>('/auth/login', {
        method: 'POST',
        anonymous: true,
        body: { email: email.trim(), password, ...(org.trim() ? { org: org.trim() } : {}), ...secondFactor },
      });
      await signIn(session);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'mfa_required') {
        setStep('totp');
        setCode('');
      } else {
        setError(errorText(e, t, { invalid_credentials: 'signIn.invalid', mfa_invalid: 'signIn.mfaInvalid' }));
      }
    } finally {
      setBusy(false);
    }
  }

  const expired = state.status === 'signedOut' && state.expired;
  if (step !== 'password') {
    const recovery = step === 'recovery';
    return (
      <AuthLayout title={t('signIn.mfaTitle')}>
        <form onSubmit={submit} noValidate>
          <p>{recovery ? t('signIn.recoveryHint') : t('signIn.mfaHint', { email })}</p>
          {error && <Alert kind="error">{error}</Alert>}
          <Field
            key={step}
            label={recovery ? t('signIn.recoveryCode') : t('signIn.mfaCode')}
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            autoFocus
            required
          />
          <button type="submit" className="primary" disabled={busy || !code.trim()}>
            {t('signIn.verify')}
          </button>
          <div className="form-links">
            <button
              type="button"
              className="link"
              onClick={() => (setStep(recovery ? 'totp' : 'recovery'), setCode(''), setError(null))}
            >
              {recovery ? t('signIn.useTotp') : t('signIn.useRecovery')}
            </button>
            <button type="button" className="link" onClick={() => (setStep('password'), setCode(''), setError(null))}>
              {t('signIn.back')}
            </button>
          </div>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('signIn.title')}>
      <form onSubmit={submit} noValidate>
        {expired && !error && <Alert kind="info">{t('signIn.expired')}</Alert>}
        {params.get('accepted') && !error && <Alert kind="info">{t('invite.acceptedSignIn')}</Alert>}
        {error && <Alert kind="error">{error}</Alert>}
        <Field
          label={t('signIn.email')}
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoFocus
          required
        />
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <details className="more">
          <summary>{t('signIn.org')}</summary>
          <Field
            label={t('signIn.org')}
            name="org"
            hint={t('signIn.orgHint')}
            value={org}
            onChange={(e) => setOrg(e.target.value)}
            autoComplete="organization"
          />
        </details>
        <button type="submit" className="primary" disabled={busy || !email.trim() || !password}>
          {t('signIn.submit')}
        </button>
        <div className="form-links">
          <Link to="/forgot-password">{t('signIn.forgot')}</Link>
        </div>
      </form>
    </AuthLayout>
  );
}
