import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { PreferencesProvider } from './app/preferences.tsx';
import { AppRoutes } from './app/routes.tsx';
import { SessionProvider } from './app/session.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PreferencesProvider>
      <SessionProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </SessionProvider>
    </PreferencesProvider>
  </StrictMode>,
);
