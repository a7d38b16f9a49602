import type { DepartmentRow } from '../../../api/org-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount } from '../../../lib/format.ts';
import type { DepartmentDialogMode } from './department-dialog.tsx';
import { subtreeMembers, type DepartmentNode } from './department-tree.ts';

/**
 * Nested lists of departments. A department with sub-departments has a disclosure button
 * (aria-expanded), so the tree folds with Tab and Enter like any button; each row names its
 * people and, for managers of departments, offers rename, move and delete.
 */
export function DepartmentTreeView(props: {
  tree: DepartmentNode[];
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onAction?: (mode: DepartmentDialogMode, department: DepartmentRow) => void;
}) {
  const { t } = usePreferences();
  return (
    <ul className="dept-tree" aria-label={t('departments.treeTitle')} data-testid="department-tree">
      {props.tree.map((node) => (
        <DepartmentItem key={node.id} node={node} {...props} />
      ))}
    </ul>
  );
}

function DepartmentItem(props: {
  node: DepartmentNode;
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onAction?: (mode: DepartmentDialogMode, department: DepartmentRow) => void;
}) {
  const { t, lang } = usePreferences();
  const { node, collapsed, onToggle, onAction } = props;
  const open = !collapsed.has(node.id);
  const hasChildren = node.children.length > 0;
  const total = subtreeMembers(node);
  const childListId = `dept-children-${node.id}`;
  return (
    <li data-testid="department" data-name={node.name}>
      <div className="dept-row">
        {hasChildren ? (
          <button
            type="button"
            className="dept-toggle"
            aria-expanded={open}
            aria-controls={open ? childListId : undefined}
            aria-label={t(open ? 'departments.collapse' : 'departments.expand', { name: node.name })}
            onClick={() => onToggle(node.id)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="dept-toggle-space" aria-hidden="true" />
        )}
        <span className="dept-name">{node.name}</span>
        <span className="badge" data-testid="department-members">
          {t(node.members === 1 ? 'departments.memberOne' : 'departments.members', {
            n: formatCount(node.members, lang),
          })}
        </span>
        {hasChildren && total !== node.members && (
          <span className="hint">{t('departments.withSub', { n: formatCount(total, lang) })}</span>
        )}
        {onAction && (
          <span className="dept-actions">
            <button
              type="button"
              className="secondary org-compact"
              aria-label={t('departments.renameOf', { name: node.name })}
              onClick={() => onAction('rename', node)}
            >
              {t('departments.rename')}
            </button>
            <button
              type="button"
              className="secondary org-compact"
              aria-label={t('departments.moveOf', { name: node.name })}
              onClick={() => onAction('move', node)}
            >
              {t('departments.move')}
            </button>
            <button
              type="button"
              className="secondary org-compact"
              aria-label={t('departments.deleteOf', { name: node.name })}
              onClick={() => onAction('delete', node)}
            >
              {t('departments.delete')}
            </button>
          </span>
        )}
      </div>
      {hasChildren && open && (
        <ul id={childListId}>
          {node.children.map((child) => (
            <DepartmentItem key={child.id} {...props} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}
