import type { Loaded } from '../app/loader.tsx';
import { usePreferences } from '../app/preferences.tsx';
import { LoadError } from './load-error.tsx';

/** While data loads, "Loading…" (announced); when the load failed, the error with a retry button. */
export function LoadStatus({ load }: { load: { state: Loaded<unknown>; reload: () => void } }) {
  const { t } = usePreferences();
  if (load.state.status === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (load.state.status === 'error') return <LoadError error={load.state.error} retry={load.reload} />;
  return null;
}
