import { useState } from 'react';
import { api } from '../../../api/api-client.ts';
import type { Invitation } from '../../../api/org-types.ts';
import type { Page } from '../../../api/types.ts';
import { useLoad } from '../../../app/loader.tsx';
import { usePreferences } from '../../../app/preferences.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { Alert } from '../../../ui/alert.tsx';
import { errorText } from '../../../ui/error-text.ts';
import { Pager, useKeysetPages } from '../../../ui/keyset-pager.tsx';
import { LoadError } from '../../../ui/load-error.tsx';

const PAGE_SIZE = 10;

/**
 * Pending invitations (newest first, a page at a time) with resend — a new link, the old one
 * stops working — and revoke. `round` changes when a new invitation was sent, to load again.
 */
export function InvitationsList(props: {
  canManage: boolean;
  round: number;
  departmentName: (id: string | null) => string;
  timeZone: string;
}) {
  const { t, lang } = usePreferences();
  const pages = useKeysetPages(String(props.round), PAGE_SIZE);
  const { state, reload } = useLoad(
    (signal) =>
      api.call<Page<Invitation>>('/invitations', {
        signal,
        query: { status: 'pending', cursor: pages.cursor, limit: PAGE_SIZE },
      }),
    [pages.cursor, props.round],
  );
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (invitation: Invitation, verb: 'resend' | 'revoke') => {
    setBusy(invitation.id);
    setMessage(null);
    try {
      await api.call(`/invitations/${invitation.id}/${verb}`, {
        method: 'POST',
        body: verb === 'resend' ? {} : undefined,
      });
      setMessage({
        kind: 'success',
        text: t(verb === 'resend' ? 'people.invitationResent' : 'people.invitationRevoked', {
          email: invitation.email,
        }),
      });
      reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e, t) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="pending-invitations" className="org-section">
      <h2 id="pending-invitations">{t('people.invitations')}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'error' && <LoadError error={state.error} retry={reload} />}
      {state.status === 'ok' && state.data.items.length === 0 && !pages.hasPrevious && (
        <p className="empty">{t('people.noInvitations')}</p>
      )}
      {state.status === 'ok' && state.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('people.invitations')}>
          <table className="list" data-testid="invitations">
            <thead>
              <tr>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.role')}</th>
                <th scope="col">{t('people.department')}</th>
                <th scope="col">{t('people.invitationExpires')}</th>
                {props.canManage && (
                  <th scope="col" className="org-th-hidden-label">
                    <span className="visually-hidden">{t('people.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((i) => (
                <tr key={i.id} data-testid="invitation" data-email={i.email}>
                  <td>{i.email}</td>
                  <td>{t(`role.${i.role}`)}</td>
                  <td>{props.departmentName(i.departmentId)}</td>
                  <td>{formatDateTime(i.expiresAt, props.timeZone, lang)}</td>
                  {props.canManage && (
                    <td>
                      <span className="actions">
                        <button
                          type="button"
                          className="secondary org-compact"
                          disabled={busy === i.id}
                          aria-label={t('people.resendTo', { email: i.email })}
                          onClick={() => void act(i, 'resend')}
                        >
                          {t('people.resend')}
                        </button>
                        <button
                          type="button"
                          className="secondary org-compact"
                          disabled={busy === i.id}
                          aria-label={t('people.revokeFor', { email: i.email })}
                          onClick={() => void act(i, 'revoke')}
                        >
                          {t('people.revokeInvitation')}
                        </button>
                      </span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* Only when there is more than one page: the people list above has its own pager. */}
      {state.status === 'ok' && (pages.hasPrevious || state.data.nextCursor) && (
        <Pager label={t('people.invitations')} pages={pages} nextCursor={state.data.nextCursor} />
      )}
    </section>
  );
}
