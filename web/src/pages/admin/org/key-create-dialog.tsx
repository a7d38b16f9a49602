import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/api-client.ts';
import type { CreatedKey, DepartmentRow, ModelOption } from '../../../api/org-types.ts';
import type { Page, Person } from '../../../api/types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { useSignedIn } from '../../../app/session.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { DialogActions } from '../../../ui/dialog-actions.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Field } from '../../../ui/field.tsx';
import { DepartmentSelect } from './department-select.tsx';
import { departmentTree, flattenTree } from './department-tree.ts';
import { splitFieldError } from '../../../ui/field-errors.ts';
import { EXPIRY_DAYS, expiryFrom } from './org-helpers.ts';

type Owner = 'self' | 'person' | 'department';

const EXPIRY_LABEL = {
  '': 'keys.expiryNever',
  '30': 'keys.expiry30',
  '90': 'keys.expiry90',
  '180': 'keys.expiry180',
  '365': 'keys.expiry365',
} as const;

/** GET /api/models page by page (200 at a time), on demand: an org may have many models. */
function useModelPages() {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [models, setModels] = useState<ModelOption[]>([]);
  const { state, reload } = useLoad(
    (signal) => api.call<Page<ModelOption>>('/models', { signal, query: { limit: 200, cursor } }),
    [cursor],
  );
  const [seen, setSeen] = useState<Page<ModelOption> | null>(null);
  // Each arriving page is appended once (rendering again must not add it twice).
  if (state.status === 'ok' && state.data !== seen) {
    setSeen(state.data);
    setModels((prev) => [...prev, ...state.data.items.filter((m) => !prev.some((p) => p.id === m.id))]);
  }
  const next = state.status === 'ok' ? state.data.nextCursor : null;
  return { state, reload, models, more: next ? () => setCursor(next) : null };
}

/**
 * A new key: its name, its owner (yourself, someone you may manage, or a department), the models
 * it may call and when it expires. On success the parent shows the secret once.
 */
