import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import type { Action } from '../api/types.ts';
import { adminReach, mfaEnrolmentPending, safeNext } from '../lib/navigation.ts';
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
const ChatPage = lazy(() => import('../pages/chat/chat-page.tsx'));
const DashboardPage = lazy(() => import('../pages/admin/dashboard-page.tsx'));
const UsageLogPage = lazy(() => import('../pages/admin/usage-log-page.tsx'));
const UsageDetailPage = lazy(() => import('../pages/admin/usage-detail-page.tsx'));
const BudgetsPage = lazy(() => import('../pages/admin/budgets-page.tsx'));
const CreditsPage = lazy(() => import('../pages/admin/credits-page.tsx'));
const AuditLogPage = lazy(() => import('../pages/admin/audit-log-page.tsx'));
const TenantsPage = lazy(() => import('../pages/admin/tenants-page.tsx'));
const DepartmentsPage = lazy(() => import('../pages/admin/departments-page.tsx'));
const KeysPage = lazy(() => import('../pages/admin/keys-page.tsx'));
const SettingsPage = lazy(() => import('../pages/admin/settings-page.tsx'));
const ProvidersPage = lazy(() => import('../pages/admin/providers-page.tsx'));
const ModelsPage = lazy(() => import('../pages/admin/models-page.tsx'));
const PrivacyPage = lazy(() => import('../pages/admin/privacy-page.tsx'));

/** Admin routes: path, the ability that shows it, the screen, and whether it must reach the whole org. */
const ADMIN_ROUTES: Array<[string, Action, ComponentType, orgWide?: boolean]> = [
  ['/admin/dashboard', 'usage.read', DashboardPage],
  ['/admin/people', 'member.read', PeoplePage],
  ['/admin/departments', 'department.read', DepartmentsPage],
  ['/admin/keys', 'key.read', KeysPage],
  ['/admin/providers', 'provider.read', ProvidersPage],
  ['/admin/models', 'model.manage', ModelsPage],
  ['/admin/budgets', 'budget.manage', BudgetsPage],
  ['/admin/credits', 'usage.read', CreditsPage, true],
  ['/admin/privacy', 'privacy.manage', PrivacyPage],
  ['/admin/usage', 'usage.read', UsageLogPage],
  ['/admin/usage/:requestId', 'usage.read', UsageDetailPage],
  ['/admin/audit', 'audit.read', AuditLogPage],
  ['/admin/settings', 'org.update', SettingsPage],
  ['/platform/orgs', 'platform.manage', TenantsPage],
];
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

/**
 * An admin page: shown only with its ability reaching a department or the org (the API refuses the
 * rest anyway); else "not found".
 */
function RequireAbility({ action, orgWide, children }: { action: Action; orgWide?: boolean; children: ReactNode }) {
  const { me } = useSignedIn();
  return adminReach(me, action, orgWide) ? children : <NotFoundPage />;
}

/** The start page: the chat for people, "My usage" for an API key's session. */
function HomeRedirect() {
  const { me } = useSignedIn();
  return <Navigate to={me.actor.kind === 'user' ? '/chat' : '/usage'} replace />;
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
          <Route index element={<HomeRedirect />} />
          <Route path="/chat" element={<ChatPage />} />
          <Route path="/chat/:conversationId" element={<ChatPage />} />
          <Route path="/usage" element={<UsagePage />} />
          <Route path="/security" element={<SecurityPage />} />
          {/* A member's own API keys (the same page; it lists what the person may see). */}
          <Route path="/keys" element={<KeysPage />} />
          {ADMIN_ROUTES.map(([path, action, Page, orgWide]) => (
            <Route
              key={path}
              path={path}
              element={
                <RequireAbility action={action} orgWide={orgWide}>
                  <Page />
                </RequireAbility>
              }
            />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
