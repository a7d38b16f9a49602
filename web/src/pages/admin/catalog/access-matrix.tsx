import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../../api/api-client.ts';
import type { AccessCell, AccessMatrix } from '../../../api/catalog-types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { LoadError } from '../../../ui/load-error.tsx';
import {
  accessCells,
  accessChanges,
  accessColumns,
  lineState,
  nextCell,
  setCells,
  toggleAllValue,
  type AccessCells,
  type AccessColumn,
} from './access-edit.ts';

/** A checkbox that can show "mixed" (the DOM property has no attribute, so it is set on the element). */
function TriCheckbox(props: {
  checked: boolean;
  mixed: boolean;
  label: string;
  title?: string;
  disabled?: boolean;
  changed?: boolean;
  onChange: () => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = props.mixed;
  });
  return (
    <input
      ref={ref}
      type="checkbox"
      className={props.changed ? 'changed' : undefined}
      checked={props.checked}
      aria-label={props.label}
      title={props.title}
      disabled={props.disabled}
      onChange={props.onChange}
    />
  );
}

/**
 * Who may use which model: every model × every role and department, one tri-state checkbox per
 * cell (allowed, denied, or no rule — then the org default or a parent department decides), "all"
 * toggles per row and column, and one Save for the whole edit after the list of changes is shown.
 */