export function KeyCreateDialog(props: { onClose: () => void; onCreated: (created: CreatedKey) => void }) {
  const { t } = usePreferences();
  const { me } = useSignedIn();
  const canPickPerson = Boolean(me.abilities['member.read']) && me.abilities['key.manage'] !== 'own';
  const canPickDepartment = Boolean(me.abilities['department.read']) && me.abilities['key.manage'] !== 'own';
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<Owner>('self');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [personId, setPersonId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [restrict, setRestrict] = useState(false);
  const [allowed, setAllowed] = useState<ReadonlySet<string>>(new Set());
  const [expiry, setExpiry] = useState<(typeof EXPIRY_DAYS)[number]>('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { owner: useId(), person: useId(), search: useId(), models: useId(), expiry: useId() };
  const models = useModelPages();

  // The person search waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const people = useLoad(
    (signal) =>
      owner === 'person'
        ? api.call<Page<Person>>('/people', { signal, query: { q: query, status: 'active', limit: 20 } })
        : Promise.resolve(null),
    [owner, query],
  );
  const departments = useLoad(
    (signal) =>
      owner === 'department'
        ? api.call<{ items: DepartmentRow[] }>('/departments', { signal }).then((r) => r.items)
        : Promise.resolve([]),
    [owner],
  );

  const toggleModel = (alias: string) =>
    setAllowed((prev) => {
      const next = new Set(prev);
      if (next.has(alias)) next.delete(alias);
      else next.add(alias);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const ownerFields =
      owner === 'person'
        ? { ownerUserId: personId }
        : owner === 'department'
          ? { ownerUserId: null, ownerDepartmentId: departmentId }
          : {};
    try {
      const created = await api.call<CreatedKey>('/keys', {
        method: 'POST',
        body: {
          name: name.trim(),
          ...ownerFields,
          allowedModels: restrict ? [...allowed] : null,
          expiresAt: expiryFrom(expiry, Date.now()),
        },
      });
      props.onCreated(created);
    } catch (e) {
      const text = errorText(e, t);
      setError({ field: splitFieldError(text).path, text });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (...names: string[]) => (error && names.includes(error.field ?? '') ? error.text : null);
  const shownElsewhere = ['name', 'ownerUserId', 'ownerDepartmentId', 'allowedModels'].includes(error?.field ?? '');
  const incomplete =
    !name.trim() ||
    (owner === 'person' && !personId) ||
    (owner === 'department' && !departmentId) ||
    (restrict && allowed.size === 0);

  return (
    <Dialog title={t('keys.create')} onClose={props.onClose} wide>
      <form onSubmit={(e) => void submit(e)} className="org-dialog-form">
        <Field
          label={t('keys.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          required
          autoFocus
          hint={t('keys.nameHint')}
          error={fieldError('name')}
        />
        {(canPickPerson || canPickDepartment) && (
          <fieldset className="org-fieldset">
            <legend>{t('keys.owner')}</legend>
            <label className="org-choice">
              <input type="radio" name={ids.owner} checked={owner === 'self'} onChange={() => setOwner('self')} />
              {t('keys.ownerSelf')}
            </label>
            {canPickPerson && (
              <label className="org-choice">
                <input type="radio" name={ids.owner} checked={owner === 'person'} onChange={() => setOwner('person')} />
                {t('keys.ownerPerson')}
              </label>
            )}
            {canPickDepartment && (
              <label className="org-choice">
                <input
                  type="radio"
                  name={ids.owner}
                  checked={owner === 'department'}
                  onChange={() => setOwner('department')}
                />
                {t('keys.ownerDepartment')}
              </label>
            )}
          </fieldset>
        )}
        {owner === 'person' && (
          <>
            <div className="field">
              <label htmlFor={ids.search}>{t('keys.findPerson')}</label>
              <input id={ids.search} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.person}>{t('keys.person')}</label>
              <select
                id={ids.person}
                value={personId}
                onChange={(e) => setPersonId(e.target.value)}
                required
                aria-invalid={fieldError('ownerUserId') ? true : undefined}
              >
                <option value="">{t('keys.choosePerson')}</option>
                {people.state.status === 'ok' &&
                  people.state.data?.items.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.name ? `${p.name} <${p.email}>` : p.email}
                    </option>
                  ))}
              </select>
              {people.state.status === 'error' && <p className="field-error">{errorText(people.state.error, t)}</p>}
              {fieldError('ownerUserId') && <p className="field-error">{fieldError('ownerUserId')}</p>}
            </div>
          </>
        )}
        {owner === 'department' && (
          <DepartmentSelect
            label={t('keys.department')}
            value={departmentId}
            onChange={setDepartmentId}
            options={departments.state.status === 'ok' ? flattenTree(departmentTree(departments.state.data)) : []}
            noneLabel={t('keys.chooseDepartment')}
            error={
              fieldError('ownerDepartmentId') ??
              (departments.state.status === 'error' ? errorText(departments.state.error, t) : null)
            }
          />
        )}
        <fieldset className="org-fieldset">
          <legend>{t('keys.models')}</legend>
          <label className="org-choice">
            <input type="radio" name={ids.models} checked={!restrict} onChange={() => setRestrict(false)} />
            {t('keys.allModels')}
          </label>
          <label className="org-choice">
            <input type="radio" name={ids.models} checked={restrict} onChange={() => setRestrict(true)} />
            {t('keys.someModels')}
          </label>
          {restrict && (
            <div className="org-checklist" role="group" aria-label={t('keys.models')}>
              {models.models.map((m) => (
                <label key={m.id} className="org-choice">
                  <input type="checkbox" checked={allowed.has(m.alias)} onChange={() => toggleModel(m.alias)} />
                  <span>
                    {m.alias} <span className="hint">{m.provider.name}</span>
                  </span>
                </label>
              ))}
              {models.state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
              {models.state.status === 'error' && <p className="field-error">{errorText(models.state.error, t)}</p>}
              {models.state.status === 'ok' && models.models.length === 0 && (
                <p className="empty">{t('keys.noModels')}</p>
              )}
              {models.more && (
                <button type="button" className="secondary org-compact" onClick={models.more}>
                  {t('keys.moreModels')}
                </button>
              )}
            </div>
          )}
          {fieldError('allowedModels') && <p className="field-error">{fieldError('allowedModels')}</p>}
        </fieldset>
        <div className="field">
          <label htmlFor={ids.expiry}>{t('keys.expiry')}</label>
          <select
            id={ids.expiry}
            value={expiry}
            onChange={(e) => setExpiry(e.target.value as (typeof EXPIRY_DAYS)[number])}
          >
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {t(EXPIRY_LABEL[d])}
              </option>
            ))}
          </select>
        </div>
        <DialogActions
          error={error && !shownElsewhere ? error.text : null}
          label={t('keys.createSubmit')}
          cancelLabel={t('org.cancel')}
          onCancel={props.onClose}
          disabled={busy || incomplete}
        />
      </form>
    </Dialog>
  );
}
