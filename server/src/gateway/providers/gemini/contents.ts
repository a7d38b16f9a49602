// Canonical (OpenAI) messages → Gemini `contents` + `systemInstruction`. Gemini knows two roles,
// 'user' and 'model': tool results travel as `functionResponse` parts of a user turn, and turns of
// the same role in a row are merged into one.
import { AppError } from '../../../errors.ts';
import type { ChatMessage, ContentPart, TextPart } from '../../canonical.ts';

/** One Gemini content part as we send it. */
export type GeminiRequestPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } }
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

/** One Gemini turn. */
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

/** What the messages translate to. `systemInstruction` is absent when there were no system messages. */
export interface GeminiConversation {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
}

/**
 * Google's documented placeholder for a function call whose thought signature we do not have (the
 * OpenAI shape has nowhere to carry it). Gemini 3 answers 400 when the first function call of a
 * model turn comes back unsigned; with this it accepts the turn, minus the model's earlier reasoning.
 */
const FOREIGN_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

function invalid(message: string, param: string): never {
  throw new AppError('invalid_request', message, { param });
}

function textOf(content: string | TextPart[] | null | undefined): string {
  if (content === null || content === undefined) return '';
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

function textParts(content: string | TextPart[] | null | undefined): GeminiRequestPart[] {
  const text = textOf(content);
  return text.length > 0 ? [{ text }] : [];
}

/** An image URL → inlineData (data: URLs) or fileData (http/https URLs). */
function imagePart(url: string, param: string): GeminiRequestPart {
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
    if (!match?.[1] || match[3] === undefined)
      invalid('image data URLs must be base64: data:<mime>;base64,<data>', param);
    return { inlineData: { mimeType: match[1], data: match[3] } };
  }
  if (/^https?:\/\//i.test(url)) {
    const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
    const mimeType = (ext !== undefined ? IMAGE_TYPES[ext] : undefined) ?? 'image/*';
    return { fileData: { mimeType, fileUri: url } };
  }
  return invalid('image_url must be a data: URL or an http(s) URL', param);
}

function userParts(content: string | ContentPart[], param: string): GeminiRequestPart[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  return content.flatMap((part, i): GeminiRequestPart[] => {
    const at = `${param}[${i}]`;
    if (part.type === 'text' && typeof part.text === 'string') return part.text.length > 0 ? [{ text: part.text }] : [];
    if (part.type === 'image_url') {
      const image = part.image_url;
      const url = typeof image === 'object' && image !== null && 'url' in image ? image.url : undefined;
      if (typeof url !== 'string') invalid('image_url.url must be a string', at);
      return [imagePart(url, at)];
    }
    return invalid(`content part type '${part.type}' is not supported by this provider`, at);
  });
}

/** A tool call's JSON arguments → the object Gemini wants; empty arguments mean no arguments. */
function parseArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return invalid('tool call arguments are not valid JSON', param);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('tool call arguments must be a JSON object', param);
  }
  return parsed as Record<string, unknown>;
}

/** A tool result → the `response` object: a JSON object as it is, anything else as `{ content }`. */
function toolResponse(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // plain text result
  }
  return { content: text };
}

/**
 * Translates the conversation. Throws AppError('invalid_request') for what Gemini cannot take:
 * unparseable tool arguments, a tool result for an unknown call, unsupported content parts.
 */
export function toGeminiConversation(messages: ChatMessage[]): GeminiConversation {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  // tool_call_id → function name; later calls win, so a reused id resolves to its latest call.
  const callNames = new Map<string, string>();

  const push = (role: GeminiContent['role'], parts: GeminiRequestPart[]): void => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text.length > 0) system.push({ text });
        return;
      }
      case 'user':
        return push('user', userParts(message.content, `${param}.content`));
      case 'assistant': {
        const parts = textParts(message.content);
        (message.tool_calls ?? []).forEach((call, j) => {
          callNames.set(call.id, call.function.name);
          const args = parseArguments(call.function.arguments, `${param}.tool_calls[${j}].function.arguments`);
          const part: GeminiRequestPart = { functionCall: { name: call.function.name, args } };
          if (j === 0) part.thoughtSignature = FOREIGN_THOUGHT_SIGNATURE;
          parts.push(part);
        });
        return push('model', parts);
      }
      case 'tool': {
        const name = callNames.get(message.tool_call_id);
        if (name === undefined) {
          invalid(`tool message refers to unknown tool_call_id '${message.tool_call_id}'`, `${param}.tool_call_id`);
        }
        return push('user', [{ functionResponse: { name, response: toolResponse(textOf(message.content)) } }]);
      }
      default:
        return invalid(`unsupported message role`, `${param}.role`);
    }
  });

  return system.length > 0 ? { contents, systemInstruction: { parts: system } } : { contents };
}
