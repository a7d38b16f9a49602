import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import type { Session } from '../api/types.ts';
import { usePreferences } from '../app/preferences.tsx';
import { useSession } from '../app/session.tsx';
import { Alert } from '../ui/alert.tsx';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { tokenFromHash } from '../ui/hash-token.ts';
import { PasswordFields, passwordProblem } from '../ui/password-fields.tsx';

/**
 * Accepts an invitation with the token of the e-mailed link (/invite#token=…): name and password,
 * then the person is signed in. When signing in needs more (their org requires a second factor the
 * account already has), the invitation still counts and they continue on the sign-in page.
 */
export default function AcceptInvitePage() {
  const { t } = usePreferences();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token || passwordProblem(password, confirm) || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.call<Session>('/invitations/accept', {
        method: 'POST',
        anonymous: true,
        body: { token, name: name.trim(), password },
      });
      await signIn(session);
      navigate('/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'mfa_required' || e.message.startsWith('The invitation is accepted')))
        navigate('/sign-in?accepted=1', { replace: true });
      else setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t('invite.title')}>
      {!token ? (
        <Alert kind="error">{t('invite.noToken')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t('invite.intro')}</p>
          {error && <Alert kind="error">{error}</Alert>}
          <Field
            label={t('invite.name')}
            name="name"
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            required
          />
          <PasswordFields
            label={t('invite.password')}
            confirmLabel={t('invite.confirm')}
            hint={t('invite.passwordHint')}
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          <button
            type="submit"
            className="primary"
            disabled={busy || !name.trim() || passwordProblem(password, confirm) !== null}
          >
            {t('invite.submit')}
          </button>
        </form>
      )}
      <div className="form-links">
        <Link to="/sign-in">{t('forgot.backToSignIn')}</Link>
      </div>
    </AuthLayout>
  );
}
