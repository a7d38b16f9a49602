import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import type { Me, Org, Session } from '../api/types.ts';
import { brandingVariables } from '../lib/branding.ts';

/** Where the session stands: still checking the cookie, signed out, or signed in. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; me: Me; org: Org | null; user: Session['user'] | null };

/** The session and the actions that change it. */
export interface SessionApi {
  state: SessionState;
  /** Starts using a session just issued by sign-in or invitation accept. */
  signIn: (session: Session) => Promise<void>;
  signOut: () => Promise<void>;
  /** Reloads /api/me (after MFA changes, for instance). */
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** GET /api/me and GET /api/org (the org may be unreadable for a key; then the app is unbranded). */
async function loadIdentity(): Promise<{ me: Me; org: Org | null }> {
  const me = await api.call<Me>('/me');
  const mfaPending = me.mfa !== null && me.mfa.required && !me.mfa.enabled;
  const org =
    me.abilities['org.read'] && !mfaPending ? await api.call<Org>('/org').catch((): Org | null => null) : null;
  return { me, org };
}

/** Applies the org's colours to the page (and removes them on sign-out). */
function applyBranding(org: Org | null): void {
  const root = document.documentElement;
  for (const name of ['--brand', '--brand-contrast', '--accent']) root.style.removeProperty(name);
  for (const [name, value] of Object.entries(brandingVariables(org?.settings.branding)))
    root.style.setProperty(name, value);
}

/** Holds who is signed in; on start, resumes a session from the refresh cookie. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async (user: Session['user'] | null) => {
    const { me, org } = await loadIdentity();
    applyBranding(org);
    setState({ status: 'signedIn', me, org, user });
  }, []);

  useEffect(() => {
    api.onSignedOut = () => {
      applyBranding(null);
      setState({ status: 'signedOut', expired: true });
    };
    let cancelled = false;
    void (async () => {
      const session = await api.refresh().catch(() => null);
      if (cancelled) return;
      if (!session) return setState({ status: 'signedOut', expired: false });
      await load(session.user).catch(() => setState({ status: 'signedOut', expired: false }));
    })();
    return () => {
      cancelled = true;
    };
  }, [load]);

  const signIn = useCallback(
    async (session: Session) => {
      api.setSession(session);
      await load(session.user);
    },
    [load],
  );

  const signOut = useCallback(async () => {
    await api.signOut().catch((error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
    });
    applyBranding(null);
    setState({ status: 'signedOut', expired: false });
  }, []);

  const reload = useCallback(async () => {
    await load(state.status === 'signedIn' ? state.user : null);
  }, [load, state]);

  const value = useMemo(() => ({ state, signIn, signOut, reload }), [state, signIn, signOut, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; use inside SessionProvider. */
export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in state; use only below a route that requires sign-in. */
export function useSignedIn(): Extract<SessionState, { status: 'signedIn' }> {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn while not signed in');
  return state;
}
