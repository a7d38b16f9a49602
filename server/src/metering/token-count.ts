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

/** Token counts of recently seen texts: system prompts repeat on every call of an integration, and
 * a chat resends its whole history each turn. Bounded by entries and characters; dropped when full. */
const seen = new Map<string, number>();
let seenChars = 0;
const SEEN_MAX_ENTRIES = 20_000;
const SEEN_MAX_CHARS = 8_000_000;
const SEEN_MAX_TEXT = 64_000;

/** countTokens, remembered for texts seen recently. */
function countCached(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > SEEN_MAX_TEXT) return countTokens(text);
  let n = seen.get(text);
  if (n === undefined) {
    n = countTokens(text);
    if (seen.size >= SEEN_MAX_ENTRIES || seenChars + text.length > SEEN_MAX_CHARS) {
      seen.clear();
      seenChars = 0;
    }
    seen.set(text, n);
    seenChars += text.length;
  }
  return n;
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
    total += PER_MESSAGE + countCached(text) + images * PER_IMAGE;
  }
  if (request.tools && request.tools.length > 0) total += countCached(JSON.stringify(request.tools));
  return total;
}

/** Counts generated text locally (streams whose provider sends no usage, or that were cut off). */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}
