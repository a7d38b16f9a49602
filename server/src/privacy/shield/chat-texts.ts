// Where a chat request carries text that leaves the building: every message's content (string or
// text parts), assistant refusals and tool-call arguments. One walk, in one fixed order, used both to
// scan and to rewrite, so the two passes always see the same texts.
import type { ChatMessage, ChatRequest, ContentPart, ToolCall } from '../../gateway/canonical.ts';

/** Rewrites one text; must be pure with respect to the walk order (called once per text, in order). */
export type TextMapper = (text: string) => string;

/**
 * Applies `fn` to each string value inside a JSON document (keys and numbers untouched) and
 * re-serializes; text that is not valid JSON is treated as one plain string. Unchanged input comes
 * back as the same string, formatting included.
 */
export function mapJsonStrings(json: string, fn: TextMapper): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fn(json);
  }
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const next = fn(value);
      if (next !== value) changed = true;
      return next;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = walk(inner);
      return out;
    }
    return value;
  };
  const result = walk(parsed);
  return changed ? JSON.stringify(result) : json;
}

function mapParts<P extends ContentPart>(parts: P[], fn: TextMapper): P[] {
  let changed = false;
  const out = parts.map((part) => {
    const text = (part as { text?: unknown }).text;
    if (part.type !== 'text' || typeof text !== 'string') return part;
    const next = fn(text);
    if (next === text) return part;
    changed = true;
    return { ...part, text: next };
  });
  return changed ? out : parts;
}

function mapContent<C extends string | ContentPart[] | null | undefined>(content: C, fn: TextMapper): C {
  if (typeof content === 'string') return fn(content) as C;
  if (Array.isArray(content)) return mapParts(content, fn) as C;
  return content;
}

function mapToolCalls(calls: ToolCall[], fn: TextMapper): ToolCall[] {
  let changed = false;
  const out = calls.map((call) => {
    const args = mapJsonStrings(call.function.arguments, fn);
    if (args === call.function.arguments) return call;
    changed = true;
    return { ...call, function: { ...call.function, arguments: args } };
  });
  return changed ? out : calls;
}

function mapMessage(message: ChatMessage, fn: TextMapper): ChatMessage {
  if (message.role !== 'assistant') {
    const content = mapContent(message.content, fn);
    return content === message.content ? message : ({ ...message, content } as ChatMessage);
  }
  const next = { ...message };
  if (message.content !== undefined) next.content = mapContent(message.content, fn);
  if (typeof message.refusal === 'string') next.refusal = fn(message.refusal);
  if (message.tool_calls !== undefined) next.tool_calls = mapToolCalls(message.tool_calls, fn);
  const same =
    next.content === message.content && next.refusal === message.refusal && next.tool_calls === message.tool_calls;
  return same ? message : next;
}

/** A copy of `request` with every outgoing text passed through `fn`; untouched parts are shared, not copied. */
export function mapChatTexts(request: ChatRequest, fn: TextMapper): ChatRequest {
  let changed = false;
  const messages = request.messages.map((message) => {
    const next = mapMessage(message, fn);
    if (next !== message) changed = true;
    return next;
  });
  return changed ? { ...request, messages } : request;
}
