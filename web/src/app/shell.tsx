import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { safeLogoUrl } from '../lib/branding.ts';
import { navigation } from '../lib/navigation.ts';
import { PreferencesControls } from '../ui/preferences-controls.tsx';
import { usePreferences } from './preferences.tsx';
import { useSession, useSignedIn } from './session.tsx';

/**
 * The signed-in frame: a skip link, the org's name and logo, navigation derived from the person's
 * abilities (a drawer on phones), language/theme, sign-out, and the page in <main>.
 */
export function Shell() {
  const { t } = usePreferences();
  const { me, org, user } = useSignedIn();
  const { signOut } = useSession();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const brandName = org?.settings.branding?.displayName || org?.name || t('app.name');
  const logo = safeLogoUrl(org?.settings.branding?.logoUrl);
  const email = me.actor.kind === 'user' ? me.actor.email : (user?.email ?? '');

  // Escape closes the phone drawer.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  // A new page: move focus to it so screen readers announce it (the drawer closed on the click).
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">{menuOpen ? t('nav.closeMenu') : t('nav.menu')}</span>
        </button>
        <span className="brand" data-testid="brand">
          {logo ? <img src={logo} alt="" height="28" /> : <img src="/favicon.svg" alt="" width="28" height="28" />}
          <span>{brandName}</span>
        </span>
        <div className="topbar-end">
          <span className="who" title={t('user.signedInAs', { email })}>
            {email}
          </span>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            {t('user.signOut')}
          </button>
        </div>
      </header>
      <nav id="sidebar" className="sidebar" aria-label={t('nav.main')}>
        {navigation(me).map((section) => (
          <div key={section.id} className="nav-section" data-testid={`nav-${section.id}`}>
            <h2 className="nav-heading">{t(section.label)}</h2>
            <ul>
              {section.items.map((item) => (
                <li key={item.path}>
                  <NavLink to={item.path} onClick={() => setMenuOpen(false)}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <PreferencesControls />
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="content">
        <Outlet />
      </main>
    </div>
  );
}
