import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { Invitation } from '../../../api/org-types.ts';
import type { Role } from '../../../api/types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { DepartmentSelect } from './department-select.tsx';
import { splitFieldError } from '../../../ui/field-errors.ts';

/** Roles in the order the invite form offers them (the usual first). */
export const INVITE_ROLES: Role[] = ['member', 'viewer', 'manager', 'admin', 'owner'];

/**
 * Invite someone by e-mail: role, department and the language of the mail (by default the
 * invitee's own choice if they already use Gatehouse, else the org's). The server sends a
 * single-use link valid for 7 days; it refuses roles or departments beyond the inviter's reach.
 */
export function InviteDialog(props: {
  departments: Array<{ id: string; name: string; depth: number }>;
  onClose: () => void;
  onInvited: (invitation: Invitation) => void;
}) {
  const { t } = usePreferences();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [departmentId, setDepartmentId] = useState('');
  const [language, setLanguage] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const languageId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const invitation = await api.call<Invitation>('/invitations', {
        method: 'POST',
        body: {
          email: email.trim(),
          role,
          departmentId: departmentId || null,
          ...(language ? { language } : {}),
        },
      });
      props.onInvited(invitation);
    } catch (e) {
      const text = errorText(e, t);
      setError({ field: splitFieldError(text).path, text });
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error?.field === name ? error.text : null);

  return (
    <Dialog title={t('people.inviteTitle')} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)} className="org-dialog-form">
        <Field
          label={t('people.inviteEmail')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
          autoFocus
          error={fieldError('email')}
        />
        <div className="field">
          <label htmlFor={roleId}>{t('people.inviteRole')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {INVITE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          {fieldError('role') && <p className="field-error">{fieldError('role')}</p>}
        </div>
        <DepartmentSelect
          label={t('people.inviteDepartment')}
          value={departmentId}
          onChange={setDepartmentId}
          options={props.departments}
          noneLabel={t('people.noDepartment')}
          error={fieldError('departmentId')}
        />
        <div className="field">
          <label htmlFor={languageId}>{t('people.inviteLanguage')}</label>
          <select id={languageId} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('people.inviteLanguageAuto')}</option>
            <option value="en" lang="en">
              English
            </option>
            <option value="de" lang="de">
              Deutsch
            </option>
          </select>
        </div>
        <DialogActions
          error={error && !['email', 'role', 'departmentId'].includes(error.field ?? '') ? error.text : null}
          label={t('people.inviteSend')}
          cancelLabel={t('org.cancel')}
          onCancel={props.onClose}
          disabled={busy || !email.trim()}
        />
      </form>
    </Dialog>
  );
}
