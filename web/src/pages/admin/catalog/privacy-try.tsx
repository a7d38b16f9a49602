import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { PrivacyPolicy, PrivacyPreview } from '../../../api/catalog-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import type { Translate } from '../../../i18n/translate.ts';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { customName, textSegments } from './privacy-text.ts';

/** Example texts full of the personal data the detectors know, in both UI languages. */
const EXAMPLES = {
  de: 'Sehr geehrte Frau Dr. Anna Schmidt, bitte überweisen Sie den Betrag auf IBAN DE89 3704 0044 0532 0130 00. Rückfragen gern an anna.schmidt@kanzlei-mueller.de oder telefonisch unter 030 12345678. Unser Aktenzeichen: 12 O 345/24.',
  en: 'Dear Mr John Miller, please transfer the amount to IBAN GB82 WEST 1234 5698 7654 32. For questions write to john.miller@example.co.uk or call +44 20 7946 0958. Our reference: 12 O 345/24.',
} as const;

/** The name of an entity type: the catalog's words for built-in ones, a custom pattern's own name. */
export function typeLabel(type: string, t: Translate): string {
  const custom = customName(type);
  return custom ?? t(`privacy.type.${type}` as 'privacy.type.EMAIL');
}

/**
 * "Try it": a pasted text as the shield would treat it under the policy being edited (saved or
 * not): each finding highlighted with its type and mode in words (not only in colour), then the
 * text the provider would receive, or the types that would block it. Nothing is stored or sent.
 */
export function PrivacyTry(props: { policy: PrivacyPolicy }) {
  const { t } = usePreferences();
  const [text, setText] = useState<string>(EXAMPLES.de);
  const [preview, setPreview] = useState<{ text: string; result: PrivacyPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textId = useId();

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.call<PrivacyPreview>('/privacy/preview', {
        method: 'POST',
        body: { text, policy: props.policy },
      });
      setPreview({ text, result });
    } catch (e) {
      setPreview(null);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form onSubmit={(e) => void run(e)}>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setText(EXAMPLES.de)} lang="de">
            {t('privacy.try.exampleDe')}
          </button>
          <button type="button" className="secondary" onClick={() => setText(EXAMPLES.en)}>
            {t('privacy.try.exampleEn')}
          </button>
        </div>
        <div className="field">
          <label htmlFor={textId}>{t('privacy.try.text')}</label>
          <textarea id={textId} rows={5} value={text} onChange={(e) => setText(e.target.value)} maxLength={100_000} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('privacy.try.run')}
          </button>
        </div>
      </form>
      {error && <Alert kind="error">{error}</Alert>}
      {preview && (
        <div className="preview" aria-live="polite">
          <h3>{t('privacy.try.found', { count: preview.result.findings.length })}</h3>
          <p className="marked" data-testid="privacy-marked">
            {textSegments(preview.text, preview.result.findings).map((s, i) =>
              s.finding ? (
                <mark key={i} className={`finding finding-${s.finding.mode}`}>
                  {s.text}
                  <span className="finding-tag">
                    <span className="visually-hidden"> (</span>
                    {typeLabel(s.finding.type, t)} · {t(`privacy.mode.${s.finding.mode}`)}
                    <span className="visually-hidden">)</span>
                  </span>
                </mark>
              ) : (
                <span key={i}>{s.text}</span>
              ),
            )}
          </p>
          <h3>{t('privacy.try.sent')}</h3>
          {preview.result.sent === null ? (
            <Alert kind="error">
              {t('privacy.try.blocked', {
                types: preview.result.blockedTypes.map((type) => typeLabel(type, t)).join(', '),
              })}
            </Alert>
          ) : (
            <pre className="sent" data-testid="privacy-sent">
              {preview.result.sent}
            </pre>
          )}
        </div>
      )}
    </>
  );
}
