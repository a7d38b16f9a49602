import type { ReactNode } from 'react';
import { useSignedIn } from '../../../app/session.tsx';
import NotFoundPage from '../../not-found-page.tsx';

/**
 * The dashboard and the usage log are for people who oversee others' usage (the org, or a
 * manager's departments). Someone who may read only their own usage finds it under "My usage";
 * here they get "not found", like any admin page they may not open.
 */
export function OverseersOnly({ children }: { children: ReactNode }) {
  const { me } = useSignedIn();
  const reach = me.abilities['usage.read'];
  return reach === 'org' || reach === 'department' ? children : <NotFoundPage />;
}
