import { useId, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { ChatModel, Conversation } from '../../api/chat-types.ts';
import { usePreferences } from '../../app/preferences.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { DialogActions } from '../../ui/dialog-actions.tsx';
import { DownloadButton } from '../../ui/download-button.tsx';
import { errorText } from '../../ui/error-text.ts';
import { Field } from '../../ui/field.tsx';
import { exportName } from './chat-logic.ts';

/** The model picker: only the models the person may use. */
export function ModelPicker(props: {
  models: ChatModel[];
  value: string | null;
  disabled: boolean;
  onChange: (model: string) => void;
}) {
  const { t } = usePreferences();
  const id = useId();
  return (
    <div className="field chat-model">
      <label htmlFor={id}>{t('chat.model')}</label>
      <select
        id={id}
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid="model-picker"
      >
        {props.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.id}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Rename: the new title, with the server's complaint beside the field (the text typed stays). */
function RenameDialog(props: {
  conversation: Pick<Conversation, 'id' | 'title'>;
  onClose: () => void;
  onRenamed: (c: Conversation) => void;
}) {
  const { t } = usePreferences();
  const [title, setTitle] = useState(props.conversation.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const renamed = await api.call<Conversation>(`/chat/conversations/${props.conversation.id}`, {
        method: 'PATCH',
        body: { title: title.trim() },
      });
      props.onRenamed(renamed);
      props.onClose();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('chat.rename.title')} onClose={props.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field
          label={t('chat.rename.label')}
          value={title}
          maxLength={200}
          required
          autoFocus
          error={error}
          onChange={(e) => setTitle(e.target.value)}
        />
        <DialogActions
          label={t('chat.rename.save')}
          cancelLabel={t('chat.cancel')}
          onCancel={props.onClose}
          disabled={busy || !title.trim()}
        />
      </form>
    </Dialog>
  );
}

/** Delete, after confirming: messages and feedback go with it, for good. */
function DeleteDialog(props: {
  conversation: Pick<Conversation, 'id' | 'title'>;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { t } = usePreferences();
  return (
    <ConfirmDialog
      title={t('chat.delete.title')}
      confirmLabel={t('chat.delete.confirm')}
      cancelLabel={t('chat.cancel')}
      danger
      focusCancel
      onClose={props.onClose}
      onConfirm={async () => {
        await api.call<void>(`/chat/conversations/${props.conversation.id}`, { method: 'DELETE' });
        props.onClose();
        props.onDeleted();
      }}
    >
      <p>{t('chat.delete.body', { title: props.conversation.title || t('chat.untitled') })}</p>
    </ConfirmDialog>
  );
}

/** The open conversation's title and what can be done with it: rename, delete, export. */
export function ConversationHead(props: {
  conversation: Pick<Conversation, 'id' | 'title'> | null;
  headingId: string;
  busy: boolean;
  onRenamed: (c: Conversation) => void;
  onDeleted: () => void;
}) {
  const { t } = usePreferences();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const c = props.conversation;
  return (
    <div className="chat-head">
      <h2 id={props.headingId} className="chat-title" data-testid="conversation-title">
        {c ? c.title || t('chat.untitled') : t('chat.newChat')}
      </h2>
      {c && (
        <div className="chat-head-actions">
          <button type="button" className="secondary chat-small" onClick={() => setDialog('rename')}>
            {t('chat.rename')}
          </button>
          <button
            type="button"
            className="secondary chat-small"
            disabled={props.busy}
            onClick={() => setDialog('delete')}
          >
            {t('chat.delete')}
          </button>
          <DownloadButton
            path={`/chat/conversations/${c.id}/export`}
            query={{ format: 'markdown' }}
            accept="text/markdown"
            filename={exportName(c.title, c.id, 'md')}
            label={t('chat.export.markdown')}
          />
          <DownloadButton
            path={`/chat/conversations/${c.id}/export`}
            query={{ format: 'json' }}
            accept="application/json"
            filename={exportName(c.title, c.id, 'json')}
            label={t('chat.export.json')}
          />
        </div>
      )}
      {c && dialog === 'rename' && (
        <RenameDialog conversation={c} onClose={() => setDialog(null)} onRenamed={props.onRenamed} />
      )}
      {c && dialog === 'delete' && (
        <DeleteDialog conversation={c} onClose={() => setDialog(null)} onDeleted={props.onDeleted} />
      )}
    </div>
  );
}
