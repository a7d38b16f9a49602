import { useId } from 'react';
import { indentedName } from './department-tree.ts';

/** A labelled select of departments in tree order (indented by depth), with a "none" choice first. */
export function DepartmentSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ id: string; name: string; depth: number }>;
  noneLabel: string;
  error?: string | null;
  /** Departments that cannot be chosen (shown, but disabled). */
  disabledIds?: ReadonlySet<string>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      >
        <option value="">{props.noneLabel}</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id} disabled={props.disabledIds?.has(o.id)}>
            {indentedName(o.name, o.depth)}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
