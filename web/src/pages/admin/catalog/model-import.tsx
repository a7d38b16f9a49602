import { useId, useState } from 'react';
import { api } from '../../../api/api-client.ts';
import type { ImportProblem, ImportResult } from '../../../api/catalog-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount } from '../../../lib/format.ts';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { entryOf, importProblems } from './import-problems.ts';

/** The largest document read from a file (the server takes 5,000 models and 50,000 rules). */
const MAX_FILE_BYTES = 10_000_000;

/** The entry of a parsed document a path like "models[3]" names, pretty-printed, or null. */
function entryJson(doc: unknown, entry: string): string | null {
  const match = /^(providers|models|access\.rules)\[(\d+)\]$/.exec(entry);
  if (!match || typeof doc !== 'object' || doc === null) return null;
  const root = doc as Record<string, unknown>;
  const list =
    match[1] === 'access.rules' ? (root.access as Record<string, unknown> | undefined)?.rules : root[match[1]!];
  const item = Array.isArray(list) ? list[Number(match[2])] : undefined;
  return item === undefined ? null : JSON.stringify(item, null, 2);
}

type Outcome =
  | { kind: 'plan'; result: ImportResult; text: string; mode: 'merge' | 'replace' }
  | { kind: 'applied'; result: ImportResult }
  | { kind: 'problems'; problems: ImportProblem[]; doc: unknown }
  | { kind: 'error'; message: string };

/** One section of a plan: names created, updated, deleted, and how many stay as they are. */
function PlanSection(props: { title: string; part: ImportResult['models'] }) {
  const { t, lang } = usePreferences();
  const { created, updated, deleted, unchanged } = props.part;
  const list = (label: string, names: string[]) =>
    names.length > 0 && (
      <li>
        {label}: {names.join(', ')}
      </li>
    );
  return (
    <>
      <h4>{props.title}</h4>
      <ul>
        {list(t('models.import.created'), created)}
        {list(t('models.import.updated'), updated)}
        {list(t('models.import.deleted'), deleted)}
        <li>{t('models.import.unchanged', { count: formatCount(unchanged, lang) })}</li>
      </ul>
    </>
  );
}

/** What an import changes (or, checked first, would change). */
function ImportPlan({ result }: { result: ImportResult }) {
  const { t, lang } = usePreferences();
  return (
    <div data-testid="import-plan">
      <PlanSection title={t('models.import.providers')} part={result.providers} />
      <PlanSection title={t('models.import.models')} part={result.models} />
      <h4>{t('models.import.access')}</h4>
      <ul>
        <li>{t('models.import.rulesChanged', { count: formatCount(result.access.rulesChanged, lang) })}</li>
        {result.access.modelAccessDefault && (
          <li>
            {t('models.access.defaultChange', {
              from: t(`models.access.default.${result.access.modelAccessDefault.from}`),
              to: t(`models.access.default.${result.access.modelAccessDefault.to}`),
            })}
          </li>
        )}
      </ul>
      {result.warnings.length > 0 && (
        <Alert kind="info">
          <ul>
            {result.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}

/**
 * Imports a configuration document (a file or pasted JSON): checked first as a dry run, which
 * shows the plan — or every problem next to the entry it is in, with its JSON path — and only
 * then applied, all or nothing. Editing the text drops an earlier check.
 */
export function ModelImport(props: { onApplied: () => void }) {
  const { t } = usePreferences();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [syntax, setSyntax] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const fileId = useId();
  const textId = useId();
  const modeId = useId();

  const change = (next: string) => {
    setText(next);
    setSyntax(null);
    if (outcome?.kind !== 'applied') setOutcome(null);
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setSyntax(t('models.import.tooLarge'));
    change(await file.text());
  };

  const send = async (dryRun: boolean) => {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return setSyntax(t('models.import.notJson', { detail: e instanceof Error ? e.message : '' }));
    }
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api.call<ImportResult>('/models/import', {
        method: 'POST',
        query: { mode, dryRun: String(dryRun) },
        body: doc,
      });
      setOutcome(dryRun ? { kind: 'plan', result, text, mode } : { kind: 'applied', result });
      if (!dryRun) props.onApplied();
    } catch (e) {
      const problems = importProblems(e);
      setOutcome(
        problems.length > 0 ? { kind: 'problems', problems, doc } : { kind: 'error', message: errorText(e, t) },
      );
    } finally {
      setBusy(false);
    }
  };

  const byEntry = new Map<string, ImportProblem[]>();
  if (outcome?.kind === 'problems')
    for (const p of outcome.problems) byEntry.set(entryOf(p.path), [...(byEntry.get(entryOf(p.path)) ?? []), p]);
  const checked = outcome?.kind === 'plan' && outcome.text === text && outcome.mode === mode;

  return (
    <>
      <div className="field">
        <label htmlFor={fileId}>{t('models.import.file')}</label>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          onChange={(e) => void readFile(e.target.files?.[0])}
        />
      </div>
      <div className="field">
        <label htmlFor={textId}>{t('models.import.text')}</label>
        <textarea
          id={textId}
          className="code"
          rows={10}
          value={text}
          spellCheck={false}
          onChange={(e) => change(e.target.value)}
          aria-invalid={syntax ? true : undefined}
          aria-describedby={syntax ? `${textId}-error` : `${textId}-hint`}
        />
        {syntax ? (
          <p id={`${textId}-error`} className="field-error">
            {syntax}
          </p>
        ) : (
          <p id={`${textId}-hint`} className="hint">
            {t('models.import.textHint')}
          </p>
        )}
      </div>
      <div className="field narrow">
        <label htmlFor={modeId}>{t('models.import.mode')}</label>
        <select
          id={modeId}
          value={mode}
          onChange={(e) => setMode(e.target.value as 'merge' | 'replace')}
          aria-describedby={`${modeId}-hint`}
        >
          <option value="merge">{t('models.import.mode.merge')}</option>
          <option value="replace">{t('models.import.mode.replace')}</option>
        </select>
        <p id={`${modeId}-hint`} className="hint">
          {t(`models.import.mode.${mode}.hint`)}
        </p>
      </div>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy || !text.trim()} onClick={() => void send(true)}>
          {t('models.import.check')}
        </button>
        <button type="button" className="primary" disabled={busy || !checked} onClick={() => void send(false)}>
          {t('models.import.apply')}
        </button>
      </div>
      <div className="import-outcome" aria-live="polite">
        {outcome?.kind === 'plan' && (
          <>
            <Alert kind="info">{t('models.import.planned')}</Alert>
            <ImportPlan result={outcome.result} />
          </>
        )}
        {outcome?.kind === 'applied' && (
          <>
            <Alert kind="success">{t('models.import.applied')}</Alert>
            <ImportPlan result={outcome.result} />
          </>
        )}
        {outcome?.kind === 'error' && <Alert kind="error">{outcome.message}</Alert>}
        {outcome?.kind === 'problems' && (
          <div data-testid="import-problems">
            <Alert kind="error">{t('models.import.problems', { count: outcome.problems.length })}</Alert>
            <ul className="import-entries">
              {[...byEntry].map(([entry, problems]) => {
                const json = entry ? entryJson(outcome.doc, entry) : null;
                return (
                  <li key={entry || 'document'} className="import-entry">
                    <h4>
                      <code>{entry || t('models.import.document')}</code>
                    </h4>
                    <div className="entry-body">
                      {json && <pre className="code">{json}</pre>}
                      <ul className="entry-problems">
                        {problems.map((p) => (
                          <li key={`${p.path}|${p.problem}`} className="field-error">
                            <code>{p.path}</code>: {p.problem}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}
