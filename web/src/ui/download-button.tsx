import { useState } from 'react';
import { api, type CallOptions } from '../api/api-client.ts';
import { usePreferences } from '../app/preferences.tsx';
import { formatBytes } from '../lib/format.ts';
import { errorText } from './error-text.ts';

/**
 * Downloads a (possibly long, streamed) export from the API with the person's token and saves it
 * under `filename`; while it runs, the button shows how much has arrived and can cancel.
 */
export function DownloadButton(props: {
  path: string;
  query?: CallOptions['query'];
  filename: string;
  label: string;
  accept?: string;
}) {
  const { t, lang } = usePreferences();
  const [progress, setProgress] = useState<{ bytes: number; controller: AbortController } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    const controller = new AbortController();
    setError(null);
    setProgress({ bytes: 0, controller });
    try {
      const res = await api.raw(props.path, { query: props.query, signal: controller.signal, accept: props.accept });
      const parts: BlobPart[] = [];
      let bytes = 0;
      const reader = res.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(value);
          bytes += value.byteLength;
          setProgress({ bytes, controller });
        }
      }
      const url = URL.createObjectURL(new Blob(parts, { type: res.headers.get('content-type') ?? undefined }));
      const link = document.createElement('a');
      link.href = url;
      link.download = props.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      if (!controller.signal.aborted) setError(errorText(e, t));
    } finally {
      setProgress(null);
    }
  };

  return (
    <span className="download">
      {progress ? (
        <>
          <span role="status">{t('download.progress', { size: formatBytes(progress.bytes, lang) })}</span>{' '}
          <button type="button" className="secondary" onClick={() => progress.controller.abort()}>
            {t('download.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="secondary" onClick={() => void start()}>
          {props.label}
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
