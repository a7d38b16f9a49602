import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import type { Action } from '../api/types.ts';
import { mfaEnrolmentPending, safeNext } from '../lib/navigation.ts';
import { usePreferences } from './preferences.tsx';
import { useSession, useSignedIn } from './session.tsx';

// Every screen is its own chunk: the first load carries only React, the router and the session.
const Shell = lazy(() => import('./shell.tsx').then((m) => ({ default: m.Shell })));
const SignInPage = lazy(() => import('../pages/sign-in-page.tsx'));
const AcceptInvitePage = lazy(() => import('../pages/accept-invite-page.tsx'));
const ForgotPasswordPage = lazy(() => import('../pages/forgot-password-page.tsx'));
const ResetPasswordPage = lazy(() => import('../pages/reset-password-page.tsx'));
const UsagePage = lazy(() => import('../pages/usage-page.tsx'));
const SecurityPage = lazy(() => import('../pages/security-page.tsx'));
const PeoplePage = lazy(() => import('../pages/people-page.tsx'));
const NotFoundPage = lazy(() => import('../pages/not-found-page.tsx'));

/** Shown while the session is checked or a screen's code loads. */
function Loading() {
  const { t } = usePreferences();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

/**
 * Pages behind sign-in: signed-out people go to the sign-in page (and come back afterwards); a
 * person whose org requires two-factor authentication and who has none yet sets it up first.
 */
function RequireSignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut')
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (mfaEnrolmentPending(state.me) && location.pathname !== '/security') return <Navigate to="/security" replace />;
  return children;
}

/** An admin page: shown only with its ability (the API refuses the rest anyway); else "not found". */
function RequireAbility({ action, children }: { action: Action; children: ReactNode }) {
  const { me } = useSignedIn();
  return me.abilities[action] ? children : <NotFoundPage />;
}

/** The sign-in page, unless already signed in. */
function SignInRoute() {
  const { state } = useSession();
  const [params] = useSearchParams();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedIn') {
    return <Navigate to={safeNext(params.get('next'))} replace />;
  }
  return <SignInPage />;
}

/** The app's routes. */
export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/sign-in" element={<SignInRoute />} />
        <Route path="/invite" element={<AcceptInvitePage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route
          element={
            <RequireSignedIn>
              <Shell />
            </RequireSignedIn>
          }
        >
          <Route index element={<Navigate to="/usage" replace />} />
          <Route path="/usage" element={<UsagePage />} />
          <Route path="/security" element={<SecurityPage />} />
          <Route
            path="/admin/people"
            element={
              <RequireAbility action="member.read">
                <PeoplePage />
              </RequireAbility>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
