import { useMemo, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { DepartmentRow } from '../../api/org-types.ts';
import { useLoad } from '../../app/loader.tsx';
import { usePreferences } from '../../app/preferences.tsx';
import { useSignedIn } from '../../app/session.tsx';
import { LoadError } from '../../ui/load-error.tsx';
import { usePageTitle } from '../../ui/page-title.ts';
import { DepartmentDialog, type DepartmentDialogMode } from './org/department-dialog.tsx';
import { DepartmentCreateForm } from './org/department-create-form.tsx';
import { DepartmentTreeView } from './org/department-tree-view.tsx';
import { departmentTree, parentIds } from './org/department-tree.ts';
import './org/org.css';

/**
 * The org's departments as a collapsible tree with their member counts; with department.manage
 * also create, rename, move and delete (the server refuses cycles and non-empty deletions, and
 * its reason shows in the dialog).
 */
export default function DepartmentsPage() {
  const { t } = usePreferences();
  const { me, org } = useSignedIn();
  usePageTitle(t('departments.title'), org?.name ?? t('app.name'));
  const canManage = Boolean(me.abilities['department.manage']);
  const { state, reload } = useLoad(
    (signal) => api.call<{ items: DepartmentRow[] }>('/departments', { signal }).then((r) => r.items),
    [],
  );
  const rows = useMemo(() => (state.status === 'ok' ? state.data : []), [state]);
  const tree = useMemo(() => departmentTree(rows), [rows]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ mode: DepartmentDialogMode; department: DepartmentRow } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    reload();
  };

  return (
    <>
      <h1>{t('departments.title')}</h1>
      {notice && (
        <p className="org-notice" role="status">
          {notice}
        </p>
      )}
      {canManage && state.status === 'ok' && (
        <DepartmentCreateForm tree={tree} onCreated={(name) => done(t('departments.created', { name }))} />
      )}
      <section aria-labelledby="departments-tree-heading">
        <div className="page-head">
          <h2 id="departments-tree-heading">{t('departments.treeTitle')}</h2>
          {tree.length > 0 && (
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setCollapsed(new Set())}>
                {t('departments.expandAll')}
              </button>
              <button type="button" className="secondary" onClick={() => setCollapsed(new Set(parentIds(tree)))}>
                {t('departments.collapseAll')}
              </button>
            </div>
          )}
        </div>
        {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
        {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
        {state.status === 'ok' && tree.length === 0 && <p className="empty">{t('departments.none')}</p>}
        {state.status === 'ok' && tree.length > 0 && (
          <DepartmentTreeView
            tree={tree}
            collapsed={collapsed}
            onToggle={toggle}
            onAction={canManage ? (mode, department) => setDialog({ mode, department }) : undefined}
          />
        )}
      </section>
      {dialog && (
        <DepartmentDialog
          mode={dialog.mode}
          department={dialog.department}
          tree={tree}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </>
  );
}
