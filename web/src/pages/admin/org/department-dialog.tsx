import { useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { DepartmentRow } from '../../../api/org-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { DepartmentSelect } from './department-select.tsx';
import { flattenTree, type DepartmentNode } from './department-tree.ts';

/** What a department dialog does. */
export type DepartmentDialogMode = 'rename' | 'move' | 'delete';

/**
 * Rename, move or delete one department. Moving offers every other department: the server alone
 * decides what would be a cycle, and its refusal (like a name clash or a non-empty department)
 * shows under the field or in the dialog, with what was typed kept.
 */
export function DepartmentDialog(props: {
  mode: DepartmentDialogMode;
  department: DepartmentRow;
  tree: DepartmentNode[];
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = usePreferences();
  const { department, mode } = props;
  const [name, setName] = useState(department.name);
  const [parentId, setParentId] = useState(department.parentId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'delete') {
        await api.call(`/departments/${department.id}`, { method: 'DELETE' });
        props.onDone(t('departments.deleted', { name: department.name }));
      } else {
        const body = mode === 'rename' ? { name: name.trim() } : { parentId: parentId || null };
        const saved = await api.call<DepartmentRow>(`/departments/${department.id}`, { method: 'PATCH', body });
        props.onDone(t(mode === 'rename' ? 'departments.renamed' : 'departments.moved', { name: saved.name }));
      }
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const title =
    mode === 'rename'
      ? t('departments.renameOf', { name: department.name })
      : mode === 'move'
        ? t('departments.moveOf', { name: department.name })
        : t('departments.deleteOf', { name: department.name });

  return (
    <Dialog title={title} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)} className="org-dialog-form">
        {mode === 'rename' && (
          <Field
            label={t('departments.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={120}
            required
            autoFocus
            error={error}
          />
        )}
        {mode === 'move' && (
          <DepartmentSelect
            label={t('departments.parent')}
            value={parentId}
            onChange={setParentId}
            options={flattenTree(props.tree)}
            noneLabel={t('departments.topLevel')}
            disabledIds={new Set([department.id])}
            error={error}
          />
        )}
        {mode === 'delete' && (
          <>
            <p>{t('departments.deleteConfirm', { name: department.name })}</p>
            {error && <Alert kind="error">{error}</Alert>}
          </>
        )}
        <DialogActions
          label={
            mode === 'rename'
              ? t('departments.saveName')
              : mode === 'move'
                ? t('departments.saveMove')
                : t('departments.confirmDelete')
          }
          cancelLabel={t('org.cancel')}
          onCancel={props.onClose}
          disabled={busy || (mode === 'rename' && !name.trim())}
          danger={mode === 'delete'}
        />
      </form>
    </Dialog>
  );
}
