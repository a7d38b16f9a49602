import type { ReactNode } from 'react';

/** One button of a row's actions: its short text, and a label naming the row for screen readers. */
export interface RowAction {
  text: string;
  label: string;
  onClick: () => void;
}

/**
 * The buttons that act on one row of a list or one card; `false` leaves a button out. `children`
 * come before the buttons (a badge).
 */
export function RowActions(props: {
  className: string;
  actions: Array<RowAction | false>;
  as?: 'div' | 'span';
  buttonClassName?: string;
  children?: ReactNode;
}) {
  const Box = props.as ?? 'div';
  return (
    <Box className={props.className}>
      {props.children}
      {props.actions.map(
        (a) =>
          a && (
            <button
              key={a.label}
              type="button"
              className={props.buttonClassName ?? 'secondary'}
              aria-label={a.label}
              onClick={a.onClick}
            >
              {a.text}
            </button>
          ),
      )}
    </Box>
  );
}
