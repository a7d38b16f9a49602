import type { FinishReason, ToolCall, ToolDefinition } from '../../canonical.ts';
import { isRecord } from '../openai/response.ts';

/** The fixed sentence a default mock answer starts with; the last user message follows it. */
export const MOCK_PREFIX = 'This is the Gatehouse mock. You said:';
/** At most this much of the user's message is echoed (cut back to a word boundary). */
export const MOCK_ECHO_MAX_CHARS = 2000;

/** A deterministic mock answer: what the JSON answer holds and what a stream sends, piece by piece. */
export interface MockAnswer {
  /** The message content (null for a tool call). The stream's pieces join to exactly this. */
  content: string | null;
  toolCall: ToolCall | null;
  /** Content pieces, or tool-call argument pieces: one per streamed chunk. */
  pieces: string[];
  finishReason: FinishReason;
  completionTokens: number;
}

/** 32-bit FNV-1a hash of a string: cheap, stable across runs and processes. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whitespace-separated words in `text`: the mock's token unit (cheap and consistent, not a tokenizer). */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** The text of a message's content: a string, or its text parts joined by spaces. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join(' ');
}

/** Prompt tokens as the mock counts them: 3 per message plus its words (and tool-call arguments), plus 3. */
export function promptTokens(messages: unknown[]): number {
  let tokens = 3;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    tokens += 3 + countWords(contentText(message.content));
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (isRecord(call) && isRecord(call.function)) tokens += countWords(String(call.function.arguments ?? ''));
      }
    }
  }
  return tokens;
}

/** The last user message's text, trimmed and capped at MOCK_ECHO_MAX_CHARS. */
export function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!isRecord(message) || message.role !== 'user') continue;
    let text = contentText(message.content).trim();
    if (text.length > MOCK_ECHO_MAX_CHARS) {
      text = text.slice(0, MOCK_ECHO_MAX_CHARS);
      const lastSpace = text.search(/\s\S*$/);
      if (lastSpace > 0) text = text.slice(0, lastSpace);
    }
    return text;
  }
  return '';
}

/** The text a mock answer is built from: the `text` override, else MOCK_PREFIX and the echoed message. */
export function answerText(lastUser: string, override: string | null): string {
  return override ?? `${MOCK_PREFIX} ${lastUser === '' ? '(nothing)' : lastUser}`;
}

function words(text: string): string[] {
  return text.trim().match(/\S+\s*/g) ?? [];
}

/** Splits `items` into min(n, length) consecutive groups whose sizes differ by at most one. */
function group(items: string[], n: number): string[] {
  const count = Math.min(n, items.length);
  const size = Math.floor(items.length / count);
  const extra = items.length % count;
  const groups: string[] = [];
  for (let g = 0, from = 0; g < count; g++) {
    const to = from + size + (g < extra ? 1 : 0);
    groups.push(items.slice(from, to).join(''));
    from = to;
  }
  return groups;
}

/**
 * A text answer: the words of `text`, repeated from the start until there are at least `chunks`
 * words, cut to `limit` words (finish 'length'). Completion tokens = words sent. With `json` the
 * content is `{"answer":"…"}`. Streamed in min(chunks, words) pieces.
 */
export function textAnswer(text: string, chunks: number, limit: number | null, json: boolean): MockAnswer {
  let tokens = words(text);
  if (tokens.length === 0) tokens = ['…'];
  if (tokens.length < chunks) {
    const base = tokens.map((t) => (/\s$/.test(t) ? t : `${t} `));
    tokens = Array.from({ length: chunks }, (_, i) => base[i % base.length] ?? '');
  }
  let finishReason: FinishReason = 'stop';
  if (limit !== null && limit >= 1 && tokens.length > limit) {
    tokens = tokens.slice(0, limit);
    finishReason = 'length';
  }
  tokens[tokens.length - 1] = (tokens[tokens.length - 1] ?? '').trimEnd();
  const plain = tokens.join('');
  const content = json ? JSON.stringify({ answer: plain }) : plain;
  return {
    content,
    toolCall: null,
    pieces: group(json ? words(content) : tokens, chunks),
    finishReason,
    completionTokens: tokens.length,
  };
}

function exampleValue(schema: unknown, depth: number): unknown {
  if (!isRecord(schema) || depth > 4) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return exampleValue(variants[0], depth + 1);
  const type: unknown = Array.isArray(schema.type) ? schema.type.find((t: unknown) => t !== 'null') : schema.type;
  if (type === 'string') return 'mock';
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object') return exampleObject(schema, depth + 1);
  return null;
}

/** A value for every required property of an object schema: enum → first value, string → "mock", number → 0… */
export function exampleObject(schema: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(schema) || !isRecord(schema.properties) || !Array.isArray(schema.required)) return out;
  for (const key of schema.required) {
    if (typeof key === 'string' && key in schema.properties) out[key] = exampleValue(schema.properties[key], depth);
  }
  return out;
}

/**
 * A tool-call answer for `tool`: arguments filled from its parameters' required properties
 * (`{}` when none), a stable id, finish 'tool_calls'. Completion tokens = ⌈(name + arguments) / 4⌉.
 * The arguments stream in min(chunks, length) pieces.
 */
export function toolAnswer(tool: ToolDefinition, chunks: number): MockAnswer {
  const name = tool.function.name;
  const args = JSON.stringify(exampleObject(tool.function.parameters));
  return {
    content: null,
    toolCall: { id: `call_mock_${fnv1a(name).toString(36)}`, type: 'function', function: { name, arguments: args } },
    pieces: group(Array.from(args), chunks),
    finishReason: 'tool_calls',
    completionTokens: Math.ceil((name.length + args.length) / 4),
  };
}

/**
 * The tool the mock must call: the named one for `{type:'function'}`, the first for 'required',
 * none otherwise. A string is an error message (named tool missing, 'required' without tools).
 */
export function chooseTool(tools: unknown, toolChoice: unknown): ToolDefinition | null | string {
  const list = Array.isArray(tools)
    ? tools.filter(
        (t): t is ToolDefinition => isRecord(t) && isRecord(t.function) && typeof t.function.name === 'string',
      )
    : [];
  if (toolChoice === 'required') return list[0] ?? "tool_choice 'required' needs at least one tool";
  if (isRecord(toolChoice) && isRecord(toolChoice.function) && typeof toolChoice.function.name === 'string') {
    const wanted = toolChoice.function.name;
    return (
      list.find((t) => t.function.name === wanted) ?? `tool_choice names function '${wanted}', which is not in tools`
    );
  }
  return null;
}
