import { Alert } from './alert.tsx';

/**
 * The row that ends a dialog: the server's refusal (announced, when there is one), the action and
 * Cancel. Without `onAction` the action button submits its form; `disabled` is true while the
 * call runs (so a double click sends once) or while the form is incomplete.
 */
export function DialogActions(props: {
  label: string;
  cancelLabel: string;
  onCancel: () => void;
  disabled?: boolean;
  danger?: boolean;
  onAction?: () => void;
  error?: string | null;
  /** Focus Cancel on open: for an action that cannot be undone. */
  focusCancel?: boolean;
}) {
  return (
    <>
      {props.error && <Alert kind="error">{props.error}</Alert>}
      <div className="actions">
        <button
          type={props.onAction ? 'button' : 'submit'}
          className={props.danger ? 'danger' : 'primary'}
          disabled={props.disabled}
          onClick={props.onAction}
        >
          {props.label}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} autoFocus={props.focusCancel}>
          {props.cancelLabel}
        </button>
      </div>
    </>
  );
}
