import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage, ChatRequest, ContentPart } from '../gateway/canonical.ts';

/** Per-message framing tokens in chat formats (role markers and separators). */
const PER_MESSAGE = 4;
/** A flat charge for an image part when the provider's exact tiling is unknown. */
const PER_IMAGE = 765;

function partsText(content: string | ContentPart[] | null | undefined): { text: string; images: number } {
  if (content == null) return { text: '', images: 0 };
  if (typeof content === 'string') return { text: content, images: 0 };
  let text = '';
  let images = 0;
  for (const part of content) {
    if (part.type === 'text' && typeof (part as { text?: unknown }).text === 'string')
      text += (part as { text: string }).text;
    else if (part.type === 'image_url') images++;
  }
  return { text, images };
}

function messageText(message: ChatMessage): { text: string; images: number } {
  const { text, images } = partsText(message.content as string | ContentPart[] | null | undefined);
  let extra = '';
  if (message.role === 'assistant' && message.tool_calls) {
    for (const call of message.tool_calls) extra += call.function.name + call.function.arguments;
  }
  return { text: text + extra, images };
}

/**
 * Counts a chat request's prompt tokens locally (o200k tokenizer, the same family most current
 * models use): the reservation's worst case before the call, and the bill when a provider
 * reports no usage. An estimate for non-OpenAI models, documented as such on the usage event.
 */
export function countPromptTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let total = 3;
  for (const message of request.messages) {
    const { text, images } = messageText(message);
    total += PER_MESSAGE + countTokens(text) + images * PER_IMAGE;
  }
  if (request.tools && request.tools.length > 0) total += countTokens(JSON.stringify(request.tools));
  return total;
}

/** Counts generated text locally (streams whose provider sends no usage, or that were cut off). */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}
