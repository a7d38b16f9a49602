import type { ReactNode } from 'react';
import { usePreferences } from '../app/preferences.tsx';
import { usePageTitle } from './page-title.ts';
import { PreferencesControls } from './preferences-controls.tsx';

/** The frame of the signed-out pages: product name, language/theme, one centred card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = usePreferences();
  usePageTitle(title, t('app.name'));
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="wordmark">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          {t('app.name')}
        </span>
        <PreferencesControls />
      </header>
      <main id="main" className="auth-card">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
