import type { AuditEvent } from '../../../api/money-types.ts';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { Dialog } from '../../../ui/dialog.tsx';
import { auditDiff, showValue } from './audit-diff.ts';

/** Who did it, readably: a person's name, a key's name, the system, or the id of a removed actor. */
export function useActorText() {
  const { t } = usePreferences();
  return (e: AuditEvent) => {
    if (e.actorType === 'system') return t('audit.system');
    if (!e.actorName) return t('audit.unknownActor', { id: e.actorId ?? '' });
    return e.actorType === 'key' ? t('audit.keyActor', { name: e.actorName }) : e.actorName;
  };
}

/** One audit event: when, who, from where, and a field-by-field diff of its target before and after. */
export function AuditEventDialog(props: { event: AuditEvent; timeZone: string; onClose: () => void }) {
  const { t, lang } = usePreferences();
  const actorText = useActorText();
  const e = props.event;
  const diff = auditDiff(e.before, e.after);
  const meta: Array<[Parameters<typeof t>[0], string | null]> = [
    ['audit.meta.when', formatDateTime(e.createdAt, props.timeZone, lang)],
    ['audit.meta.who', actorText(e)],
    ['audit.meta.target', e.targetType ? `${e.targetType} ${e.targetId ?? ''}`.trim() : null],
    ['audit.meta.ip', e.ip],
    ['audit.meta.userAgent', e.userAgent],
    ['audit.meta.requestId', e.requestId],
  ];
  return (
    <Dialog title={t('audit.detailTitle', { seq: e.seq, action: e.action })} onClose={props.onClose} wide>
      <div className="money-dialog" data-testid="audit-detail">
        <dl className="money-meta">
          {meta
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label} className="money-meta-row">
                <dt>{t(label)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
        {diff.length === 0 ? (
          <p className="empty">{t('audit.diff.none')}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.diff.caption')}>
            <table className="money-diff" data-testid="audit-diff">
              <caption className="visually-hidden">{t('audit.diff.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.diff.field')}</th>
                  <th scope="col">{t('audit.diff.before')}</th>
                  <th scope="col">{t('audit.diff.after')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.map((c) => (
                  <tr key={c.path} className={c.kind} data-change={c.kind}>
                    <th scope="row">
                      <code>{c.path}</code> <span className="badge">{t(`audit.diff.${c.kind}`)}</span>
                    </th>
                    <td>
                      {c.kind === 'changed' || c.kind === 'removed' ? (
                        <del>{showValue(c.before)}</del>
                      ) : (
                        showValue(c.before)
                      )}
                    </td>
                    <td>
                      {c.kind === 'changed' || c.kind === 'added' ? (
                        <ins>{showValue(c.after)}</ins>
                      ) : (
                        showValue(c.after)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Dialog>
  );
}
