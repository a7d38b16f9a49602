import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { Person, Role } from '../../../api/types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { DepartmentSelect } from './department-select.tsx';
import { INVITE_ROLES } from './invite-dialog.tsx';

type Step = 'idle' | 'confirmRemove';

/**
 * Everything an admin does to one person: change role and department, disable or enable, reset
 * two-factor authentication, sign them out everywhere, remove them from the org (after a
 * confirmation). Each answer — done or the server's refusal — shows in the dialog.
 */
export function PersonDialog(props: {
  person: Person;
  departments: Array<{ id: string; name: string; depth: number }>;
  canResetMfa: boolean;
  onClose: () => void;
  /** Something changed: the list loads again (`closed` when the person is gone). */
  onChanged: (closed: boolean, message: string) => void;
}) {
  const { t } = usePreferences();
  const { person } = props;
  const [role, setRole] = useState<Role>(person.role);
  const [departmentId, setDepartmentId] = useState(person.departmentId ?? '');
  const [status, setStatus] = useState(person.status);
  const [mfaEnabled, setMfaEnabled] = useState(person.mfaEnabled);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>('idle');
  const roleId = useId();
  const label = person.name || person.email;

  const run = async (work: () => Promise<string>, closed = false) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      setMessage({ kind: 'success', text });
      props.onChanged(closed, text);
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const updated = await api.call<Person>(`/people/${person.userId}`, {
        method: 'PATCH',
        body: { role, departmentId: departmentId || null },
      });
      setRole(updated.role);
      setDepartmentId(updated.departmentId ?? '');
      return t('people.saved', { name: label });
    });
  };

  const setEnabled = (enable: boolean) =>
    run(async () => {
      const updated = await api.call<Person>(`/people/${person.userId}`, {
        method: 'PATCH',
        body: { status: enable ? 'active' : 'disabled' },
      });
      setStatus(updated.status);
      return t(enable ? 'people.enabledDone' : 'people.disabledDone', { name: label });
    });

  const resetMfa = () =>
    run(async () => {
      await api.call(`/people/${person.userId}/mfa/reset`, { method: 'POST' });
      setMfaEnabled(false);
      return t('people.mfaResetDone', { name: label });
    });

  const signOutEverywhere = () =>
    run(async () => {
      const r = await api.call<{ revokedSessions: number }>(`/people/${person.userId}/revoke-sessions`, {
        method: 'POST',
      });
      return t('people.signedOutDone', { name: label, n: r.revokedSessions });
    });

  const remove = () =>
    run(async () => {
      await api.call(`/people/${person.userId}`, { method: 'DELETE' });
      return t('people.removedDone', { name: label });
    }, true);

  return (
    <Dialog title={t('people.manageTitle', { name: label })} onClose={props.onClose}>
      <p className="hint">{person.email}</p>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <form onSubmit={save} className="org-dialog-form">
        <div className="field">
          <label htmlFor={roleId}>{t('people.changeRole')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {INVITE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <DepartmentSelect
          label={t('people.changeDepartment')}
          value={departmentId}
          onChange={setDepartmentId}
          options={props.departments}
          noneLabel={t('people.noDepartment')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('people.saveChanges')}
        </button>
      </form>
      <h3 className="org-subhead">{t('people.moreActions')}</h3>
      <div className="actions org-person-actions">
        {status === 'disabled' ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => void setEnabled(true)}>
            {t('people.enable')}
          </button>
        ) : (
          <button type="button" className="secondary" disabled={busy} onClick={() => void setEnabled(false)}>
            {t('people.disable')}
          </button>
        )}
        {props.canResetMfa && mfaEnabled && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void resetMfa()}>
            {t('people.resetMfa')}
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void signOutEverywhere()}>
          {t('people.signOutEverywhere')}
        </button>
        {step === 'idle' && (
          <button type="button" className="danger" disabled={busy} onClick={() => setStep('confirmRemove')}>
            {t('people.remove')}
          </button>
        )}
      </div>
      {step === 'confirmRemove' && (
        <div className="org-confirm" role="group" aria-label={t('people.remove')}>
          <p>{t('people.removeConfirm', { name: label })}</p>
          <DialogActions
            label={t('people.removeYes')}
            cancelLabel={t('org.cancel')}
            onCancel={() => setStep('idle')}
            onAction={() => void remove()}
            disabled={busy}
            danger
          />
        </div>
      )}
    </Dialog>
  );
}
