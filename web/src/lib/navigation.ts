import type { Me } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages-en.ts';

/** One entry of the app's navigation. */
export interface NavItem {
  path: string;
  label: MessageKey;
}

/** A titled group of navigation entries. */
export interface NavSection {
  id: 'workspace' | 'admin';
  label: MessageKey;
  items: NavItem[];
}

/**
 * The navigation a person sees, derived from GET /api/me: the workspace for everyone, an admin
 * entry only when its ability is granted (the API enforces the same rule; this only hides).
 */
export function navigation(me: Me): NavSection[] {
  const workspace: NavItem[] = [{ path: '/usage', label: 'nav.usage' }];
  if (me.actor.kind === 'user') workspace.push({ path: '/security', label: 'nav.security' });
  const admin: NavItem[] = [];
  if (me.abilities['member.read']) admin.push({ path: '/admin/people', label: 'nav.people' });
  const sections: NavSection[] = [{ id: 'workspace', label: 'nav.workspace', items: workspace }];
  if (admin.length > 0) sections.push({ id: 'admin', label: 'nav.admin', items: admin });
  return sections;
}

/** Whether the person must set up two-factor authentication before anything else. */
export function mfaEnrolmentPending(me: Me): boolean {
  return me.mfa !== null && me.mfa.required && !me.mfa.enabled;
}

/** Only same-app paths may be a "next" target after sign-in (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