export function AccessMatrixEditor(props: { canManage: boolean; version: number; onSaved: () => void }) {
  const { t } = usePreferences();
  const { state, reload } = useLoad((signal) => api.call<AccessMatrix>('/models/access', { signal }), [props.version]);
  const [edit, setEdit] = useState<{ base: AccessMatrix; cells: AccessCells; fallback: 'allow' | 'deny' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const defaultId = useId();

  // A fresh load (after a save or an import) starts a new edit.
  const loaded = state.status === 'ok' ? state.data : null;
  if (loaded && edit?.base !== loaded)
    setEdit({ base: loaded, cells: accessCells(loaded), fallback: loaded.modelAccessDefault });

  if (state.status === 'loading' || (!edit && state.status === 'ok')) return <p role="status">{t('app.loading')}</p>;
  if (state.status === 'error') return <LoadError error={state.error} retry={reload} />;
  if (!edit) return null;
  const matrix = edit.base;
  const columns = accessColumns(matrix);
  const original = accessCells(matrix);
  const changes = accessChanges(original, edit.cells, columns);
  const defaultChanged = edit.fallback !== matrix.modelAccessDefault;
  const dirty = changes.length > 0 || defaultChanged;
  const update = (cells: AccessCells) => {
    setSaved(false);
    setEdit({ ...edit, cells });
  };
  const subjectName = (c: AccessColumn) =>
    c.subjectType === 'role'
      ? t(`role.${c.subject}` as 'role.member')
      : (matrix.departments.find((d) => d.id === c.subject)?.name ?? c.subject);
  const aliasOf = (id: string) => matrix.models.find((m) => m.id === id)?.alias ?? id;
  const cellName = (cell: AccessCell) => t(`models.access.cell.${cell}`);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call<AccessMatrix>('/models/access', {
        method: 'PUT',
        body: {
          ...(defaultChanged ? { modelAccessDefault: edit.fallback } : {}),
          changes: changes.map(({ modelId, subjectType, subject, allowed }) => ({
            modelId,
            subjectType,
            subject,
            allowed,
          })),
        },
      });
      setSaved(true);
      props.onSaved();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  if (matrix.models.length === 0) return <p className="empty">{t('models.access.noModels')}</p>;
  return (
    <>
      <div className="field narrow">
        <label htmlFor={defaultId}>{t('models.access.default')}</label>
        <select
          id={defaultId}
          value={edit.fallback}
          disabled={!props.canManage}
          onChange={(e) => {
            setSaved(false);
            setEdit({ ...edit, fallback: e.target.value as 'allow' | 'deny' });
          }}
          aria-describedby={`${defaultId}-hint`}
        >
          <option value="allow">{t('models.access.default.allow')}</option>
          <option value="deny">{t('models.access.default.deny')}</option>
        </select>
        <p id={`${defaultId}-hint`} className="hint">
          {t('models.access.defaultHint')}
        </p>
      </div>
      <ul className="legend hint">
        {(['allowed', 'denied', 'default'] as const).map((cell) => (
          <li key={cell}>
            <span className={`box box-${cell}`} aria-hidden="true" /> {cellName(cell)}
          </li>
        ))}
        <li>{t('models.access.cycle')}</li>
      </ul>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('models.access.title')}>
        <table className="matrix" data-testid="access-matrix">
          <caption className="visually-hidden">{t('models.access.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('models.alias')}</th>
              {columns.map((c) => {
                const values = matrix.models.map((m) => edit.cells[m.id]?.[c.key] ?? 'default');
                const line = lineState(values);
                return (
                  <th scope="col" key={c.key}>
                    <span className="subject">
                      {subjectName(c)}
                      <small>{t(c.subjectType === 'role' ? 'models.access.role' : 'models.access.department')}</small>
                    </span>
                    {props.canManage && (
                      <TriCheckbox
                        checked={line === 'all'}
                        mixed={line === 'some'}
                        label={t('models.access.allColumn', { subject: subjectName(c) })}
                        onChange={() =>
                          update(
                            setCells(
                              edit.cells,
                              matrix.models.map((m) => ({ modelId: m.id, column: c.key })),
                              toggleAllValue(values),
                            ),
                          )
                        }
                      />
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {matrix.models.map((m) => {
              const values = columns.map((c) => edit.cells[m.id]?.[c.key] ?? 'default');
              const line = lineState(values);
              return (
                <tr key={m.id}>
                  <th scope="row">
                    <span className="row-head">
                      {props.canManage && (
                        <TriCheckbox
                          checked={line === 'all'}
                          mixed={line === 'some'}
                          label={t('models.access.allRow', { alias: m.alias })}
                          onChange={() =>
                            update(
                              setCells(
                                edit.cells,
                                columns.map((c) => ({ modelId: m.id, column: c.key })),
                                toggleAllValue(values),
                              ),
                            )
                          }
                        />
                      )}
                      {m.alias}
                      {!m.enabled && <span className="badge">{t('models.disabled')}</span>}
                    </span>
                  </th>
                  {columns.map((c) => {
                    const cell = edit.cells[m.id]?.[c.key] ?? 'default';
                    return (
                      <td key={c.key} className="cell">
                        <TriCheckbox
                          checked={cell === 'allowed'}
                          mixed={cell === 'default'}
                          changed={cell !== (original[m.id]?.[c.key] ?? 'default')}
                          label={t('models.access.cellLabel', { alias: m.alias, subject: subjectName(c) })}
                          title={cellName(cell)}
                          disabled={!props.canManage}
                          onChange={() =>
                            update(setCells(edit.cells, [{ modelId: m.id, column: c.key }], nextCell(cell)))
                          }
                        />
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.canManage && (
        <div className="pending" aria-live="polite">
          {dirty ? (
            <>
              <h3>{t('models.access.changes', { count: changes.length + (defaultChanged ? 1 : 0) })}</h3>
              <ul data-testid="access-changes">
                {defaultChanged && (
                  <li>
                    {t('models.access.defaultChange', {
                      from: t(`models.access.default.${matrix.modelAccessDefault}`),
                      to: t(`models.access.default.${edit.fallback}`),
                    })}
                  </li>
                )}
                {changes.map((ch) => (
                  <li key={`${ch.modelId}|${ch.subjectType}|${ch.subject}`}>
                    {t('models.access.change', {
                      alias: aliasOf(ch.modelId),
                      subject: subjectName({ key: '', subjectType: ch.subjectType, subject: ch.subject }),
                      from: cellName(ch.from),
                      to: cellName(ch.to),
                    })}
                  </li>
                ))}
              </ul>
              {error && <Alert kind="error">{error}</Alert>}
              <div className="actions">
                <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
                  {t('models.access.save')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setEdit({ base: matrix, cells: original, fallback: matrix.modelAccessDefault })}
                >
                  {t('models.access.discard')}
                </button>
              </div>
            </>
          ) : (
            saved && <Alert kind="success">{t('models.access.saved')}</Alert>
          )}
        </div>
      )}
    </>
  );
}
