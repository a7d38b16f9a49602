import type { PrivacyCounts } from '../../api/chat-types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import type { MessageKey } from '../../i18n/messages-en.ts';
import { privacySummary } from './chat-logic.ts';
import { Icon } from './icons.tsx';

const TYPE_KEYS: Record<string, MessageKey> = {
  EMAIL: 'chat.pii.EMAIL',
  PHONE: 'chat.pii.PHONE',
  IBAN: 'chat.pii.IBAN',
  CREDIT_CARD: 'chat.pii.CREDIT_CARD',
  IP_ADDRESS: 'chat.pii.IP_ADDRESS',
  DE_TAX_ID: 'chat.pii.DE_TAX_ID',
  DE_TAX_NUMBER: 'chat.pii.DE_TAX_NUMBER',
  PERSON: 'chat.pii.PERSON',
  ADDRESS: 'chat.pii.ADDRESS',
  DATE_OF_BIRTH: 'chat.pii.DATE_OF_BIRTH',
  URL_CREDENTIALS: 'chat.pii.URL_CREDENTIALS',
};

/**
 * What the privacy shield did to the request behind an answer: how many items of personal data
 * were replaced before it left, and of which kinds (the org's custom patterns by their name).
 * The model never saw them; the answer shows the originals again.
 */
export function PrivacyNote({ counts }: { counts: PrivacyCounts | null }) {
  const { t } = usePreferences();
  const summary = privacySummary(counts);
  if (!summary) return null;
  const types = summary.types
    .map((type) => {
      const key = TYPE_KEYS[type];
      return key ? t(key) : type.replace(/^CUSTOM:/, '');
    })
    .join(', ');
  return (
    <p className="chat-privacy" data-testid="privacy-note">
      <Icon name="shield" />
      {t(summary.total === 1 ? 'chat.privacy.one' : 'chat.privacy.many', { count: summary.total, types })}
    </p>
  );
}
