import { usePreferences } from '../app/preferences.tsx';
import { Field } from './field.tsx';

/** The server's minimum password length (it also rejects easy-to-guess ones). */
export const MIN_PASSWORD_LENGTH = 12;

/** What is wrong with a new password pair before sending it, or null. */
export function passwordProblem(password: string, confirm: string): 'password.tooShort' | 'password.mismatch' | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'password.tooShort';
  if (password !== confirm) return 'password.mismatch';
  return null;
}

/** A new password and its repetition, with the problem shown once the person has typed both. */
export function PasswordFields(props: {
  label: string;
  confirmLabel: string;
  hint: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}) {
  const { t } = usePreferences();
  const problem = props.confirm ? passwordProblem(props.password, props.confirm) : null;
  return (
    <>
      <Field
        label={props.label}
        name="new-password"
        type="password"
        autoComplete="new-password"
        hint={props.hint}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        required
      />
      <Field
        label={props.confirmLabel}
        name="confirm-password"
        type="password"
        autoComplete="new-password"
        value={props.confirm}
        onChange={(e) => props.onConfirm(e.target.value)}
        error={problem ? t(problem) : null}
        required
      />
    </>
  );
}
