import { usePreferences } from '../app/preferences.tsx';
import { Alert } from './alert.tsx';
import { errorText } from './error-text.ts';

/** A failed load with a retry button. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = usePreferences();
  return (
    <Alert kind="error">
      <p>{errorText(error, t)}</p>
      <button type="button" className="secondary" onClick={retry}>
        {t('app.retry')}
      </button>
    </Alert>
  );
}
