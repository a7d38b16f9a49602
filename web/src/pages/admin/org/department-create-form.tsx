import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { DepartmentSelect } from './department-select.tsx';
import { flattenTree, type DepartmentNode } from './department-tree.ts';
import { splitFieldError } from '../../../ui/field-errors.ts';

/** "New department": a name and where it sits; the server's refusal shows beside the field it names. */
export function DepartmentCreateForm(props: { tree: DepartmentNode[]; onCreated: (name: string) => void }) {
  const { t } = usePreferences();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('/departments', { method: 'POST', body: { name: name.trim(), parentId: parentId || null } });
      props.onCreated(name.trim());
      setName('');
    } catch (e) {
      const text = errorText(e, t);
      setError({ field: splitFieldError(text).path, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('departments.new')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <Field
          label={t('departments.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={120}
          required
          error={error?.field === 'name' || error?.field === 'body.name' ? error.text : null}
        />
        <DepartmentSelect
          label={t('departments.parent')}
          value={parentId}
          onChange={setParentId}
          options={flattenTree(props.tree)}
          noneLabel={t('departments.topLevel')}
          error={error?.field === 'parentId' ? error.text : null}
        />
        {error && error.field !== 'name' && error.field !== 'parentId' && <Alert kind="error">{error.text}</Alert>}
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {t('departments.create')}
        </button>
      </form>
    </section>
  );
}
