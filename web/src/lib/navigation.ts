import type { Action, Me } from '../api/types.ts';
import type { MessageKey } from '../i18n/messages-en.ts';

/** One entry of the app's navigation. */
export interface NavItem {
  path: string;
  label: MessageKey;
}

/** A titled group of navigation entries. */
export interface NavSection {
  id: 'workspace' | 'admin' | 'platform';
  label: MessageKey;
  items: NavItem[];
}

/**
 * The admin pages and the ability each needs, reaching at least a department (an ability that
 * reaches only the person's own things, like a member's usage.read, is not an admin page). The API
 * enforces the same rules; this only hides.
 */
export const ADMIN_PAGES: ReadonlyArray<NavItem & { action: Action; orgWide?: boolean }> = [
  { path: '/admin/dashboard', label: 'nav.dashboard', action: 'usage.read' },
  { path: '/admin/people', label: 'nav.people', action: 'member.read' },
  { path: '/admin/departments', label: 'nav.departments', action: 'department.read' },
  { path: '/admin/keys', label: 'nav.keys', action: 'key.read' },
  { path: '/admin/providers', label: 'nav.providers', action: 'provider.read' },
  // model.read alone is every member's (to list models through the API); the page is for managers.
  { path: '/admin/models', label: 'nav.models', action: 'model.manage' },
  { path: '/admin/budgets', label: 'nav.budgets', action: 'budget.manage' },
  // The org's credit balance is shown to those who read all of the org's usage.
  { path: '/admin/credits', label: 'nav.credits', action: 'usage.read', orgWide: true },
  { path: '/admin/privacy', label: 'nav.privacy', action: 'privacy.manage' },
  { path: '/admin/usage', label: 'nav.usageLog', action: 'usage.read' },
  { path: '/admin/audit', label: 'nav.audit', action: 'audit.read' },
  { path: '/admin/settings', label: 'nav.settings', action: 'org.update' },
];

/**
 * The navigation a person sees, derived from GET /api/me: the workspace for everyone, an admin
 * entry only when its ability is granted, the platform section for operators.
 */
export function navigation(me: Me): NavSection[] {
  const workspace: NavItem[] = [];
  if (me.actor.kind === 'user') workspace.push({ path: '/chat', label: 'nav.chat' });
  workspace.push({ path: '/usage', label: 'nav.usage' });
  if (me.actor.kind === 'user') workspace.push({ path: '/security', label: 'nav.security' });
  // A member who may manage their own API keys finds them in the workspace.
  if (me.abilities['key.read'] === 'own') workspace.push({ path: '/keys', label: 'nav.keys' });
  const admin: NavItem[] = ADMIN_PAGES.filter((p) => adminReach(me, p.action, p.orgWide)).map(({ path, label }) => ({
    path,
    label,
  }));
  const sections: NavSection[] = [{ id: 'workspace', label: 'nav.workspace', items: workspace }];
  if (admin.length > 0) sections.push({ id: 'admin', label: 'nav.admin', items: admin });
  if (me.abilities['platform.manage'])
    sections.push({ id: 'platform', label: 'nav.platform', items: [{ path: '/platform/orgs', label: 'nav.tenants' }] });
  return sections;
}

/**
 * Whether `action` reaches beyond the person's own things (org or department): an admin ability.
 * `orgWide` asks for the whole org.
 */
export function adminReach(me: Me, action: Action, orgWide = false): boolean {
  const reach = me.abilities[action];
  return reach === 'org' || (!orgWide && reach === 'department');
}

/** Whether the person must set up two-factor authentication before anything else. */
export function mfaEnrolmentPending(me: Me): boolean {
  return me.mfa !== null && me.mfa.required && !me.mfa.enabled;
}

/** Only same-app paths may be a "next" target after sign-in (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
