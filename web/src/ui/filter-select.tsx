import { usePreferences } from '../app/preferences.tsx';
import { SelectField } from './select-field.tsx';

/** A labelled select of a filter bar; '' means "any" (its first choice). */
export function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  const { t } = usePreferences();
  return (
    <SelectField
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      options={[{ value: '', label: t('list.any') }, ...props.options]}
    />
  );
}
