import type { ConversationOut, MessageOut } from './chat-presenters.ts';

const ROLE_HEADINGS: Record<MessageOut['role'], string> = { user: 'You', assistant: 'Assistant', system: 'System' };

/** A conversation as a Markdown document: a heading per message, stops and refusals noted in place. */
export function conversationMarkdown(conversation: ConversationOut, messages: MessageOut[]): string {
  const lines = [`# ${conversation.title || 'Untitled conversation'}`, ''];
  lines.push(`_Exported from Gatehouse on ${new Date().toISOString()}; started ${conversation.createdAt}._`, '');
  for (const m of messages) {
    const model = m.role === 'assistant' && m.model ? ` (${m.model})` : '';
    lines.push(`## ${ROLE_HEADINGS[m.role]}${model}`, '');
    if (m.content) lines.push(m.content, '');
    if (m.status === 'stopped') lines.push('_(stopped before the answer was complete)_', '');
    if (m.error) lines.push(`> **Not answered** (${m.error.code}): ${m.error.message}`, '');
  }
  return lines.join('\n');
}

/** A conversation as a JSON document (the API's own shapes, plus when it was exported). */
export function conversationJson(conversation: ConversationOut, messages: MessageOut[]) {
  return { format: 'gatehouse.conversation.v1', exportedAt: new Date().toISOString(), conversation, messages };
}

/** A file name for an export: the title in safe characters, else the id. */
export function exportFileName(conversation: ConversationOut, extension: string): string {
  const base = conversation.title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return `${base || `conversation-${conversation.id}`}.${extension}`;
}
