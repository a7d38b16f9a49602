import { Link } from 'react-router';
import { usePreferences } from '../app/preferences.tsx';
import { usePageTitle } from '../ui/page-title.ts';

/** Any path the app does not know. */
export default function NotFoundPage() {
  const { t } = usePreferences();
  usePageTitle(t('notFound.title'), t('app.name'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
