import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { BulkResult } from '../../../api/org-types.ts';
import type { Role } from '../../../api/types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatCount } from '../../../lib/format.ts';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { DepartmentSelect } from './department-select.tsx';
import { INVITE_ROLES } from './invite-dialog.tsx';

type BulkAction = 'set-role' | 'move' | 'disable' | 'enable';
const ACTIONS: BulkAction[] = ['set-role', 'move', 'disable', 'enable'];

/**
 * One change for every selected person (POST /api/people/bulk): all or nothing — when the server
 * refuses one person, nobody changes and its reason shows here.
 */
export function BulkBar(props: {
  userIds: string[];
  departments: Array<{ id: string; name: string; depth: number }>;
  onDone: (message: string) => void;
  onClear: () => void;
}) {
  const { t, lang } = usePreferences();
  const [action, setAction] = useState<BulkAction>('set-role');
  const [role, setRole] = useState<Role>('member');
  const [departmentId, setDepartmentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actionId = useId();
  const roleId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.call<BulkResult>('/people/bulk', {
        method: 'POST',
        body: {
          userIds: props.userIds,
          action,
          ...(action === 'set-role' ? { role } : {}),
          ...(action === 'move' ? { departmentId: departmentId || null } : {}),
        },
      });
      props.onDone(t('people.bulkDone', { n: formatCount(result.changed, lang) }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="bulk-bar" onSubmit={(e) => void submit(e)} aria-label={t('people.bulkTitle')}>
      <p className="bulk-count" role="status">
        {t('people.selected', { n: formatCount(props.userIds.length, lang) })}
      </p>
      <div className="field">
        <label htmlFor={actionId}>{t('people.bulkAction')}</label>
        <select id={actionId} value={action} onChange={(e) => setAction(e.target.value as BulkAction)}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`people.bulk.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {action === 'set-role' && (
        <div className="field">
          <label htmlFor={roleId}>{t('people.bulkRole')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {INVITE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {action === 'move' && (
        <DepartmentSelect
          label={t('people.bulkDepartment')}
          value={departmentId}
          onChange={setDepartmentId}
          options={props.departments}
          noneLabel={t('people.noDepartment')}
        />
      )}
      <div className="field bulk-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t('people.bulkApply')}
        </button>
        <button type="button" className="secondary" onClick={props.onClear}>
          {t('people.clearSelection')}
        </button>
      </div>
      {error && (
        <div className="bulk-error">
          <Alert kind="error">{error}</Alert>
        </div>
      )}
    </form>
  );
}
