import { ApiError } from '../api/api-error.ts';
import type { MessageKey } from '../i18n/messages-en.ts';
import type { Translate } from '../i18n/translate.ts';

/**
 * The text to show for a failed call: our own words for the codes a screen expects, else the
 * server's message (it explains limits and waits precisely), else a generic one.
 */
export function errorText(error: unknown, t: Translate, known: Partial<Record<string, MessageKey>> = {}): string {
  if (error instanceof ApiError) {
    const key = known[error.code];
    if (key) return t(key);
    return error.requestId && error.status >= 500
      ? `${error.message} (${t('app.requestId', { id: error.requestId })})`
      : error.message;
  }
  return t('app.error');
}
