import { useState } from 'react';
import { usePreferences } from '../app/preferences.tsx';

/** Recovery codes, shown once: copy, download as a text file, then confirm they are saved. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = usePreferences();
  const [copied, setCopied] = useState(false);
  const text = `${codes.join('\n')}\n`;
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <section className="card" aria-labelledby="codes-heading">
      <h2 id="codes-heading">{t('mfa.codesTitle')}</h2>
      <p>{t('mfa.codesIntro')}</p>
      <ul className="codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
        >
          {t('mfa.copy')}
        </button>
        <a className="button secondary" href={download} download="gatehouse-recovery-codes.txt">
          {t('mfa.download')}
        </a>
        <button type="button" className="primary" onClick={onDone}>
          {t('mfa.savedContinue')}
        </button>
      </div>
      {copied && <p role="status">{t('mfa.copied')}</p>}
    </section>
  );
}
