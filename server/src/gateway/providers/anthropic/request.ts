import { AppError } from '../../../errors.ts';
import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolCall } from '../../canonical.ts';
import type { ProviderTarget, UpstreamRequest } from '../types.ts';
import { DEFAULT_ANTHROPIC_VERSION, DEFAULT_MAX_TOKENS, readAnthropicSettings } from './settings.ts';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicMessagesBody,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
} from './wire-types.ts';

/** Builds `POST {baseUrl}/messages` for a canonical chat request (headers from the provider settings). */
export function buildMessagesRequest(target: ProviderTarget, request: ChatRequest): UpstreamRequest {
  const settings = readAnthropicSettings(target.settings);
  const headers: Record<string, string> = {
    ...settings.headers,
    'content-type': 'application/json',
    'anthropic-version': settings.version ?? DEFAULT_ANTHROPIC_VERSION,
  };
  if (settings.beta !== undefined) {
    headers['anthropic-beta'] = Array.isArray(settings.beta) ? settings.beta.join(',') : settings.beta;
  }
  if (target.apiKey !== null) headers['x-api-key'] = target.apiKey;
  const body = toMessagesBody(request, settings.defaultMaxTokens ?? DEFAULT_MAX_TOKENS);
  return { method: 'POST', url: `${target.baseUrl}/messages`, headers, body: JSON.stringify(body) };
}

/**
 * Canonical request → Messages body. Throws AppError (400) for input Anthropic cannot express,
 * naming the offending field, so the client learns what to change.
 */
export function toMessagesBody(request: ChatRequest, defaultMaxTokens: number): AnthropicMessagesBody {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new AppError('unsupported_capability', 'Anthropic models return one choice per request: n must be 1', {
      param: 'n',
    });
  }
  const { system, messages } = toTurns(request.messages);
  const instruction = jsonInstruction(request.response_format);
  if (instruction) system.push(instruction);

  const body: AnthropicMessagesBody = {
    model: request.model,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop && stop.length > 0) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool, i): AnthropicTool => {
      if (tool.type !== 'function') {
        throw new AppError('unsupported_capability', `tool type "${String(tool.type)}" is not supported`, {
          param: `tools[${i}].type`,
        });
      }
      const out: AnthropicTool = {
        name: tool.function.name,
        input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
      };
      if (tool.function.description !== undefined) out.description = tool.function.description;
      return out;
    });
    const choice = toToolChoice(request);
    if (choice) body.tool_choice = choice;
  }
  if (typeof request.user === 'string' && request.user.length > 0) body.metadata = { user_id: request.user };
  if (request.stream === true) body.stream = true;
  return body;
}

/** tool_choice plus parallel_tool_calls → Anthropic's single tool_choice object. */
function toToolChoice(request: ChatRequest): AnthropicToolChoice | undefined {
  const choice = request.tool_choice;
  const noParallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  if (choice === 'auto') return { type: 'auto', ...noParallel };
  if (choice && typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...noParallel };
  return request.parallel_tool_calls === false ? { type: 'auto', disable_parallel_tool_use: true } : undefined;
}

/** The Messages API has no JSON mode: ask for a bare JSON object in the system prompt instead. */
function jsonInstruction(format: ResponseFormat | undefined): string | null {
  const rule =
    'Answer with a single JSON object and nothing else: no prose before or after it, no Markdown code fences.';
  if (format?.type === 'json_object') return rule;
  if (format?.type === 'json_schema') {
    const schema = format.json_schema.schema;
    if (!schema) return rule;
    return `${rule} The object must match this JSON schema (${format.json_schema.name}):\n${JSON.stringify(schema)}`;
  }
  return null;
}

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

/** Splits off system text and merges consecutive same-role turns, since Anthropic requires alternation. */
function toTurns(input: ChatMessage[]): { system: string[]; messages: AnthropicMessageParam[] } {
  const system: string[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn['role'], blocks: AnthropicContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last && last.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  };
  input.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text =
          typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('\n\n');
        if (text.length > 0) system.push(text);
        break;
      }
      case 'user':
        push('user', userBlocks(message.content, `messages[${i}].content`));
        break;
      case 'assistant':
        push('assistant', [...textBlocks(message.content ?? null), ...toolUseBlocks(message.tool_calls ?? [], i)]);
        break;
      case 'tool': {
        const blocks = textBlocks(message.content);
        const result: AnthropicContentBlock = { type: 'tool_result', tool_use_id: message.tool_call_id };
        if (blocks.length > 0) result.content = typeof message.content === 'string' ? message.content : blocks;
        push('user', [result]);
        break;
      }
      default:
        throw new AppError('invalid_request', `unknown message role "${String((message as { role: unknown }).role)}"`, {
          param: `messages[${i}].role`,
        });
    }
  });
  const messages = turns.map((turn): AnthropicMessageParam => {
    const only = turn.blocks.length === 1 ? turn.blocks[0] : undefined;
    return { role: turn.role, content: only?.type === 'text' ? only.text : turn.blocks };
  });
  return { system, messages };
}

/** Non-empty text blocks from a string or text parts (Anthropic rejects empty text blocks). */
function textBlocks(content: string | Array<{ type: string; text?: unknown }> | null): AnthropicTextBlock[] {
  if (content === null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const out: AnthropicTextBlock[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string' && part.text.length > 0)
      out.push({ type: 'text', text: part.text });
  }
  return out;
}

/** User content: text and images; other part types (audio, files) have no Anthropic equivalent here. */
function userBlocks(content: string | ContentPart[], param: string): AnthropicContentBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  const out: AnthropicContentBlock[] = [];
  content.forEach((part, j) => {
    if (part.type === 'text') out.push(...textBlocks([part]));
    else if (part.type === 'image_url') {
      const url = (part as { image_url?: { url?: unknown } }).image_url?.url;
      out.push(imageBlock(typeof url === 'string' ? url : '', `${param}[${j}].image_url.url`));
    } else {
      throw new AppError('unsupported_capability', `content part type "${part.type}" is not supported by Anthropic`, {
        param: `${param}[${j}].type`,
      });
    }
  });
  return out;
}

/** A base64 `data:` URL → inline image; an http(s) URL → url source. */
function imageBlock(url: string, param: string): AnthropicImageBlock {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = comma === -1 ? [] : url.slice(5, comma).split(';');
    const mediaType = meta[0];
    if (!mediaType || !meta.includes('base64')) {
      throw new AppError('invalid_request', 'image data URLs must look like data:<media type>;base64,<data>', {
        param,
      });
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: url.slice(comma + 1) } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new AppError('invalid_request', 'image_url.url must be an http(s) URL or a base64 data URL', { param });
}

/** Assistant tool calls → tool_use blocks; the arguments must be a JSON object. */
function toolUseBlocks(calls: ToolCall[], i: number): AnthropicContentBlock[] {
  return calls.map((call, j) => {
    const param = `messages[${i}].tool_calls[${j}].function.arguments`;
    const raw = call.function.arguments.trim();
    let input: unknown = {};
    if (raw.length > 0) {
      try {
        input = JSON.parse(raw);
      } catch (err) {
        const why = err instanceof Error ? err.message : 'parse error';
        throw new AppError('invalid_request', `${param} is not valid JSON (${why})`, { param });
      }
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new AppError('invalid_request', `${param} must be a JSON object`, { param });
    }
    return { type: 'tool_use', id: call.id, name: call.function.name, input: input as Record<string, unknown> };
  });
}
